// Views of claims, reconsiderations and audit trails, exactly as their response schemas describe them: the bank account
// masked (or `destroyed`, rule 17), offices by division and level (no user id), every computed due date with whether it
// has passed (rule 15). Shared by the claims function and every other that answers with a claim.
import { dueDatesOf, type ClaimDecision } from '../domain/claim.ts';
import { dueDatesOfReconsideration, type Reconsideration } from '../domain/reconsideration.ts';
import type { DueDate } from '../domain/remedies.ts';
import { piiVault } from '../pii/vault.ts';
import type { AuditRecord } from '../store/audit-trail.ts';
import type { StoredClaim } from '../store/claims.ts';
import { compensationSettings } from './compensation-settings.ts';

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]: V }));

const dueDates = (list: DueDate[]) => list.map((d) => ({ kind: d.kind, from: d.from, due: d.due, passed: d.passed, article: d.article, done: d.done }));

function decisionView(d: ClaimDecision) {
  return {
    seq: d.seq,
    outcome: d.outcome,
    claimedFen: d.claimedFen,
    approvedFen: d.approvedFen,
    reasons: d.reasons,
    decidedBy: { division: d.decidedBy.division, level: d.decidedBy.level },
    decidedAt: d.decidedAt,
    remedies: d.remedies,
  };
}

export async function claimView(c: StoredClaim, now: Date) {
  const vault = piiVault();
  const r = c.reconsideration;
  return {
    claimId: c.claimId,
    source: c.source.kind === 'requisition' ? { kind: 'requisition' as const, requisitionId: c.source.requisitionId } : { kind: 'deployment' as const, deploymentId: c.source.deploymentId },
    incidentId: c.incidentId,
    divisionCode: c.division,
    category: c.category,
    claimant: c.claimant.kind === 'owner' ? { kind: 'owner' as const, ownerKind: c.claimant.ownerKind } : { kind: 'organisation' as const },
    items: c.items.map((i) => ({ kind: i.kind, amountFen: i.amountFen, description: i.description })),
    claimedFen: c.claimedFen,
    documents: c.documents.map((d) => ({ kind: d.kind, reference: d.reference })),
    bankAccount: { bank: c.bankAccount.bank, accountName: await vault.view(c.bankAccount.accountName), accountNumber: await vault.view(c.bankAccount.accountNumber) },
    status: c.status,
    submittedAt: c.submittedAt,
    lastSubmittedAt: c.lastSubmittedAt,
    submissions: c.submissions,
    corrections: c.corrections.map((x) => ({ at: x.at, items: x.items.map((i) => ({ item: i.item, reason: i.reason })) })),
    ...opt('acceptedAt', c.acceptedAt),
    ...opt('extension', c.extension && { at: c.extension.at, reason: c.extension.reason }),
    ...opt('decision', c.decision && decisionView(c.decision)),
    earlierDecisions: c.earlierDecisions.map(decisionView),
    ...opt('approvedFen', c.approvedFen),
    ...opt('noticeServedAt', c.noticeServedAt),
    payments: c.payments.map((p) => ({ amountFen: p.amountFen, reference: p.reference, at: p.at })),
    paidFen: c.paidFen,
    ...opt('owedFen', c.approvedFen === undefined ? undefined : c.approvedFen - c.paidFen),
    ...opt(
      'reconsideration',
      r && { reconsiderationId: r.reconsiderationId, decisionSeq: r.decisionSeq, appliedAt: r.appliedAt, status: r.status, ...opt('outcome', r.outcome), ...opt('decidedAt', r.decidedAt) },
    ),
    ...opt('closedAt', c.closedAt),
    deadlines: dueDates(dueDatesOf(c, now, compensationSettings().calendar)),
    updatedAt: c.updatedAt,
  };
}

export function reconsiderationView(r: Reconsideration, now: Date) {
  const d = r.decision;
  return {
    reconsiderationId: r.reconsiderationId,
    claimId: r.claimId,
    decisionSeq: r.decisionSeq,
    incidentId: r.incidentId,
    divisionCode: r.division,
    category: r.category,
    organ: { division: r.organ.division, level: r.organ.level },
    respondent: { division: r.respondent.division, level: r.respondent.level },
    grounds: r.grounds,
    request: r.request,
    disputedFen: r.disputedFen,
    windowDue: r.windowDue,
    status: r.status,
    procedure: r.procedure,
    submittedAt: r.submittedAt,
    lastSubmittedAt: r.lastSubmittedAt,
    ...opt('reviewedAt', r.reviewedAt),
    corrections: r.corrections.map((x) => ({ at: x.at, items: x.items.map((i) => ({ item: i.item, reason: i.reason })), ...opt('resubmittedAt', x.resubmittedAt) })),
    ...opt('acceptedAt', r.acceptedAt),
    ...opt('extension', r.extension && { at: r.extension.at, reason: r.extension.reason }),
    ...opt(
      'decision',
      d && { outcome: d.outcome, reasons: d.reasons, ...opt('variedFen', d.variedFen), decidedBy: { division: d.decidedBy.division, level: d.decidedBy.level }, decidedAt: d.decidedAt },
    ),
    deadlines: dueDates(dueDatesOfReconsideration(r, now, compensationSettings().calendar)),
    updatedAt: r.updatedAt,
  };
}

/** One audit entry as auditors read it: who (in the system's own terms), when, what, and for reveals which field and why. */
export function auditEntryView(a: AuditRecord) {
  return {
    at: a.at,
    action: a.action,
    from: a.from,
    to: a.to,
    ...opt('reason', a.reason),
    actor: { kind: a.actorKind, sub: a.actorSub, role: a.actorRole, ...opt('division', a.actorDivision) },
    requestId: a.requestId,
    ...opt('field', a.field),
    ...opt('collectedFor', a.collectedFor && { incidentId: a.collectedFor.incidentId, purpose: a.collectedFor.purpose }),
  };
}
