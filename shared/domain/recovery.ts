// Recovery and investigation after a response (Art 86-94): the investigation-and-assessment report, filed one level up
// by the government that led the response, and the recovery tasks; the incident is `assessed` once the report is filed
// and `archived` once every task is done too. Operations on the incident aggregate (shared/domain/incident.ts). Pure.
import { InvalidTransition, NotFound, NotInJurisdiction, RuleViolation } from '../errors.ts';
import type { Government } from './actor.ts';
import { cstDate } from './calendar/working-days.ts';
import { within } from './division.ts';
import { isCalendarDate } from './organization.ts';
import type { Incident, IncidentChange, Investigation, InvestigationFindings, RecoveryTask, RecoveryTaskKind } from './incident.ts';

/** Enough for every Art 87-94 task several times over; a transaction and a view stay bounded. */
export const MAX_RECOVERY_TASKS = 50;

function openInvestigation(i: Incident): Investigation {
  if (!i.investigation) throw new InvalidTransition('No investigation is open: it opens when the response is terminated (rule 8).');
  if (i.investigation.status !== 'open') throw new InvalidTransition('The investigation report was filed already.');
  return i.investigation;
}

/** Art 86: the government that led the response (the activating one, or the superior that took it over) investigates. */
function checkLeading(i: Incident, gov: Government): void {
  const leading = i.response?.responsible.division;
  if (gov.division !== leading) throw new NotInJurisdiction(`Only the government that led the response (${leading ?? 'none'}) investigates and reports on it.`);
}

/** Recovery is the work of the governments where the incident happened and of the one that led the response. */
function checkRecoveryAuthority(i: Incident, gov: Government): void {
  if (!within(i.divisionCode, gov.division) && gov.division !== i.response?.responsible.division) {
    throw new NotInJurisdiction(`Incident ${i.incidentId} is outside division ${gov.division}.`);
  }
}

/** Every task done, and at least one recorded: an incident is not archived with no recovery work on record. */
const allDone = (tasks: readonly RecoveryTask[] | undefined) => (tasks?.length ?? 0) > 0 && tasks!.every((t) => t.status === 'done');

/** Art 87-94: the findings of the investigation, recorded (and replaced) until the report is submitted. */
export function recordFindings(i: Incident, findings: InvestigationFindings, gov: Government, now: Date): IncidentChange {
  const inv = openInvestigation(i);
  checkLeading(i, gov);
  const at = now.toISOString();
  return {
    incident: { ...i, investigation: { ...inv, findings, findingsRecordedAt: at }, updatedAt: at, rev: i.rev + 1 },
    change: { action: 'record-investigation-findings', from: inv.findings ? 'findings recorded' : 'no findings', to: 'findings recorded' },
  };
}

/**
 * Files the report one level up: the investigation is submitted and the incident `assessed`, or straight `archived`
 * when every recovery task is done already. `noticeId` is the notice that carries it to the superior's inbox.
 */
export function submitInvestigation(i: Incident, gov: Government, now: Date, noticeId: string | undefined): IncidentChange {
  const inv = openInvestigation(i);
  checkLeading(i, gov);
  if (!inv.findings) {
    throw new RuleViolation('investigation-findings-missing', 'Record the findings (causes, losses, lessons, recommendations, responsibility) before submitting the report.');
  }
  const at = now.toISOString();
  const status = allDone(i.recoveryTasks) ? 'archived' : 'assessed';
  const investigation: Investigation = { ...inv, status: 'submitted', submittedAt: at, submittedBy: { division: gov.division, level: gov.level }, ...(noticeId ? { noticeId } : {}) };
  return {
    incident: { ...i, status, investigation, updatedAt: at, rev: i.rev + 1 },
    change: { action: 'submit-investigation', from: i.status, to: status, reason: noticeId ? `report filed with the government one level up (notice ${noticeId})` : 'report filed' },
  };
}

export interface RecoveryTaskDraft {
  kind: RecoveryTaskKind;
  ownerDepartment: string;
  dueDate: string;
  description?: string;
}

export function addRecoveryTask(i: Incident, taskId: string, draft: RecoveryTaskDraft, gov: Government, now: Date): IncidentChange & { task: RecoveryTask } {
  checkRecoveryAuthority(i, gov);
  if (i.status === 'reported' || i.status === 'responding') throw new InvalidTransition('Recovery tasks follow the response: terminate it first.');
  if (i.status === 'archived') throw new InvalidTransition('The incident is archived.');
  const tasks = i.recoveryTasks ?? [];
  if (tasks.length >= MAX_RECOVERY_TASKS) throw new RuleViolation('too-many-recovery-tasks', `An incident has at most ${MAX_RECOVERY_TASKS} recovery tasks.`);
  if (!isCalendarDate(draft.dueDate)) throw new RuleViolation('not-a-date', `${draft.dueDate} is not a day of the calendar.`, [{ path: 'body.dueDate', message: 'is not a date (YYYY-MM-DD)' }]);
  if (draft.dueDate < cstDate(now)) throw new RuleViolation('due-date-past', 'A recovery task is due today or later.', [{ path: 'body.dueDate', message: 'is in the past' }]);
  const at = now.toISOString();
  const task: RecoveryTask = {
    taskId,
    kind: draft.kind,
    ...(draft.description ? { description: draft.description } : {}),
    ownerDepartment: draft.ownerDepartment,
    dueDate: draft.dueDate,
    status: 'open',
    createdAt: at,
  };
  return {
    incident: { ...i, recoveryTasks: [...tasks, task], updatedAt: at, rev: i.rev + 1 },
    change: { action: 'add-recovery-task', from: null, to: `${draft.kind} task ${taskId} (${draft.ownerDepartment}, due ${draft.dueDate})` },
    task,
  };
}

/** Completing the last open task of an assessed incident archives it. */
export function completeRecoveryTask(i: Incident, taskId: string, outcome: string | undefined, gov: Government, now: Date): IncidentChange & { task: RecoveryTask } {
  checkRecoveryAuthority(i, gov);
  const tasks = i.recoveryTasks ?? [];
  const found = tasks.find((t) => t.taskId === taskId);
  if (!found) throw new NotFound(`Incident ${i.incidentId} has no recovery task ${taskId}.`);
  if (found.status === 'done') throw new InvalidTransition(`Recovery task ${taskId} is done already.`);
  const at = now.toISOString();
  const task: RecoveryTask = { ...found, status: 'done', completedAt: at, ...(outcome ? { outcome } : {}) };
  const next = tasks.map((t) => (t.taskId === taskId ? task : t));
  const status = i.status === 'assessed' && allDone(next) ? 'archived' : i.status;
  return {
    incident: { ...i, status, recoveryTasks: next, updatedAt: at, rev: i.rev + 1 },
    change: { action: 'complete-recovery-task', from: `${found.kind} task ${taskId} open`, to: status === 'archived' ? `done; incident archived` : 'done' },
    task,
  };
}

/** Rule 8: an investigation still open after its due date (a CST date) is overdue. */
export function investigationOverdue(inv: Investigation | undefined, now: Date): boolean {
  return inv !== undefined && inv.status === 'open' && cstDate(now) > inv.dueDate;
}

/** A task still open after its due date. */
export function taskOverdue(t: RecoveryTask, now: Date): boolean {
  return t.status === 'open' && cstDate(now) > t.dueDate;
}
