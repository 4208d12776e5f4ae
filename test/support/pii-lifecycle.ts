// Requests of the personal-information life-cycle routes (issue 10) every kind of test sends, and the part of the
// bad-input world they point at: a retention assessment the county recorded for the compensation world's incident (the
// world's keyed creation), which the base request of `endRetentionAssessment` ends.
import { auditor, type Caller } from './callers.ts';
import type { EventInput } from './api-events.ts';
import { ok, type RouteCall } from './replies.ts';
import { day } from './social-forces.ts';

export interface PiiWorld {
  /** An incident of 110105 with requisitions and claims (the compensation world's). */
  incidentId: string;
  /** A recorded assessment of it, in force. */
  assessmentId: string;
}

export const examplePiiWorld: PiiWorld = {
  incidentId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  assessmentId: '4c3b2a1f-0e9d-4c8d-b6b5-a49f8e7d6c5b',
};

/** An assessment keeping requisition data as evidence for 90 days (POST /v1/incidents/{id}/retention-assessments). */
export const assessmentBody = (o: Record<string, unknown> = {}) => ({
  purposes: ['requisition'],
  grounds: ['evidence'],
  legality: 'Art 85: the vouchers are evidence in the audit of requisitioned property',
  necessity: 'Only the owners of property not yet compensated',
  security: 'Sealed per field; reveals only by offices with jurisdiction, logged',
  retainUntil: day(90),
  ...o,
});

type Keyed = (route?: string, caller?: Caller) => Pick<EventInput, 'caller' | 'headers'>;

export async function buildPiiWorld(call: RouteCall, as: Keyed, incidentId: string): Promise<PiiWorld> {
  const keyed = await ok(call('recordRetentionAssessment', { ...as('recordRetentionAssessment'), params: { incidentId }, body: assessmentBody({ purposes: ['compensation'], grounds: ['litigation'] }) }), 201, 'assessment');
  return { incidentId, assessmentId: keyed.assessmentId as string };
}

const page = { limit: '10' };

export const piiLifecycleBaseRequests = {
  recordRetentionAssessment: (w: PiiWorld) => ({ params: { incidentId: w.incidentId }, body: assessmentBody() }),
  listRetentionAssessments: (w: PiiWorld) => ({ params: { incidentId: w.incidentId }, query: page }),
  getRetentionAssessment: (w: PiiWorld) => ({ params: { incidentId: w.incidentId, assessmentId: w.assessmentId } }),
  endRetentionAssessment: (w: PiiWorld) => ({ params: { incidentId: w.incidentId, assessmentId: w.assessmentId }, body: { reason: 'The audit of the requisitioned property is complete' } }),
  listAudit: () => ({ caller: auditor, query: { division: '110105', ...page } }),
  listReveals: () => ({ caller: auditor, query: { division: '110105', ...page } }),
};
