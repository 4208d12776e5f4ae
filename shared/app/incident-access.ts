// Who may act on an incident, shared by the incidents, warnings and response functions.
import type { Government, Incident } from '../domain/incident.ts';
import { canReadDivision, type Principal } from '../domain/principal.ts';
import { NotFound } from '../errors.ts';
import { repositories } from './runtime.ts';

/** An office's government: its division and level come from verified claims (checked present by principalFrom). */
export function governmentOf(p: Principal): Government {
  return { sub: p.sub, division: p.division!, level: p.level! };
}

/** Incidents are read down and up the hierarchy; one outside both is reported as absent. */
export async function readableIncident(p: Principal, incidentId: string): Promise<Incident> {
  const incident = await repositories().incidents.get(incidentId);
  if (!incident || !canReadDivision(p, incident.divisionCode)) throw new NotFound(`No incident ${incidentId}.`);
  return incident;
}
