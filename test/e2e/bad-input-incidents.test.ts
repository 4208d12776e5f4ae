// The bad-input matrix of every function but plans and health (incidents, warnings, graded response, public disclosure,
// subscriptions, and whatever function is added next), over real HTTP and generated from the route table like the
// plans matrix (test/support/bad-input.ts): malformed, oversized, wrongly typed and unknown-field bodies, bad ids,
// queries and CAP file names, missing or foreign tokens, wrong roles and foreign divisions. Each answer is a 4xx
// problem+json with a code, never a 5xx, and nothing is written: not to the table, not to the local SNS's
// subscriptions, not to the alerts topic. The rule cases below add the statutory refusals (rules 3, 5, 6, 7).
import { routeList } from '../../shared/http/routes.ts';
import { activationBody, baseRequestOf, warningBody } from '../support/base-requests.ts';
import { badInputSuite, requestOf, type MatrixContext, type Request, type Route, type RuleCase } from '../support/bad-input.ts';
import { citizen, cityOffice, townshipOffice } from '../support/callers.ts';
import { SOCIAL_FUNCTIONS } from '../support/social-forces.ts';
import { COMPENSATION_FUNCTIONS } from '../support/compensation.ts';
import { LINKAGE_FUNCTIONS } from '../support/linkage.ts';

/** Requests that pass the body's shape but must still be refused: rules of who may do what (3, 5, 6, 7) and values no real request carries. */
function ruleCases(r: Route, ctx: () => MatrixContext): RuleCase[] {
  const base = (over: Parameters<typeof requestOf>[2] = {}) => requestOf(r, baseRequestOf(r.name, ctx().world), over);
  const withBody = (body: (b: Record<string, unknown>) => unknown) => (): Request => {
    const req = base();
    return { ...req, body: body(req.body as Record<string, unknown>) };
  };
  switch (r.name) {
    case 'reportIncident':
      return [
        ['an incident in the neighbouring division 110108', withBody((b) => ({ ...b, divisionCode: '110108' })), { status: 403, code: 'not-in-jurisdiction' }],
        ['a township office reporting for its county', () => base({ caller: townshipOffice }), { status: 403, code: 'not-in-jurisdiction' }],
        ['an incident that occurs tomorrow', withBody((b) => ({ ...b, occurredAt: new Date(Date.now() + 86_400_000).toISOString() })), {
          status: 422,
          code: 'occurred-in-future',
          path: 'body.occurredAt',
        }],
        [
          'a severity override on a social-security incident',
          withBody((b) => ({ ...b, category: 'social-security', severityOverride: { level: 'IV', reason: 'x' } })),
          { status: 422, code: 'social-security-not-graded', path: 'body.severityOverride' },
        ],
      ];
    case 'issueWarning':
      return [
        ['a township office (rule 3)', () => base({ caller: townshipOffice }), { status: 422, code: 'issuer-below-county' }],
        [
          'an area reaching into the neighbouring division (rule 3)',
          withBody(() => ({ ...warningBody(), area: { divisions: ['110105', '110108'] } })),
          { status: 422, code: 'area-outside-jurisdiction', path: 'body.area.divisions' },
        ],
        ['a social-security incident (rule 5)', () => base({ params: { incidentId: ctx().world.socialSecurityIncidentId } }), { status: 422, code: 'no-warning-for-social-security' }],
        // Year 0000 at +14:00 is a UTC instant before year 1: stored as "-000001-12-31T10:00:00.000Z", it makes the public CAP
        // document schema-invalid (<onset>-000001-12-31T18:00+08:00</onset>).
        ['a start in year 0000', withBody(() => ({ ...warningBody(), startsAt: '0000-01-01T00:00:00+14:00' })), { status: 400, code: 'validation-failed', path: 'body.startsAt' }],
      ];
    case 'transitionWarning':
      return [
        ['the city office above, which did not issue it (rule 3)', () => base({ caller: cityOffice }), { status: 403, code: 'not-in-jurisdiction' }],
        ['an adjustment that changes nothing', withBody(() => ({ action: 'adjust', reason: 'No change' })), { status: 422, code: 'empty-adjustment' }],
      ];
    case 'activateResponse':
      return [
        ['level III by a county under a plan requiring a city (rule 7)', withBody(() => ({ ...activationBody(ctx().world.inForcePlanId), level: 'III' })), { status: 422, code: 'insufficient-authority' }],
        ['a second activation of an active response', () => ({ ...base({ params: { incidentId: ctx().world.respondingIncidentId } }), headers: {} }), { status: 409, code: 'invalid-transition' }],
        ['a plan version that does not exist (rule 6)', withBody(() => ({ ...activationBody(ctx().world.inForcePlanId), planVersion: 9 })), {
          status: 422,
          code: 'plan-version-not-found',
          path: 'body.planVersion',
        }],
        ['a threshold the incident does not meet (rule 6)', withBody(() => ({ ...activationBody(ctx().world.inForcePlanId), basis: { metric: 'affectedPopulation' } })), {
          status: 422,
          code: 'threshold-not-met',
          path: 'body.basis.metric',
        }],
      ];
    case 'transitionResponse':
      return [
        ['termination by the city office, which does not lead the response (rule 7)', () => base({ caller: cityOffice }), { status: 403, code: 'not-in-jurisdiction' }],
        ['a level change to III by the county under a plan requiring a city (rule 7)', withBody(() => ({ action: 'change-level', level: 'III', reason: 'More deaths' })), {
          status: 422,
          code: 'insufficient-authority',
        }],
        ['a hand-over to the county leading it already', withBody(() => ({ action: 'hand-over', reason: 'x' })), { status: 403, code: 'not-in-jurisdiction' }],
      ];
    case 'createSubscription':
      return [
        ['an https endpoint SNS refuses', withBody(() => ({ protocol: 'https', endpoint: 'https://[::1' })), { status: 400, code: 'validation-failed', path: 'body.endpoint' }],
        ['an sms endpoint that is not a mainland mobile number', withBody(() => ({ protocol: 'sms', endpoint: '+85291234567' })), { status: 400, code: 'validation-failed', path: 'body.endpoint' }],
        ['an https endpoint on a private address', withBody(() => ({ protocol: 'https', endpoint: 'https://192.168.1.20/hook' })), { status: 400, code: 'validation-failed', path: 'body.endpoint' }],
        ['an https endpoint on another port than 443', withBody(() => ({ protocol: 'https', endpoint: 'https://hooks.example.org:8443/hook' })), { status: 400, code: 'validation-failed', path: 'body.endpoint' }],
        ['a citizen filtering on an organisation', () => ({ ...base({ caller: citizen }), body: { protocol: 'email', endpoint: 'c@example.org', filter: { organizationId: 'org-0001' } } }), {
          status: 403,
          code: 'forbidden-role',
        }],
        // A lone UTF-16 surrogate passes the e-mail pattern, then the SNS client cannot URI-encode it (URIError).
        ['an e-mail endpoint with a lone surrogate', withBody(() => ({ protocol: 'email', endpoint: 'duty\ud800@example.org' })), {
          status: 400,
          code: 'validation-failed',
          path: 'body.endpoint',
        }],
      ];
    default:
      return [];
  }
}

badInputSuite({
  title: 'every function but plans and health',
  // Social forces have their own matrix with their rule cases: test/e2e/bad-input-social.test.ts.
  // Reports, linkage and recovery too: test/e2e/bad-input-linkage.test.ts.
  routes: routeList.filter((r) => r.fn !== 'plans' && r.fn !== 'health' && !SOCIAL_FUNCTIONS.includes(r.fn) && !COMPENSATION_FUNCTIONS.includes(r.fn) && !LINKAGE_FUNCTIONS.includes(r.fn)),
  covers: ['incidents', 'warnings', 'response', 'public', 'subscriptions'],
  rules: ruleCases,
  writeOrder: ['createRelease', 'issueWarning', 'transitionWarning', 'followUpIncident', 'activateResponse', 'transitionResponse', 'reportIncident', 'createSubscription', 'confirmSubscription', 'deleteSubscription'],
});
