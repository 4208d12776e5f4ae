// What offices see of an incident's recovery: the investigation with `overdue` computed on the clock, and the tasks.
import type { Incident, Investigation, RecoveryTask } from '../../shared/domain/incident.ts';
import { investigationOverdue, taskOverdue } from '../../shared/domain/recovery.ts';

export function investigationView(inv: Investigation, now: Date) {
  return { ...inv, overdue: investigationOverdue(inv, now) };
}

export function recoveryTaskView(t: RecoveryTask, now: Date) {
  return { ...t, overdue: taskOverdue(t, now) };
}

/** The answer of every recovery route. */
export function recoveryView(i: Incident, now: Date) {
  return {
    incidentId: i.incidentId,
    status: i.status,
    ...(i.exercise ? { exercise: true as const } : {}),
    ...(i.investigation ? { investigation: investigationView(i.investigation, now) } : {}),
    recoveryTasks: (i.recoveryTasks ?? []).map((t) => recoveryTaskView(t, now)),
  };
}
