// Recovery and investigation (Art 86-94; rule 8) and exercise mode (issue 11): the investigation opened at termination
// is written and submitted by the government that led the response, the incident is assessed once the report is filed
// and archived once every recovery task is done; an exercise runs every step with its alerts marked and its CAP status
// Exercise; a drill links only an exercise.
import { describe, expect, it } from 'vitest';
import { renderCapAlert } from '../../shared/alerts/cap.ts';
import { checkExerciseIncident, practisedOf } from '../../shared/domain/drill.ts';
import { activateResponse, handOver, terminate, type Incident, type InvestigationFindings } from '../../shared/domain/incident.ts';
import { addRecoveryTask, completeRecoveryTask, investigationOverdue, recordFindings, submitInvestigation, taskOverdue } from '../../shared/domain/recovery.ts';
import { issueWarning, liftWarning } from '../../shared/domain/warning.ts';
import { figures, gov, hoursAfter, planInForce, refusal, reported, warningDraft } from './incident-fixtures.ts';

const activation = { level: 'IV' as const, matters: 'Rescue', expectedDuration: '24h', measures: ['Cordon'], basis: { metric: 'deaths' as const } };
const findings: InvestigationFindings = {
  causes: 'A corroded roof beam',
  losses: { description: 'Two dead, the warehouse destroyed', directLossFen: 3_000_000 },
  lessons: 'Old roofs need yearly inspection',
  recommendations: ['Inspect every warehouse roof built before 1990'],
  responsibility: 'The owner skipped inspections',
};

/** An incident whose level IV response the county activated and terminated at hour 3 (investigation due in 60 days). */
function terminated(o: { exercise?: boolean; takenOverBy?: 'city' } = {}): Incident {
  let i = activateResponse(reported(figures({ deaths: 2 }), o.exercise ? { exercise: true } : {}), activation, planInForce(), gov.county, hoursAfter(1)).incident;
  if (o.takenOverBy) i = handOver(i, 'Beyond the county', gov.city, hoursAfter(2)).incident;
  return terminate(i, 'Rescue done', o.takenOverBy ? gov.city : gov.county, hoursAfter(3)).incident;
}
const day = (n: number) => new Date(hoursAfter(3).getTime() + n * 86_400_000);
const dateIn = (n: number) => day(n).toISOString().slice(0, 10);
const code = (fn: () => unknown) => (refusal(fn) as { code: string }).code;

describe('the investigation-and-assessment report (Art 86-94, rule 8)', () => {
  it('is written and submitted by the government that led the response, filed one level up: the incident is assessed', () => {
    const i = terminated();
    expect(i.investigation).toMatchObject({ status: 'open', dueDate: '2026-08-30' });
    const recorded = recordFindings(i, findings, gov.county, day(10));
    expect(recorded.incident.investigation).toMatchObject({ status: 'open', findings, findingsRecordedAt: day(10).toISOString() });
    const submitted = submitInvestigation(recorded.incident, gov.county, day(20), 'notice-0001');
    expect(submitted.incident).toMatchObject({ status: 'assessed', investigation: { status: 'submitted', submittedAt: day(20).toISOString(), submittedBy: { division: '110105', level: 'county' }, noticeId: 'notice-0001' } });
    expect(submitted.change).toMatchObject({ action: 'submit-investigation', from: 'recovery', to: 'assessed' });
    expect(code(() => recordFindings(submitted.incident, findings, gov.county, day(21)))).toBe('invalid-transition');
    expect(code(() => submitInvestigation(submitted.incident, gov.county, day(21), undefined))).toBe('invalid-transition');
  });

  it('refuses a government that did not lead the response, even the one where it happened once a superior took over (Art 86)', () => {
    expect(code(() => recordFindings(terminated(), findings, gov.city, day(1)))).toBe('not-in-jurisdiction');
    const takenOver = terminated({ takenOverBy: 'city' });
    expect(code(() => recordFindings(takenOver, findings, gov.county, day(1)))).toBe('not-in-jurisdiction');
    expect(recordFindings(takenOver, findings, gov.city, day(1)).incident.investigation?.findings).toEqual(findings);
  });

  it('submits only with findings recorded (422 investigation-findings-missing), and only after termination', () => {
    expect(code(() => submitInvestigation(terminated(), gov.county, day(1), undefined))).toBe('investigation-findings-missing');
    expect(code(() => recordFindings(reported(), findings, gov.county, day(1)))).toBe('invalid-transition');
  });

  it('is overdue after its due date while not submitted', () => {
    const i = terminated();
    expect(investigationOverdue(i.investigation, day(59))).toBe(false);
    expect(investigationOverdue(i.investigation, day(61))).toBe(true);
    const submitted = submitInvestigation(recordFindings(i, findings, gov.county, day(1)).incident, gov.county, day(2), undefined).incident;
    expect(investigationOverdue(submitted.investigation, day(90))).toBe(false);
  });
});

describe('recovery tasks (Art 87-94)', () => {
  it('archives the incident when the report is filed and every task is done, in either order', () => {
    const i = terminated();
    const a = addRecoveryTask(i, 'task-a', { kind: 'loss-assessment', ownerDepartment: 'Emergency office', dueDate: dateIn(30) }, gov.county, day(1));
    const b = addRecoveryTask(a.incident, 'task-b', { kind: 'funds-audit', ownerDepartment: 'Audit bureau', dueDate: dateIn(90) }, gov.county, day(1));
    expect(b.incident.recoveryTasks!.map((t) => [t.taskId, t.kind, t.status])).toEqual([['task-a', 'loss-assessment', 'open'], ['task-b', 'funds-audit', 'open']]);

    // Report first, tasks after: assessed, then archived with the last task.
    const assessed = submitInvestigation(recordFindings(b.incident, findings, gov.county, day(2)).incident, gov.county, day(3), undefined).incident;
    expect(assessed.status).toBe('assessed');
    const one = completeRecoveryTask(assessed, 'task-a', 'Losses assessed', gov.county, day(4)).incident;
    expect(one.status).toBe('assessed');
    const both = completeRecoveryTask(one, 'task-b', undefined, gov.county, day(5));
    expect(both.incident.status).toBe('archived');
    expect(both.change.to).toBe('done; incident archived');
    expect(code(() => addRecoveryTask(both.incident, 'task-c', { kind: 'relief', ownerDepartment: 'x', dueDate: dateIn(30) }, gov.county, day(6)))).toBe('invalid-transition');

    // Tasks first, report after: straight to archived.
    const done = completeRecoveryTask(a.incident, 'task-a', undefined, gov.county, day(2)).incident;
    expect(done.status).toBe('recovery');
    expect(submitInvestigation(recordFindings(done, findings, gov.county, day(3)).incident, gov.county, day(4), undefined).incident.status).toBe('archived');
  });

  it('does not archive an incident with no recovery task on record', () => {
    expect(submitInvestigation(recordFindings(terminated(), findings, gov.county, day(1)).incident, gov.county, day(2), undefined).incident.status).toBe('assessed');
  });

  it('refuses tasks before the response ended, due in the past or on a day that does not exist, and completing one twice', () => {
    const draft = { kind: 'relief' as const, ownerDepartment: 'Civil affairs', dueDate: dateIn(10) };
    expect(code(() => addRecoveryTask(reported(), 't', draft, gov.county, day(1)))).toBe('invalid-transition');
    expect(code(() => addRecoveryTask(terminated(), 't', { ...draft, dueDate: dateIn(-1) }, gov.county, day(1)))).toBe('due-date-past');
    expect(code(() => addRecoveryTask(terminated(), 't', { ...draft, dueDate: '2999-02-30' }, gov.county, day(1)))).toBe('not-a-date');
    expect(code(() => addRecoveryTask(terminated(), 't', draft, gov.otherCounty, day(1)))).toBe('not-in-jurisdiction');
    const added = addRecoveryTask(terminated(), 't', draft, gov.county, day(1)).incident;
    expect(code(() => completeRecoveryTask(added, 'nope', undefined, gov.county, day(2)))).toBe('not-found');
    const done = completeRecoveryTask(added, 't', undefined, gov.county, day(2)).incident;
    expect(code(() => completeRecoveryTask(done, 't', undefined, gov.county, day(3)))).toBe('invalid-transition');
    expect(taskOverdue(added.recoveryTasks![0]!, day(12))).toBe(true);
    expect(taskOverdue(done.recoveryTasks![0]!, day(12))).toBe(false);
  });
});

describe('exercise mode (drills on the real flow)', () => {
  it('runs every step of an exercise, each alert carrying exercise=true; a real incident carries no such attribute', () => {
    const real = activateResponse(reported(figures({ deaths: 2 })), activation, planInForce(), gov.county, hoursAfter(1));
    expect(real.event).not.toHaveProperty('attributes');
    const drill = reported(figures({ deaths: 2 }), { exercise: true });
    expect(drill.exercise).toBe(true);
    const activated = activateResponse(drill, activation, planInForce(), gov.county, hoursAfter(1));
    expect(activated.event?.attributes).toEqual({ exercise: 'true' });
    expect(terminate(activated.incident, 'Drill over', gov.county, hoursAfter(2)).event?.attributes).toEqual({ exercise: 'true' });
  });

  it("marks an exercise's warning, its alerts, and its CAP messages <status>Exercise</status>", () => {
    const drill = reported(figures({ deaths: 2 }), { exercise: true });
    const issued = issueWarning('warn-drill', drill, warningDraft(), gov.county, hoursAfter(1));
    expect(issued.warning.exercise).toBe(true);
    expect(issued.event.attributes).toEqual({ exercise: 'true' });
    const lifted = liftWarning(issued.warning, gov.county, hoursAfter(2), 'Drill over');
    expect(lifted.event.attributes).toEqual({ exercise: 'true' });
    const opts = { sender: 'alerts.example.org', senderName: { 'zh-CN': '应急管理局', en: 'Emergency office' } };
    expect(renderCapAlert(lifted.warning, 1, opts)).toContain('<status>Exercise</status>');
    const realWarning = issueWarning('warn-real', reported(), warningDraft(), gov.county, hoursAfter(1)).warning;
    expect(renderCapAlert(realWarning, 0, opts)).toContain('<status>Actual</status>');
  });

  it('lets a drill link only an exercise incident, and cites what was practised', () => {
    expect(code(() => checkExerciseIncident(undefined, 'inc-x'))).toBe('exercise-incident-not-found');
    expect(code(() => checkExerciseIncident(reported(), 'inc-0001'))).toBe('not-an-exercise');
    const drill = terminated({ exercise: true });
    expect(() => checkExerciseIncident(drill, drill.incidentId)).not.toThrow();
    expect(practisedOf(drill, 2)).toEqual({ incidentId: 'inc-0001', title: 'Collapse of a warehouse roof', status: 'recovery', responseLevel: 'IV', warnings: 2 });
  });
});
