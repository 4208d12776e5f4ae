// Use cases of the personal-information life cycle: retention assessments of an incident (rule 17) for offices with
// jurisdiction (auditors read them), and the auditors' lists of the audit trail (rules 18, 20), their division and below.
import { randomUUID } from 'node:crypto';
import { readableIncident } from '../../shared/app/incident-access.ts';
import { compensationSettings } from '../../shared/app/compensation-settings.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { inJurisdiction, type User } from '../../shared/domain/actor.ts';
import { endAssessment, inForce, recordAssessment, retainUntilOf, type RetentionAssessment } from '../../shared/domain/retention.ts';
import { NotFound, NotInJurisdiction, ValidationFailed } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { piiLifecycleRoutes, type piiLifecycleRoutes as routes } from '../../shared/http/contracts/pii-lifecycle.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { auditPage, REVEAL_ACTION, type OversightRecord } from '../../shared/store/audit-log.ts';
import { documentClient, tableName } from '../../shared/store/client.ts';
import { RetentionRepository } from '../../shared/store/retention.ts';

type R = typeof routes;

let repo: RetentionRepository | undefined;
const retention = () => (repo ??= new RetentionRepository(documentClient(), tableName()));

export function assessmentView(a: RetentionAssessment, now: Date) {
  const { calendar } = compensationSettings();
  return {
    assessmentId: a.assessmentId,
    incidentId: a.incidentId,
    basis: a.basis,
    purposes: a.purposes,
    grounds: a.grounds,
    legality: a.legality,
    necessity: a.necessity,
    security: a.security,
    retainUntil: retainUntilOf(a, calendar),
    status: a.status === 'ended' ? ('ended' as const) : inForce(a, calendar, now) ? ('in-force' as const) : ('expired' as const),
    recordedAt: a.recordedAt,
    ...(a.recordedBy ? { recordedBy: a.recordedBy } : {}),
    ...(a.ended ? { ended: a.ended } : {}),
    ...(a.case ? { case: { claimId: a.case.claimId, claimStatus: a.case.status } } : {}),
  };
}

/** The incident's assessments are its records: offices and auditors of its division or one above it read them. */
async function incidentOfRecords(actor: User, incidentId: string) {
  const incident = await readableIncident(actor, incidentId);
  if (!inJurisdiction(actor, incident.divisionCode)) throw new NotInJurisdiction(`Incident ${incidentId} is outside your division.`);
  return incident;
}

async function readableAssessment(actor: User, incidentId: string, assessmentId: string): Promise<RetentionAssessment> {
  await incidentOfRecords(actor, incidentId);
  const a = await retention().get(incidentId, assessmentId);
  if (!a) throw new NotFound(`No retention assessment ${assessmentId} of incident ${incidentId}.`);
  return a;
}

export const recordRetentionAssessment: UseCase<R['recordRetentionAssessment']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  const now = runtime.clock.now();
  const assessmentId = randomUUID();
  const change = recordAssessment(assessmentId, incident, req.body, req.actor, now);
  const uow = openUnitOfWork(req, now);
  retention().stage(uow, change, undefined);
  const result = send(201, assessmentView(change.assessment, now), change.assessment.rev);
  result.headers = { Location: linkTo(piiLifecycleRoutes.getRetentionAssessment, { incidentId: incident.incidentId, assessmentId }) };
  return commit(uow, req, result);
};

export const listRetentionAssessments: UseCase<R['listRetentionAssessments']> = async (req) => {
  const incident = await incidentOfRecords(req.actor, req.params.incidentId);
  const now = runtime.clock.now();
  const page = await retention().list(incident.incidentId, req.query.limit, req.query.cursor);
  return send(200, { items: page.items.map((a) => assessmentView(a, now)), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const getRetentionAssessment: UseCase<R['getRetentionAssessment']> = async (req) => {
  const a = await readableAssessment(req.actor, req.params.incidentId, req.params.assessmentId);
  return send(200, assessmentView(a, runtime.clock.now()), a.rev);
};

export const endRetentionAssessment: UseCase<R['endRetentionAssessment']> = async (req) => {
  const a = await readableAssessment(req.actor, req.params.incidentId, req.params.assessmentId);
  checkIfMatch(req, a.rev);
  const now = runtime.clock.now();
  const change = endAssessment(a, req.body.reason, req.actor, now);
  const uow = openUnitOfWork(req, now);
  retention().stage(uow, change, a);
  return commit(uow, req, send(200, assessmentView(change.assessment, now), change.assessment.rev));
};

// ---- Oversight (rules 18, 20) ---------------------------------------------------------------------------------------

function oversightView(a: OversightRecord) {
  return {
    auditId: a.auditId,
    at: a.at,
    division: a.division,
    recordKind: a.entity,
    recordId: a.entityId,
    action: a.action,
    from: a.from,
    to: a.to,
    ...(a.reason !== undefined ? { reason: a.reason } : {}),
    actor: { kind: a.actorKind, sub: a.actorSub, role: a.actorRole, ...(a.actorDivision !== undefined ? { division: a.actorDivision } : {}) },
    requestId: a.requestId,
    ...(a.field !== undefined ? { field: a.field } : {}),
    ...(a.collectedFor ? { collectedFor: { incidentId: a.collectedFor.incidentId, purpose: a.collectedFor.purpose } } : {}),
    ...(a.receipt ? { receipt: a.receipt } : {}),
  };
}

/** An auditor reads their own division and the divisions below it; the window runs forward in time. */
function auditScope(actor: User, q: { division?: string | undefined; from?: string | undefined; to?: string | undefined }): string {
  const division = q.division ?? actor.division;
  if (division === undefined || !inJurisdiction(actor, division)) throw new NotInJurisdiction('That division is outside your own.');
  if (q.from !== undefined && q.to !== undefined && Date.parse(q.from) > Date.parse(q.to)) {
    throw new ValidationFailed('The window ends before it starts.', [{ path: 'query.to', message: 'must not be before from' }]);
  }
  return division;
}

export const listAudit: UseCase<R['listAudit']> = async (req) => {
  const division = auditScope(req.actor, req.query);
  const q = req.query;
  const page = await auditPage(documentClient(), tableName(), { division, from: q.from, to: q.to, action: q.action, recordKind: q.recordKind, limit: q.limit, cursor: q.cursor });
  return send(200, { items: page.items.map(oversightView), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const listReveals: UseCase<R['listReveals']> = async (req) => {
  const division = auditScope(req.actor, req.query);
  const q = req.query;
  const page = await auditPage(documentClient(), tableName(), { division, from: q.from, to: q.to, action: REVEAL_ACTION, limit: q.limit, cursor: q.cursor });
  return send(200, { items: page.items.map(oversightView), ...(page.cursor ? { cursor: page.cursor } : {}) });
};
