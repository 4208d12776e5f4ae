// The bad-input matrix of the reports, linkage and recovery functions (issue 11), generated from the route table like
// every other (test/support/bad-input.ts): malformed, oversized, wrongly typed and unknown-field bodies, bad ids, codes
// and queries, missing or foreign tokens, wrong roles and neighbouring offices, on the anonymous routes too. Each answer
// is a 4xx problem+json with a code, never a 5xx, and nothing is written. The rule cases add what passes the shape but
// breaks a rule: rule 25's 404 for a wrong follow-up code, Art 7's rebuttal of rumours only, Art 17 and 61 (only the
// office addressed acknowledges), Art 86-94 (only the leading government investigates; due dates).
import { routeList } from '../../shared/http/routes.ts';
import { baseRequestOf } from '../support/base-requests.ts';
import { badInputSuite, requestOf, type MatrixContext, type Request, type Route, type RuleCase } from '../support/bad-input.ts';
import { cityOffice } from '../support/callers.ts';
import { LINKAGE_FUNCTIONS } from '../support/linkage.ts';

function ruleCases(r: Route, ctx: () => MatrixContext): RuleCase[] {
  const w = () => ctx().world.linkage;
  const base = (over: Parameters<typeof requestOf>[2] = {}) => requestOf(r, baseRequestOf(r.name, ctx().world), over);
  const withBody = (body: (b: Record<string, any>) => unknown) => (): Request => {
    const req = base();
    return { ...req, body: body(req.body as Record<string, any>) };
  };
  const rebuttal = { action: 'publish-rebuttal', title: { 'zh-CN': '辟谣', en: 'Rebuttal' }, body: { 'zh-CN': '不实信息', en: 'False information' } };
  switch (r.name) {
    case 'createReport':
      return [
        ['an incident that does not exist', withBody((b) => ({ ...b, incidentId: '00000000-0000-4000-8000-000000000000' })), { status: 422, code: 'unknown-incident', path: 'body.incidentId' }],
        ['a contact with nothing in it', withBody((b) => ({ ...b, contact: {} })), { status: 400, code: 'validation-failed', path: 'body.contact' }],
        ['a phone that is no mainland mobile number', withBody((b) => ({ ...b, contact: { phone: '12345678' } })), { status: 400, code: 'validation-failed', path: 'body.contact.phone' }],
      ];
    case 'reportStatus':
      return [["rule 25: a code that is not the report's, answered as a missing report", () => base({ query: { code: 'B'.repeat(24) } }), { status: 404, code: 'not-found' }]];
    case 'transitionReport':
      return [
        ['Art 7: a rebuttal of a report not yet substantiated', withBody(() => rebuttal), { status: 409, code: 'invalid-transition' }],
        ['a referral of a report not yet substantiated', withBody(() => ({ action: 'refer', to: 'market-regulation', reference: 'SAMR-1' })), { status: 409, code: 'invalid-transition' }],
      ];
    case 'acknowledgeNotice':
      return [['Art 61: the city office above, to which the notice is not addressed', () => base({ caller: cityOffice }), { status: 403, code: 'not-in-jurisdiction' }]];
    case 'recordInvestigation':
    case 'transitionInvestigation':
      return [['Art 86: the city office, which did not lead the response', () => base({ caller: cityOffice }), { status: 403, code: 'not-in-jurisdiction' }]];
    case 'createRecoveryTask':
      return [
        ['a due date in the past', withBody((b) => ({ ...b, dueDate: '2020-01-01' })), { status: 422, code: 'due-date-past', path: 'body.dueDate' }],
        ['a day the calendar does not have', withBody((b) => ({ ...b, dueDate: '2999-02-30' })), { status: 422, code: 'not-a-date', path: 'body.dueDate' }],
        ['an incident whose response is still running', () => base({ params: { incidentId: ctx().world.respondingIncidentId } }), { status: 409, code: 'invalid-transition' }],
      ];
    case 'completeRecoveryTask':
      return [['a task of another incident', () => base({ params: { incidentId: ctx().world.incidentId, taskId: w().recoveryTaskId } }), { status: 404, code: 'not-found' }]];
    default:
      return [];
  }
}

badInputSuite({
  title: 'the reports, linkage and recovery functions',
  routes: routeList.filter((r) => LINKAGE_FUNCTIONS.includes(r.fn)),
  covers: ['reports', 'linkage', 'recovery'],
  rules: ruleCases,
  writeOrder: ['createReport', 'transitionReport', 'acknowledgeNotice', 'recordInvestigation', 'createRecoveryTask', 'completeRecoveryTask', 'transitionInvestigation'],
});
