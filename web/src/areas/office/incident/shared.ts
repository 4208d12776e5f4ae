// What the sections of the incident page share: the incident as read (with its ETag) and a way to read it again.
import type { Incident } from '../../../api/types.ts';

export interface IncidentCtx {
  incident: Incident;
  etag: string | undefined;
  /** Read the incident and every section again after a change. */
  changed(message?: string): void;
}

export const incidentPath = (id: string, rest = '') => `/v1/incidents/${encodeURIComponent(id)}${rest}`;
