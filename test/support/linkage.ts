// Requests of the reports, linkage and recovery routes (issue 11) every kind of test sends, and the part of the bad-input
// world they point at: an anonymous citizen's report (with its follow-up code), a notice the township reported up to the
// county, and an incident in recovery with its findings recorded and one recovery task.
import { reportBody } from './bodies.ts';
import { countyOffice, townshipOffice } from './callers.ts';
import { ok, type RouteCall } from './replies.ts';

export interface LinkageWorld {
  reportId: string;
  followUpCode: string;
  /** A notice addressed to the county 110105 (the township's incident report). */
  noticeId: string;
  /** Terminated, findings recorded, one open recovery task. */
  recoveryIncidentId: string;
  recoveryTaskId: string;
}

export const exampleLinkageWorld: LinkageWorld = {
  reportId: '0e9d8c7b-6a59-4483-9271-605f4e3d2c1b',
  followUpCode: 'AAAAAAAAAAAAAAAAAAAAAAAA',
  noticeId: '1f0e9d8c-7b6a-4594-8382-716f5e4d3c2b',
  recoveryIncidentId: '2a1f0e9d-8c7b-4a6b-9493-827f6e5d4c3a',
  recoveryTaskId: '3b2a1f0e-9d8c-4b7c-a5a4-938f7e6d5c4b',
};

/** The functions of issue 11, which have a bad-input matrix of their own (test/e2e/bad-input-linkage.test.ts). */
export const LINKAGE_FUNCTIONS: readonly string[] = ['reports', 'linkage', 'recovery'];

/** A rumour reported without a token, with the reporter's contact (POST /v1/reports). */
export const citizenReportBody = (o: Record<string, unknown> = {}) => ({
  kind: 'rumour',
  divisionCode: '110105',
  description: 'A message says the Chaoyang gas explosion killed forty people.',
  evidence: [{ kind: 'link', reference: 'https://social.example.org/post/42' }],
  contact: { phone: '13800138000' },
  ...o,
});

export const investigationFindingsBody = () => ({
  causes: 'A corroded gas pipe in the basement',
  losses: { description: 'Two dead, the ground floor destroyed', directLossFen: 1_000_000 },
  lessons: 'Basements of old blocks need yearly pipe inspections',
  recommendations: ['Inspect every basement gas pipe in the district'],
  responsibility: 'The gas company skipped two inspections',
});

/** Days from today, as a date. */
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

type Keyed = (route?: string) => { headers?: Record<string, string> };

export async function buildLinkageWorld(call: RouteCall, as: Keyed, inForcePlanId: string): Promise<LinkageWorld> {
  const hourAgo = new Date(Date.now() - 3600_000).toISOString();
  const receipt = await ok(call('createReport', { ...as('createReport'), caller: null, body: citizenReportBody({ kind: 'price-gouging', description: 'Bottled water at 30 yuan' }) }), 201, 'citizen report');
  const township = await ok(call('reportIncident', { caller: townshipOffice, body: reportBody({ divisionCode: '110105001', occurredAt: hourAgo, title: 'Gas leak in a street' }) }), 201, 'township report');
  const recovery = await ok(call('reportIncident', { body: reportBody({ occurredAt: hourAgo, title: 'Gas explosion in a basement' }) }), 201, 'incident in recovery');
  const recoveryIncidentId = recovery.incidentId as string;
  await ok(
    call('activateResponse', {
      params: { incidentId: recoveryIncidentId },
      body: { planId: inForcePlanId, planVersion: 1, level: 'IV', matters: 'Rescue in the basement', expectedDuration: '24h', measures: ['Cordon'], basis: { metric: 'deaths' } },
    }),
    201,
    'activation',
  );
  await ok(call('transitionResponse', { params: { incidentId: recoveryIncidentId }, body: { action: 'terminate', reason: 'Rescue done' } }), 200, 'termination');
  await ok(call('recordInvestigation', { params: { incidentId: recoveryIncidentId }, body: investigationFindingsBody() }), 200, 'findings');
  const task = await ok(
    call('createRecoveryTask', { ...as('createRecoveryTask'), caller: countyOffice, params: { incidentId: recoveryIncidentId }, body: { kind: 'relief', ownerDepartment: 'Civil affairs bureau', dueDate: inDays(30) } }),
    201,
    'recovery task',
  );
  return {
    reportId: receipt.reportId,
    followUpCode: receipt.followUpCode,
    noticeId: township.notices[0].noticeId,
    recoveryIncidentId,
    recoveryTaskId: task.recoveryTasks[0].taskId,
  };
}

const page = { limit: '10' };

export const linkageBaseRequests = {
  createReport: () => ({ caller: null, body: citizenReportBody() }),
  reportStatus: (w: LinkageWorld) => ({ caller: null, params: { reportId: w.reportId }, query: { code: w.followUpCode } }),
  listReports: () => ({ query: { division: '110105', ...page } }),
  transitionReport: (w: LinkageWorld) => ({ params: { reportId: w.reportId }, body: { action: 'assign', department: 'Chaoyang market regulation bureau' } }),
  listInbox: () => ({ query: { division: '110105', ...page } }),
  acknowledgeNotice: (w: LinkageWorld) => ({ params: { noticeId: w.noticeId } }),
  incidentNotices: (w: LinkageWorld) => ({ params: { incidentId: w.recoveryIncidentId }, query: page }),
  recordInvestigation: (w: LinkageWorld) => ({ params: { incidentId: w.recoveryIncidentId }, body: investigationFindingsBody() }),
  transitionInvestigation: (w: LinkageWorld) => ({ params: { incidentId: w.recoveryIncidentId }, body: { action: 'submit' } }),
  createRecoveryTask: (w: LinkageWorld) => ({ params: { incidentId: w.recoveryIncidentId }, body: { kind: 'loss-assessment', ownerDepartment: 'Chaoyang emergency office', dueDate: inDays(60) } }),
  completeRecoveryTask: (w: LinkageWorld) => ({ params: { incidentId: w.recoveryIncidentId, taskId: w.recoveryTaskId }, body: { outcome: 'Relief paid to 40 households' } }),
};
