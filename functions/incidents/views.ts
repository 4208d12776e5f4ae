// What callers see of an incident: the reported facts, severity with its basis, the response and the warnings.
import type { Incident } from '../../shared/domain/incident.ts';
import type { WarningLink } from '../../shared/store/incidents.ts';

export function incidentView(i: Incident, warnings: WarningLink[] | undefined) {
  const { rev: _rev, reportedBy: _by, ...rest } = i;
  const severity = i.severity.override ? { ...i.severity, override: { level: i.severity.override.level, reason: i.severity.override.reason, at: i.severity.override.at } } : i.severity;
  return { ...rest, severity, ...(warnings ? { warnings } : {}) };
}
