// What callers see of a plan: the head, the latest version's content, and the filing deadline worked out for today.
import type { Drill } from '../../shared/domain/drill.ts';
import type { Plan, PlanVersion } from '../../shared/domain/plan.ts';
import { isFilingOverdue } from '../../shared/domain/plan.ts';
import { cstDate, type WorkingCalendar } from '../../shared/domain/calendar/working-days.ts';

export function planView(plan: Plan, latest: PlanVersion | undefined, now: Date, calendar: WorkingCalendar) {
  const { rev: _rev, firstPublishedAt: _fp, filing, ...rest } = plan;
  const view: Record<string, unknown> = { ...rest };
  if (filing) {
    const overdue = isFilingOverdue(plan, now);
    const today = cstDate(now);
    view['filing'] = {
      version: filing.version,
      to: filing.to,
      dueDate: filing.dueDate,
      ...(filing.filedAt ? { filedAt: filing.filedAt } : {}),
      overdue,
      ...(filing.filedAt === undefined && !overdue ? { workingDaysLeft: calendar.workingDaysBetween(today, filing.dueDate) } : {}),
    };
  }
  if (latest) view['content'] = contentOf(latest);
  return view;
}

function contentOf(v: PlanVersion) {
  return { version: v.version, status: v.status, title: v.title, responseLevels: v.responseLevels, warningMeasures: v.warningMeasures };
}

export function versionView(v: PlanVersion) {
  const { createdBy: _by, ...rest } = v;
  return rest;
}

export function drillView(d: Drill) {
  const { recordedBy: _r, evaluation, ...rest } = d;
  if (!evaluation) return rest;
  const { evaluatedBy: _e, ...ev } = evaluation;
  return { ...rest, evaluation: ev };
}
