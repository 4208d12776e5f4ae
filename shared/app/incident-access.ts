// Who may read an incident, and how much of it, shared by the incidents, warnings and response functions.
//
// The read-up policy. An office (or auditor) reads the incidents of its own division and of every division below it
// in full: the report, its severity with who overrode it, the response, the timeline of every change with who made it
// and the request it came in, and the congress filings. Incidents of a superior division are read as a summary: what
// happened, where, how bad (figures, severity level and the threshold behind it), the response running (level, plan,
// matters, measures, which government leads it) and the warnings; never an official's user id, a request id, the
// override's reasoning, the timeline or the filings. A township office in a flood must know what its county declared
// and ordered, so that it carries it out (Art 17-19); who at the county typed it is the county's and its superiors'
// business. Sideways (a neighbouring county) nothing: 404, as for an incident that does not exist.
import type { Incident } from '../domain/incident.ts';
import { canReadDivision, type Actor } from '../domain/actor.ts';
import { within } from '../domain/division.ts';
import { NotFound, NotInJurisdiction } from '../errors.ts';
import { withMessage } from '../http/messages.ts';
import { repositories } from './runtime.ts';

export type IncidentReadScope = 'full' | 'summary';

/** Full when the incident lies in the reader's division (its own or one below it), and for jobs; a summary when it lies above. */
export function incidentReadScope(actor: Actor, incident: Pick<Incident, 'divisionCode'>): IncidentReadScope {
  if (actor.kind === 'job') return 'full';
  return actor.kind === 'user' && actor.division !== undefined && within(incident.divisionCode, actor.division) ? 'full' : 'summary';
}

/** Incidents are read down and up the hierarchy; one outside both is reported as absent. */
export async function readableIncident(actor: Actor, incidentId: string): Promise<Incident> {
  const incident = await repositories().incidents.get(incidentId);
  if (!incident || !canReadDivision(actor, incident.divisionCode)) throw new NotFound(`No incident ${incidentId}.`);
  return incident;
}

/** An incident whose records (timeline, filings) the actor may read: its own division's or one below. */
export async function incidentWithRecords(actor: Actor, incidentId: string): Promise<Incident> {
  const incident = await readableIncident(actor, incidentId);
  if (incidentReadScope(actor, incident) !== 'full') throw withMessage((d) => new NotInJurisdiction(d), 'detail-superior-records');
  return incident;
}
