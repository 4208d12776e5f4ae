// What callers see of an incident: in full for its own division and those above it (the reported facts, severity with
// its basis, the response and the warnings), as a summary for the divisions below (shared/app/incident-access.ts).
import type { Incident } from '../../shared/domain/incident.ts';
import type { IncidentReadScope } from '../../shared/app/incident-access.ts';
import type { WarningLink } from '../../shared/store/incidents.ts';
import type { Notice } from '../../shared/domain/notice.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { noticeView } from '../linkage/views.ts';
import { investigationView, recoveryTaskView } from '../recovery/views.ts';

/**
 * The incident in full. `notices`: the latest notices reported upward about it, with their due times and receipts;
 * `now` decides what is overdue (the process's clock unless given).
 */
export function incidentView(i: Incident, warnings: WarningLink[] | undefined, o: { notices?: Notice[]; now?: Date } = {}) {
  const { rev: _rev, reportedBy: _by, investigation, recoveryTasks, ...rest } = i;
  const now = o.now ?? runtime.clock.now();
  const severity = i.severity.override ? { ...i.severity, override: { level: i.severity.override.level, reason: i.severity.override.reason, at: i.severity.override.at } } : i.severity;
  return {
    ...rest,
    severity,
    ...(investigation ? { investigation: investigationView(investigation, now) } : {}),
    ...(recoveryTasks ? { recoveryTasks: recoveryTasks.map((t) => recoveryTaskView(t, now)) } : {}),
    ...(warnings ? { warnings } : {}),
    ...(o.notices ? { notices: o.notices.map((n) => noticeView(n, now)) } : {}),
    view: 'full' as const,
  };
}

/**
 * What a subordinate division reads of a superior's incident: an allow-list, so that a field added to the incident
 * later stays out until someone decides it belongs here. No official's id, no request id, no override reasoning.
 */
export function incidentSummary(i: Incident, warnings: WarningLink[] | undefined) {
  const r = i.response;
  return {
    incidentId: i.incidentId,
    category: i.category,
    type: i.type,
    title: i.title,
    divisionCode: i.divisionCode,
    occurredAt: i.occurredAt,
    location: i.location,
    figures: i.figures,
    description: i.description,
    severity: {
      level: i.severity.level,
      derivedLevel: i.severity.derivedLevel,
      basis: i.severity.basis,
      ...(i.severity.override ? { override: { level: i.severity.override.level, at: i.severity.override.at } } : {}),
    },
    status: i.status,
    ...(i.exercise ? { exercise: true as const } : {}),
    ...(r
      ? {
          response: {
            status: r.status,
            level: r.level,
            planId: r.planId,
            planVersion: r.planVersion,
            matters: r.matters,
            expectedDuration: r.expectedDuration,
            measures: r.measures,
            basis: r.basis,
            ...(r.basisLevel ? { basisLevel: r.basisLevel } : {}),
            activatedBy: { division: r.activatedBy.division, level: r.activatedBy.level },
            activatedAt: r.activatedAt,
            responsible: { division: r.responsible.division, level: r.responsible.level },
            ...(r.terminatedAt ? { terminatedAt: r.terminatedAt } : {}),
          },
        }
      : {}),
    ...(warnings ? { warnings: warnings.map((w) => ({ warningId: w.warningId, level: w.level, colour: w.colour, status: w.status, issuedAt: w.issuedAt })) } : {}),
    reportedAt: i.reportedAt,
    updatedAt: i.updatedAt,
    view: 'summary' as const,
  };
}

/** The view a reader gets, by the read-up policy. */
export function incidentViewFor(scope: IncidentReadScope, i: Incident, warnings: WarningLink[] | undefined, notices?: Notice[]) {
  return scope === 'full' ? incidentView(i, warnings, notices ? { notices } : {}) : incidentSummary(i, warnings);
}
