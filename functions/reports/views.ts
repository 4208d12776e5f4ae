// What an office sees of a citizen's report: an allow-list with no field for the reporter (rule 25). A field added to
// the report later stays out of every view until someone decides it belongs here.
import type { StoredReport } from '../../shared/store/reports.ts';

export function reportView(r: StoredReport) {
  return {
    reportId: r.reportId,
    kind: r.kind,
    divisionCode: r.divisionCode,
    ...(r.location ? { location: r.location } : {}),
    description: r.description,
    evidence: r.evidence,
    ...(r.incidentId ? { incidentId: r.incidentId } : {}),
    status: r.status,
    contactGiven: r.contact !== undefined,
    ...(r.assignment ? { assignment: r.assignment } : {}),
    ...(r.findings ? { findings: r.findings } : {}),
    ...(r.dismissal ? { dismissal: r.dismissal } : {}),
    ...(r.referral ? { referral: r.referral } : {}),
    ...(r.rebuttal ? { rebuttal: r.rebuttal } : {}),
    ...(r.reward ? { reward: r.reward } : {}),
    ...(r.handledBy ? { handledBy: r.handledBy } : {}),
    receivedAt: r.receivedAt,
    updatedAt: r.updatedAt,
  };
}
