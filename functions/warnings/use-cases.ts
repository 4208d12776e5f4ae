// Use cases of the warnings function: issue, adjust, lift (rules 1-5).
import { randomUUID } from 'node:crypto';
import type { routes } from '../../infra/routes.ts';
import { governmentOf, readableIncident } from '../../shared/app/incident-access.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { canReadDivision } from '../../shared/domain/principal.ts';
import { adjustWarning, issueWarning, liftWarning, type Warning } from '../../shared/domain/warning.ts';
import { NotFound } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import { tableConfig } from '../../shared/config.ts';
import { documentClient } from '../../shared/store/client.ts';

type R = typeof routes;
const table = () => tableConfig().TABLE_NAME;

export function warningView(w: Warning) {
  const { rev: _rev, issuer, ...rest } = w;
  return { ...rest, issuer: { division: issuer.division, level: issuer.level } };
}

export const issueWarningUseCase: UseCase<R['issueWarning']> = async (req) => {
  const incident = await readableIncident(req.principal, req.params.incidentId);
  const now = runtime.clock.now();
  const change = issueWarning(randomUUID(), incident, req.body, governmentOf(req.principal), now);
  const uow = openUnitOfWork(table(), req, now);
  repositories().warnings.stage(uow, change, undefined, incident);
  const result = send(201, warningView(change.warning), change.warning.rev);
  result.headers = { Location: `/v1/public/warnings/${change.warning.warningId}.cap` };
  return commit(documentClient(), uow, req, result, now);
};

export const transitionWarning: UseCase<R['transitionWarning']> = async (req) => {
  const { warnings } = repositories();
  const warning = await warnings.get(req.params.warningId);
  if (!warning || !canReadDivision(req.principal, warning.issuer.division)) throw new NotFound(`No warning ${req.params.warningId}.`);
  checkIfMatch(req, warning.rev);
  const incident = await readableIncident(req.principal, warning.incidentId);
  const gov = governmentOf(req.principal);
  const now = runtime.clock.now();
  const b = req.body;
  const change =
    b.action === 'lift'
      ? liftWarning(warning, gov, now, b.reason)
      : adjustWarning(
          warning,
          {
            reason: b.reason,
            ...(b.level ? { level: b.level } : {}),
            ...(b.area ? { area: b.area } : {}),
            ...(b.hazards ? { hazards: b.hazards } : {}),
            ...(b.measures ? { measures: b.measures } : {}),
          },
          gov,
          incident.divisionCode,
          now,
        );
  const uow = openUnitOfWork(table(), req, now);
  warnings.stage(uow, change, warning, incident);
  return commit(documentClient(), uow, req, send(200, warningView(change.warning), change.warning.rev), now);
};
