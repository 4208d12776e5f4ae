// The bad-input matrix over real HTTP for the plans and health functions, generated from the route table (see
// test/support/bad-input.ts): malformed, oversized, wrongly typed and unknown-field bodies, bad ids and queries,
// missing or wrong tokens, wrong roles and foreign divisions each get a clear 4xx problem+json with a code, never a
// 5xx, and write nothing. Every other function is covered by bad-input-incidents.test.ts.
import { routeList } from '../../shared/http/routes.ts';
import { baseRequestOf } from '../support/base-requests.ts';
import { badInputSuite, requestOf, type RuleCase } from '../support/bad-input.ts';
import { cityOffice } from '../support/callers.ts';

badInputSuite({
  title: 'the plans and health functions',
  routes: routeList.filter((r) => r.fn === 'plans' || r.fn === 'health'),
  // Offices write only in their own division; the city above may read a county's plans (Art 26-27) but not change them.
  covers: ['plans', 'health'],
  rules: (r, ctx): RuleCase[] =>
    r.fn === 'plans' && r.method !== 'GET'
      ? [['the city office above, which may read but not write', () => requestOf(r, baseRequestOf(r.name, ctx().world), { caller: cityOffice }), { status: 403, code: 'not-in-jurisdiction' }]]
      : [],
  writeOrder: ['transitionPlan', 'recordDrill', 'evaluateDrill', 'revisePlan', 'createPlan'],
});
