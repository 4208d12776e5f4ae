// Repository of retention assessments (rule 17), kept under their incident (INC#<id> RETAIN#<assessmentId>): the ones
// offices record and end, and the statutory ones the claims repository rewrites in every transaction of a claim, so
// that what an open compensation case needs is covered from the moment the claim exists, visible like any other.
import type { Claim } from '../domain/claim.ts';
import type { CompensationCase, RetentionAssessment, RetentionChange } from '../domain/retention.ts';
import type { Purpose } from '../pii/purposes.ts';
import { keys } from './keys.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export const statutoryAssessmentId = (claimId: string) => `compensation-duty-${claimId}`;

/** What a statutory assessment says of itself (the law speaks, not an office). */
const STATUTORY_TEXT = {
  legality: '突发事件应对法 Art 12 and 85; 行政复议法 Art 20-21; 行政诉讼法 Art 45-46: the compensation owed and its remedies need the data until they are exhausted.',
  necessity: 'Only the records of this compensation case: the claim and the requisition it claims on.',
  security: 'Sealed per field under the incident and purpose data key; revealed only to offices with jurisdiction, every reveal logged (rule 18).',
};

export class RetentionRepository extends Repository {
  get(incidentId: string, assessmentId: string): Promise<RetentionAssessment | undefined> {
    return this.item<RetentionAssessment>(keys.retentionAssessment(incidentId, assessmentId));
  }

  /** An incident's assessments, recorded and statutory, in id order. */
  list(incidentId: string, limit: number, cursor: string | undefined): Promise<Page<RetentionAssessment>> {
    const at = keys.retentionAssessmentsOf(incidentId);
    return queryPage(this.db, this.table, { pk: at.PK, sk: { op: 'begins_with', value: at.SKPrefix }, limit, cursor, consistent: true }, strip<RetentionAssessment>);
  }

  /** Every assessment of an incident (the destruction job's view). */
  async all(incidentId: string): Promise<RetentionAssessment[]> {
    const out: RetentionAssessment[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.list(incidentId, 100, cursor);
      out.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return out;
  }

  /** A recorded assessment, new or ended (conditioned on the rev and status read), with its audit entry in the incident's trail. */
  stage(uow: UnitOfWork, c: RetentionChange, previous: RetentionAssessment | undefined): void {
    const a = c.assessment;
    uow.put('retention-assessment', { ...keys.retentionAssessment(a.incidentId, a.assessmentId), kind: 'retention-assessment', ...a }, unchangedSince(previous));
    uow.audit({ entity: 'retention-assessment', entityId: a.assessmentId, entityPK: keys.incident(a.incidentId).PK, division: a.division, ...c.change });
  }
}

/** The claim's facts a statutory assessment counts its cover from, and the records it keeps. */
export function compensationCaseOf(c: Claim<unknown>): CompensationCase {
  const records: CompensationCase['records'] = [{ purpose: 'compensation' satisfies Purpose, record: keys.claim(c.claimId) }];
  if (c.source.kind === 'requisition') records.push({ purpose: 'requisition', record: keys.requisition(c.source.requisitionId) });
  return {
    claimId: c.claimId,
    status: c.status,
    ...(c.closedAt !== undefined ? { closedAt: c.closedAt } : {}),
    ...(c.decision ? { decidedAt: c.decision.decidedAt } : {}),
    ...(c.noticeServedAt !== undefined ? { noticeServedAt: c.noticeServedAt } : {}),
    realProperty: c.realProperty,
    ...(c.reconsideration
      ? { reconsideration: { status: c.reconsideration.status, appliedAt: c.reconsideration.appliedAt, ...(c.reconsideration.decidedAt !== undefined ? { decidedAt: c.reconsideration.decidedAt } : {}) } }
      : {}),
    records,
  };
}

/**
 * Rule 17: the statutory assessment of a claim, rewritten in every transaction that writes the claim (the claim's own
 * write is the conditioned one): from submission until the case is closed and its remedy windows have passed, it keeps
 * the claim's data and that of the requisition claimed on.
 */
export function stageStatutoryRetention(uow: UnitOfWork, c: Claim<unknown>): void {
  const cs = compensationCaseOf(c);
  const a: RetentionAssessment = {
    assessmentId: statutoryAssessmentId(c.claimId),
    incidentId: c.incidentId,
    division: c.division,
    basis: 'statutory',
    purposes: [...new Set(cs.records.map((r) => r.purpose))],
    grounds: ['compensation-duty'],
    ...STATUTORY_TEXT,
    retainUntil: null,
    status: 'in-force',
    recordedAt: c.submittedAt,
    case: cs,
    updatedAt: uow.ctx.at,
    rev: c.rev,
  };
  uow.put('statutory-retention', { ...keys.retentionAssessment(a.incidentId, a.assessmentId), kind: 'retention-assessment', ...a });
}
