// The bad-input matrix of the social-forces functions (organisations, volunteers, deployments), generated from the route
// table like every other (test/support/bad-input.ts): malformed, oversized, wrongly typed and unknown-field bodies, bad
// ids and queries, missing or foreign tokens, wrong roles, neighbouring offices and other organisations. Each answer is a
// 4xx problem+json with a code, never a 5xx, and nothing is written. The rule cases add what passes the shape but breaks
// a rule: identifiers with wrong check characters, rules 19-22, and no forced assignment.
import { routeList } from '../../shared/http/routes.ts';
import { baseRequestOf } from '../support/base-requests.ts';
import { badInputSuite, requestOf, type MatrixContext, type Request, type Route, type RuleCase } from '../support/bad-input.ts';
import { citizen, countyOffice, orgMember, otherCountyOffice, townshipOffice } from '../support/callers.ts';
import { certificateBody, day, deploymentBody, person, policyBody, selfVolunteerCitizen, SOCIAL_FUNCTIONS } from '../support/social-forces.ts';

/** Spoils the last character of an identifier so its check character no longer matches. */
const wrongCheck = (value: string) => value.slice(0, -1) + (value.endsWith('1') ? '2' : '1');

function ruleCases(r: Route, ctx: () => MatrixContext): RuleCase[] {
  const w = () => ctx().world;
  const base = (over: Parameters<typeof requestOf>[2] = {}) => requestOf(r, baseRequestOf(r.name, w()), over);
  const withBody = (body: (b: Record<string, any>) => unknown, over: Parameters<typeof requestOf>[2] = {}) => (): Request => {
    const req = base(over);
    return { ...req, body: body(req.body as Record<string, any>) };
  };
  const logistics = { title: 'Sandbags', kind: 'logistics', risky: false, requiredQualifications: [] };
  switch (r.name) {
    case 'registerOrganization':
      return [
        ['a credit code with a wrong check character (GB 32100)', withBody((b) => ({ ...b, creditCode: wrongCheck(b.creditCode) })), { status: 400, code: 'validation-failed', path: 'body.creditCode' }],
        ['a contact phone that is no mobile number', withBody((b) => ({ ...b, contact: { ...b.contact, phone: '010-6512345' } })), { status: 400, code: 'validation-failed', path: 'body.contact.phone' }],
        ['a second registration of org-0001 (rule 22: one per organisation)', withBody((b) => b, { caller: orgMember }), { status: 422, code: 'organization-already-registered' }],
        ['a group policy ending before it starts', withBody((b) => ({ ...b, insurance: { ...policyBody(5, 10, 5), insuredCount: 12 } })), { status: 422, code: 'registration-incomplete', path: 'body.insurance.coversTo' }],
      ];
    case 'transitionOrganization':
      return [
        ['an approval until yesterday (rule 22)', withBody(() => ({ action: 'approve-registration', validUntil: day(-1) })), { status: 422, code: 'valid-until-in-past', path: 'body.validUntil' }],
        ['reinstating an organisation that is not suspended', withBody(() => ({ action: 'reinstate' })), { status: 409, code: 'invalid-transition' }],
        ['a township office below the organisation\'s county', () => base({ caller: townshipOffice }), { status: [403, 404], code: ['not-in-jurisdiction', 'not-found'] }],
      ];
    case 'registerMemberVolunteer':
      return [
        ['an ID number with a wrong check digit (GB 11643; rule 19)', withBody((b) => ({ ...b, idNumber: wrongCheck(b.idNumber) })), { status: 400, code: 'validation-failed', path: 'body.idNumber' }],
        ['a phone that is no mobile number (rule 19)', withBody((b) => ({ ...b, phone: '12345' })), { status: 400, code: 'validation-failed', path: 'body.phone' }],
        ['no skills (rule 19)', withBody((b) => ({ ...b, skills: [] })), { status: 400, code: 'validation-failed', path: 'body.skills' }],
        ['no availability (rule 19)', withBody((b) => ({ ...b, availability: { weekdays: [] } })), { status: 400, code: 'validation-failed', path: 'body.availability.weekdays' }],
        ['a skill listed twice (rule 19)', withBody((b) => ({ ...b, skills: ['first-aid', 'first-aid'] })), { status: 422, code: 'registration-incomplete', path: 'body.skills[1]' }],
      ];
    case 'registerVolunteer':
      return [
        ['no name (rule 19: identity)', withBody(({ name: _n, ...b }) => b), { status: 400, code: 'validation-failed', path: 'body.name' }],
        ['no consent given either way (rule 20)', withBody(({ consentToShare: _c, ...b }) => b), { status: 400, code: 'validation-failed', path: 'body.consentToShare' }],
        ['a birth date in the future in the ID number', withBody((b) => ({ ...b, idNumber: '110105' + '20991231' + '0015' })), { status: 400, code: 'validation-failed', path: 'body.idNumber' }],
        ['a second self-registration of a citizen registered already (one each)', withBody((b) => b, { caller: selfVolunteerCitizen }), { status: 409, code: 'already-registered' }],
        ['a sign-in that verified no ID number (rule 19: real-name registration)', withBody((b) => b, { caller: citizen }), { status: 403, code: 'forbidden-role' }],
        [
          'someone else\'s ID number where the sign-in verified one (rule 19: true identity)',
          withBody((b) => b, { caller: { sub: 'citizen-verified-0063', roles: ['citizen'], idNumber: person(63).idNumber } }),
          { status: 422, code: 'id-number-not-yours', path: 'body.idNumber' },
        ],
      ];
    case 'listIncidentDeployments':
      return [['a township office below the incident\'s county', () => base({ caller: townshipOffice }), { status: 403, code: 'not-in-jurisdiction' }]];
    case 'listOrganizationDeployments':
      return [
        ['another organisation\'s user', () => base({ caller: { sub: 'org-member-9', roles: ['org'], orgId: 'org-0009' } }), { status: 404, code: 'not-found' }],
        ['an office beside the organisation\'s division', () => base({ caller: otherCountyOffice }), { status: 404, code: 'not-found' }],
      ];
    case 'searchVolunteers':
      return [['a division outside the office\'s jurisdiction (rule 20)', () => base({ query: { division: '110108' } }), { status: 403, code: 'not-in-jurisdiction' }]];
    case 'myVolunteer':
      return [['a citizen who never registered', () => base({ caller: { sub: 'citizen-never-0001', roles: ['citizen'] } }), { status: 404, code: 'not-found' }]];
    case 'getVolunteer':
      return [
        ['another organisation\'s user (rule 20)', () => base({ caller: { sub: 'org-member-9', roles: ['org'], orgId: 'org-0009' } }), { status: 404, code: 'not-found' }],
        ['a citizen who is not the volunteer (rule 20)', () => base({ caller: citizen }), { status: 404, code: 'not-found' }],
      ];
    case 'addQualification':
      return [
        ['an expired certificate', withBody((b) => ({ ...b, validUntil: day(-1) })), { status: 422, code: 'invalid-qualification', path: 'body.validUntil' }],
        ['a certificate already on record', withBody(() => certificateBody('diving', 51)), { status: 422, code: 'duplicate-qualification', path: 'body.certificateNo' }],
      ];
    case 'addVolunteerInsurance':
      return [['a policy ending before it starts', withBody(() => policyBody(960, 10, 5)), { status: 422, code: 'invalid-insurance-policy', path: 'body.coversTo' }]];
    case 'createDeployment': {
      const viaOrg = (o: Record<string, unknown>) => withBody(() => deploymentBody([w().volunteerId], { organizationId: w().organizationId, ...o }));
      return [
        ['a risky task for a volunteer without insurance (rule 21)', withBody(() => deploymentBody([w().selfVolunteerId])), { status: 422, code: 'insurance-required', path: 'body.volunteerIds[0]' }],
        ['a water rescue flagged as not risky (rule 21)', withBody(() => deploymentBody([w().selfVolunteerId], { task: { ...logistics, kind: 'water-rescue' } })), { status: 422, code: 'task-is-risky', path: 'body.task.risky' }],
        ['a task needing a hazmat certificate nobody holds (rule 21)', viaOrg({ from: day(5), to: day(6), task: { title: 'Chlorine leak', kind: 'hazmat-response', risky: true, requiredQualifications: ['hazmat'] } }), {
          status: 422,
          code: 'qualification-required',
          path: 'body.volunteerIds[0]',
        }],
        ['a volunteer committed on overlapping dates', viaOrg({ from: day(1), to: day(3) }), { status: 422, code: 'volunteer-unavailable', path: 'body.volunteerIds[0]' }],
        ['a pending organisation (rule 22)', withBody(() => deploymentBody([w().volunteerId], { organizationId: w().pendingOrganizationId })), { status: 422, code: 'volunteer-not-in-organization' }],
        ['a member deployed without their organisation', withBody(() => deploymentBody([w().volunteerId], { from: day(5), to: day(6) })), { status: 422, code: 'deploy-through-organization' }],
        ['dates already past', withBody(() => deploymentBody([w().selfVolunteerId], { task: logistics, from: day(-3), to: day(-2) })), { status: 422, code: 'invalid-dates', path: 'body.from' }],
        ['an incident without an active response', () => ({ ...base({ params: { incidentId: w().incidentId } }) }), { status: 422, code: 'no-active-response' }],
        ['a township office below the incident\'s county', () => base({ caller: townshipOffice }), { status: 403, code: 'not-in-jurisdiction' }],
      ];
    }
    case 'transitionDeployment':
      return [
        ['the office accepting for the organisation (rule 21: no forced assignment)', () => base({ caller: countyOffice }), { status: 422, code: 'no-forced-assignment' }],
        ['hours before the team arrived', withBody(() => ({ action: 'record-hours', entries: [{ volunteerId: w().volunteerId, date: day(0), hours: 4 }] })), { status: 409, code: 'invalid-transition' }],
        ['a stand-down by the organisation', withBody(() => ({ action: 'stand-down' })), { status: 422, code: 'government-only' }],
        ['a citizen who was not asked', () => base({ caller: citizen }), { status: 404, code: 'not-found' }],
        ['the neighbouring county office standing it down', withBody(() => ({ action: 'stand-down' }), { caller: otherCountyOffice }), { status: 404, code: 'not-found' }],
      ];
    case 'createDeploymentClaim':
      return [
        ['a claim on a deployment not yet stood down', () => base({ params: { deploymentId: w().deploymentId } }), { status: 409, code: 'invalid-transition' }],
        ['an item a requisition claims, not a deployment', withBody((b) => ({ ...b, items: [{ kind: 'use-fee', amountFen: 100, description: 'Use of the boat' }] })), {
          status: 400,
          code: 'validation-failed',
          path: 'body.items.0.kind',
        }],
        ['a bank account number of letters', withBody((b) => ({ ...b, bankAccount: { ...b.bankAccount, accountNumber: 'ABCDEFGHIJ' } })), { status: 400, code: 'validation-failed', path: 'body.bankAccount.accountNumber' }],
      ];
    default:
      return [];
  }
}

badInputSuite({
  title: 'the social-forces functions',
  routes: routeList.filter((r) => SOCIAL_FUNCTIONS.includes(r.fn)),
  covers: ['organizations', 'volunteers', 'deployments'],
  rules: ruleCases,
  writeOrder: ['createDeploymentClaim', 'transitionDeployment', 'createDeployment', 'transitionOrganization', 'recordGroupInsurance', 'addQualification', 'addTraining', 'addVolunteerInsurance', 'registerMemberVolunteer', 'registerVolunteer', 'registerOrganization'],
});
