// What readers see of a deployment: everything about the task, the people by volunteer id with their answers, the
// hours and their total, the roster's contacts as the reader may see them (masked); never a user id (the office's, a
// volunteer's) nor who typed the hours.
import type { Deployment } from '../../shared/domain/deployment.ts';

/** A deployment in a list: no hours entries and no roster (the deployment itself has them). */
export function deploymentSummary(d: Deployment) {
  const { hours: _h, contacts: _c, ...rest } = deploymentView(d, []);
  return rest;
}

export function deploymentView(d: Deployment, contacts: { volunteerId: string; name: string; phone: string }[]) {
  const { rev: _rev, people, requestedBy, hours, ...rest } = d;
  return {
    ...rest,
    people: people.map((p) => ({ volunteerId: p.volunteerId, answer: p.answer, ...(p.answeredAt ? { answeredAt: p.answeredAt } : {}) })),
    requestedBy: { division: requestedBy.division, level: requestedBy.level },
    hours: hours.map((h) => ({ volunteerId: h.volunteerId, date: h.date, hours: h.hours, recordedAt: h.recordedAt })),
    totalHours: hours.reduce((n, h) => n + h.hours, 0),
    contacts,
  };
}
