// Use cases of the warnings function: issue, adjust, lift (rules 1-5). Each is reported one level up and notified to the
// neighbouring governments the issuer names (Art 64), as notices in the same transaction.
import { randomUUID } from 'node:crypto';
import { publicRoutes } from '../../shared/http/contracts/public.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import type { warningRoutes as routes } from '../../shared/http/contracts/warnings.ts';
import { readableIncident } from '../../shared/app/incident-access.ts';
import { asGovernment } from '../../shared/domain/actor.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { canReadDivision } from '../../shared/domain/actor.ts';
import { adjustWarning, issueWarning, liftWarning, type Warning, type WarningChange } from '../../shared/domain/warning.ts';
import { noticeRepository, reportingDeadlines } from '../../shared/app/linkage.ts';
import { warningNotices, warningSubject } from '../../shared/domain/notice.ts';
import type { Government } from '../../shared/domain/actor.ts';
import type { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { NotFound } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';

type R = typeof routes;

const NOTICE_KIND = { 'warning.issued': 'warning-issued', 'warning.adjusted': 'warning-adjusted', 'warning.lifted': 'warning-lifted' } as const;

/** Art 64: reported one level up and notified to the neighbours the warning names, with the change itself. */
function stageNotices(uow: UnitOfWork, change: WarningChange, gov: Government, now: Date): void {
  const kind = NOTICE_KIND[change.event.type];
  const notices = warningNotices(randomUUID, kind, gov, change.warning.notify ?? [], warningSubject(change.warning, kind), now, reportingDeadlines());
  for (const n of notices) noticeRepository().stageNew(uow, n);
}

export function warningView(w: Warning) {
  const { rev: _rev, issuer, ...rest } = w;
  return { ...rest, issuer: { division: issuer.division, level: issuer.level } };
}

export const issueWarningUseCase: UseCase<R['issueWarning']> = async (req) => {
  const incident = await readableIncident(req.actor, req.params.incidentId);
  const now = runtime.clock.now();
  const gov = asGovernment(req.actor);
  const change = issueWarning(randomUUID(), incident, req.body, gov, now);
  const uow = openUnitOfWork(req, now);
  repositories().warnings.stage(uow, change, undefined, incident);
  stageNotices(uow, change, gov, now);
  const result = send(201, warningView(change.warning), change.warning.rev);
  // Offices read a warning through its incident; its own document is the public CAP message.
  result.headers = { Location: linkTo(publicRoutes.publicWarningCap, { warningFile: `${change.warning.warningId}.cap` }) };
  return commit(uow, req, result);
};

export const transitionWarning: UseCase<R['transitionWarning']> = async (req) => {
  const { warnings } = repositories();
  const warning = await warnings.get(req.params.warningId);
  if (!warning || !canReadDivision(req.actor, warning.issuer.division)) throw new NotFound(`No warning ${req.params.warningId}.`);
  checkIfMatch(req, warning.rev);
  const incident = await readableIncident(req.actor, warning.incidentId);
  const gov = asGovernment(req.actor);
  const now = runtime.clock.now();
  const b = req.body;
  const change =
    b.action === 'lift'
      ? liftWarning(warning, gov, now, b.reason, b.notify)
      : adjustWarning(
          warning,
          {
            reason: b.reason,
            ...(b.level ? { level: b.level } : {}),
            ...(b.area ? { area: b.area } : {}),
            ...(b.hazards ? { hazards: b.hazards } : {}),
            ...(b.measures ? { measures: b.measures } : {}),
            ...(b.notify ? { notify: b.notify } : {}),
          },
          gov,
          incident.divisionCode,
          now,
        );
  const uow = openUnitOfWork(req, now);
  warnings.stage(uow, change, warning, incident);
  stageNotices(uow, change, gov, now);
  return commit(uow, req, send(200, warningView(change.warning), change.warning.rev));
};
