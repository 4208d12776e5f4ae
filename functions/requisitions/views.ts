// The requisition as its response schema describes it: personal fields masked (or `destroyed` once their key is gone,
// rule 17), offices by division and level only, and the deadlines of rules 8 and 12 with whether they have passed.
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { CLAIM_DOCUMENTS, isPaperworkOverdue, isReturnOverdue } from '../../shared/domain/requisition.ts';
import { REQUISITION_PAPERWORK_BASIS, REQUISITION_RETURN_BASIS } from '../../shared/domain/remedies.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import type { StoredRequisition } from '../../shared/store/requisitions.ts';

const opt = <K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } => (value === undefined ? {} : ({ [key]: value } as { [P in K]: V }));

/** The owner and the officer's contact as views show them: masks, never a clear value. */
export async function maskedParties(r: StoredRequisition) {
  const vault = piiVault();
  const o = r.owner;
  const owner = {
    kind: o.kind,
    name: await vault.view(o.name),
    ...(o.kind === 'individual' ? { idNumber: await vault.view(o.idNumber) } : { creditCode: await vault.view(o.creditCode) }),
    phone: await vault.view(o.phone),
    address: await vault.view(o.address),
  };
  return { owner, officerContact: await vault.view(r.officerContact) };
}

export async function requisitionView(r: StoredRequisition, now: Date) {
  const { owner, officerContact } = await maskedParties(r);
  const ret = r.returned;
  const c = r.compensationCase;
  return {
    requisitionId: r.requisitionId,
    incidentId: r.incidentId,
    divisionCode: r.division,
    category: r.category,
    responseLevel: r.responseLevel,
    requisitionedBy: { division: r.requisitionedBy.division, level: r.requisitionedBy.level },
    mode: r.mode,
    status: r.status,
    ...opt('voucherNumber', r.voucherNumber),
    ...opt('voucherIssuedAt', r.voucherIssuedAt),
    legalBasis: r.legalBasis,
    reason: r.reason,
    owner,
    items: r.items.map((i) => ({
      name: i.name,
      category: i.category,
      quantity: i.quantity,
      unit: i.unit,
      ...opt('model', i.model),
      conditionBefore: i.conditionBefore,
      valueFen: i.valueFen,
    })),
    requisitioningUnit: r.requisitioningUnit,
    executingOfficer: { name: r.executingOfficer.name, contact: officerContact },
    takenAt: r.takenAt,
    ...opt(
      'paperwork',
      r.paperworkDueAt === undefined
        ? undefined
        : { dueAt: r.paperworkDueAt, done: r.status !== 'taken', overdue: isPaperworkOverdue(r, now), ...opt('flaggedAt', r.paperworkOverdueAt), basis: REQUISITION_PAPERWORK_BASIS },
    ),
    ...opt('handover', r.handover && { at: r.handover.at, copies: r.handover.copies, conditions: r.handover.conditions }),
    ...opt(
      'returned',
      ret && {
        outcome: ret.outcome,
        conditionAfter: ret.conditionAfter,
        ...opt('certificate', ret.certificate && { number: ret.certificate.number, description: ret.certificate.description, assessedLossFen: ret.certificate.assessedLossFen }),
        at: ret.at,
        late: r.returnDueDate !== undefined && cstDate(new Date(ret.at)) > r.returnDueDate,
      },
    ),
    ...opt(
      'returnDeadline',
      r.returnDueDate === undefined
        ? undefined
        : { dueDate: r.returnDueDate, passed: isReturnOverdue(r, now), ...opt('flaggedAt', r.returnOverdueAt), basis: REQUISITION_RETURN_BASIS },
    ),
    ...opt(
      'compensationCase',
      c && {
        openedAt: c.openedAt,
        heads: c.heads,
        ...opt('assessedLossFen', c.assessedLossFen),
        documentsGivenAt: c.documentsGivenAt,
        documents: CLAIM_DOCUMENTS.map((d) => ({ kind: d.kind, 'zh-CN': d['zh-CN'], en: d.en, ...opt('when', d.when && { 'zh-CN': d.when['zh-CN'], en: d.when.en }) })),
      },
    ),
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}
