// Who may read an incident, shared by the incidents, warnings and response functions.
import type { Incident } from '../domain/incident.ts';
import { canReadDivision, type Actor } from '../domain/actor.ts';
import { NotFound } from '../errors.ts';
import { repositories } from './runtime.ts';

/** Incidents are read down and up the hierarchy; one outside both is reported as absent. */
export async function readableIncident(actor: Actor, incidentId: string): Promise<Incident> {
  const incident = await repositories().incidents.get(incidentId);
  if (!incident || !canReadDivision(actor, incident.divisionCode)) throw new NotFound(`No incident ${incidentId}.`);
  return incident;
}
