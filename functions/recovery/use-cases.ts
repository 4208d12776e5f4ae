// Use cases of the recovery function (Art 86-94): investigation findings, submitting the report one level up (a notice
// in the superior's inbox, in the same transaction), and recovery tasks. Each answers the incident's recovery view.
import { randomUUID } from 'node:crypto';
import { readableIncident } from '../../shared/app/incident-access.ts';
import { noticeRepository, reportingDeadlines } from '../../shared/app/linkage.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { asGovernment } from '../../shared/domain/actor.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import { reportUpward, type NoticeSubject } from '../../shared/domain/notice.ts';
import { addRecoveryTask, completeRecoveryTask, recordFindings, submitInvestigation } from '../../shared/domain/recovery.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import type { recoveryRoutes as routes } from '../../shared/http/contracts/recovery.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { recoveryView } from './views.ts';

type R = typeof routes;

/** The incident read for a write: readable (else 404) and, when If-Match was sent, unchanged since. */
async function incidentFor(req: { actor: Parameters<typeof readableIncident>[0]; params: { incidentId: string }; ifMatch?: number }): Promise<Incident> {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  checkIfMatch(req, incident.rev);
  return incident;
}

/** What the investigation report tells the government above: the incident, its losses and the number of recommendations. */
function investigationSubject(i: Incident): NoticeSubject {
  const f = i.investigation?.findings;
  return {
    incidentId: i.incidentId,
    category: i.category,
    exercise: i.exercise === true,
    title: i.title,
    level: i.response?.level ?? i.severity.level,
    summary: `Investigation and assessment report of ${i.category} (${i.type}): direct loss ${f?.losses.directLossFen ?? 0} fen; ${f?.recommendations.length ?? 0} recommendations`,
  };
}

export const recordInvestigation: UseCase<R['recordInvestigation']> = async (req) => {
  const incident = await incidentFor(req);
  const now = runtime.clock.now();
  const change = recordFindings(incident, req.body, asGovernment(req.actor), now);
  const uow = openUnitOfWork(req, now);
  repositories().incidents.stage(uow, change, incident);
  return commit(uow, req, send(200, recoveryView(change.incident, now), change.incident.rev));
};

/** Submitting files the report with the government one level up: a notice in its inbox, due like any report (Art 61). */
export const transitionInvestigation: UseCase<R['transitionInvestigation']> = async (req) => {
  const incident = await incidentFor(req);
  const gov = asGovernment(req.actor);
  const now = runtime.clock.now();
  const notice = reportUpward(randomUUID(), 'investigation-report', gov, investigationSubject(incident), now, reportingDeadlines());
  const change = submitInvestigation(incident, gov, now, notice?.noticeId);
  const uow = openUnitOfWork(req, now);
  repositories().incidents.stage(uow, change, incident);
  if (notice) noticeRepository().stageNew(uow, notice);
  return commit(uow, req, send(200, recoveryView(change.incident, now), change.incident.rev));
};

export const createRecoveryTask: UseCase<R['createRecoveryTask']> = async (req) => {
  const incident = await incidentFor(req);
  const now = runtime.clock.now();
  const { kind, ownerDepartment, dueDate, description } = req.body;
  const change = addRecoveryTask(incident, randomUUID(), { kind, ownerDepartment, dueDate, ...(description ? { description } : {}) }, asGovernment(req.actor), now);
  const uow = openUnitOfWork(req, now);
  repositories().incidents.stage(uow, change, incident);
  return commit(uow, req, send(201, recoveryView(change.incident, now), change.incident.rev));
};

export const completeTask: UseCase<R['completeRecoveryTask']> = async (req) => {
  const incident = await incidentFor(req);
  const now = runtime.clock.now();
  const change = completeRecoveryTask(incident, req.params.taskId, req.body.outcome, asGovernment(req.actor), now);
  const uow = openUnitOfWork(req, now);
  repositories().incidents.stage(uow, change, incident);
  return commit(uow, req, send(200, recoveryView(change.incident, now), change.incident.rev));
};
