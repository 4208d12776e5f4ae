// The incidents, warnings and response functions with a mocked DynamoDB document client: what each decision writes in
// its one transaction (entity conditioned on rev and status, congress filing, audit, outbox), the statutory refusals
// that write nothing (rules 3, 5, 6, 7), and how injected SDK failures come back as problem+json.
import { beforeEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RouteName } from '../../shared/http/routes.ts';
import { handler as incidentsHandler } from '../../functions/incidents/handler.ts';
import { handler as warningsHandler } from '../../functions/warnings/handler.ts';
import { handler as responseHandler } from '../../functions/response/handler.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import type { Warning } from '../../shared/domain/warning.ts';
import { keys } from '../../shared/store/keys.ts';
import { planHeadItem, planVersionItem } from '../../shared/store/plans.ts';
import { apiEvent, type EventInput } from '../support/api-events.ts';
import { reportBody } from '../support/bodies.ts';
import { cityOffice, countyOffice, otherCountyOffice, townshipOffice, type Caller } from '../support/callers.ts';
import { invoke as invokeHandler, type ApiHandler, type Reply } from '../support/invoke.ts';
import { keysDeep } from '../support/json.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import {
  INCIDENT_ID,
  PLAN_ID,
  WARNING_ID,
  accidentPlan,
  countyWarning,
  inForceItem,
  incidentItem,
  reportedIncident,
  respondingIncident,
  warningDraft,
  warningItem,
} from '../support/incident-items.ts';

const { ddb, transactItems } = mockTable();
const TABLE = 'unit-test-table';

const FUNCTIONS: Record<string, ApiHandler> = { incidents: incidentsHandler, warnings: warningsHandler, response: responseHandler };
const invoke = (fn: keyof typeof FUNCTIONS, event: APIGatewayProxyEvent): Promise<Reply> => invokeHandler(FUNCTIONS[fn]!, fn, event);
const kinds = (call = 0) => transactItems(call).map((i) => (i.Put?.Item?.['kind'] as string | undefined) ?? (i.ConditionCheck ? 'check' : 'other'));
const put = (kind: string, call = 0) => transactItems(call).find((i) => i.Put?.Item?.['kind'] === kind)!.Put!;

/** What the table holds: the incident (if any), the accident plan with its version in force, the warning (if any). */
function given(o: { incident?: Incident; warning?: Warning; planStatus?: 'published' | 'draft' } = {}): void {
  const { plan, version } = accidentPlan({ status: o.planStatus ?? 'published' });
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.planInForcePK('110105', 'accident') } }).resolves({ Items: [inForceItem(plan)] });
  ddb.on(GetCommand, { Key: keys.planHead(PLAN_ID) }).resolves({ Item: planHeadItem(plan, version) });
  ddb.on(GetCommand, { Key: keys.planVersion(PLAN_ID, 1) }).resolves({ Item: planVersionItem(version) });
  if (o.incident) ddb.on(GetCommand, { Key: keys.incident(o.incident.incidentId) }).resolves({ Item: incidentItem(o.incident) });
  if (o.warning) ddb.on(GetCommand, { Key: keys.warning(o.warning.warningId) }).resolves({ Item: warningItem(o.warning) });
}

const activation = (o: Record<string, unknown> = {}) => ({
  planId: PLAN_ID,
  planVersion: 1,
  level: 'IV',
  matters: 'Rescue and gas shut-off',
  expectedDuration: '48h',
  measures: ['Evacuate the block'],
  basis: { metric: 'deaths' },
  ...o,
});
const activate = (o: { body?: Record<string, unknown>; caller?: Caller; headers?: Record<string, string> } = {}) =>
  apiEvent('activateResponse', { params: { incidentId: INCIDENT_ID }, body: activation(o.body), ...(o.caller ? { caller: o.caller } : {}), headers: o.headers ?? {} });
const issue = (o: { body?: Record<string, unknown>; caller?: Caller } = {}) =>
  apiEvent('issueWarning', { params: { incidentId: INCIDENT_ID }, body: { ...warningDraft(), ...o.body }, ...(o.caller ? { caller: o.caller } : {}) });
const respond = (body: Record<string, unknown>, caller: Caller = countyOffice) => apiEvent('transitionResponse', { params: { incidentId: INCIDENT_ID }, body, caller });

beforeEach(() => {
  ddb.reset();
});

describe('reporting an incident', () => {
  it('writes one transaction of the incident head, conditioned on attribute_not_exists, and its audit item; it announces nothing', async () => {
    // Prepare
    given();
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke('incidents', apiEvent('reportIncident', { body: reportBody() }));

    // Assess
    expect(r.status, r.raw).toBe(201);
    const incidentId = r.body['incidentId'] as string;
    expect(r.headers['Location']).toBe(`/v1/incidents/${incidentId}`);
    expect(r.headers['ETag']).toBe('"1"');
    expect(r.body).toMatchObject({ status: 'reported', divisionCode: '110105', severity: { level: 'IV', basis: { planId: PLAN_ID, metric: 'deaths', threshold: 1, value: 2 } } });
    expect(keysDeep(r.body)).not.toContain('rev');
    expect(keysDeep(r.body)).not.toContain('reportedBy');
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    // Art 17, 61: reported one level up in the same transaction (issue 11): the notice and its receipt under the incident.
    expect(kinds()).toEqual(['incident', 'audit', 'notice', 'notice-receipt']);
    expect(put('notice').Item).toMatchObject({ noticeKind: 'incident-report', to: { division: '110100', level: 'city' }, status: 'pending', GSI1PK: 'INBOX#110100', GSI2PK: 'NOTICEDUE' });
    const [head, audit] = transactItems().map((i) => i.Put!);
    expect(head).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { PK: `INC#${incidentId}`, SK: 'HEAD', rev: 1, status: 'reported', reportedBy: countyOffice.sub, GSI1PK: 'INCS#110105', GSI2PK: 'INCCAT#110105#accident' },
    });
    expect(audit).toMatchObject({
      TableName: TABLE,
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { PK: `INC#${incidentId}`, kind: 'audit', action: 'report', from: null, actorSub: countyOffice.sub, actorDivision: '110105', division: '110105' },
    });
    expect(transactItems().some((i) => String(i.Put?.Item?.['PK']).startsWith('OUTBOX#'))).toBe(false);
  });

  it('adds the Idempotency-Key record as the last item of the same transaction', async () => {
    given();
    ddb.on(TransactWriteCommand).resolves({});

    const r = await invoke('incidents', apiEvent('reportIncident', { body: reportBody(), headers: { 'Idempotency-Key': 'report-gas-1' } }));

    expect(r.status).toBe(201);
    expect(kinds()).toEqual(['incident', 'audit', 'notice', 'notice-receipt', 'idempotency']);
    expect(put('idempotency')).toMatchObject({ Item: { ...keys.idempotency(`${countyOffice.sub}#reportIncident#report-gas-1`), statusCode: 201, etag: 1 } });
  });

  it('refuses a report for a division outside the office with 403 not-in-jurisdiction and writes nothing', async () => {
    given();

    const r = await invoke('incidents', apiEvent('reportIncident', { body: reportBody(), caller: otherCountyOffice }));

    expect(r.status).toBe(403);
    expect(r.body['code']).toBe('not-in-jurisdiction');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});

describe('activating a response (rules 6, 7, 9)', () => {
  it('writes the incident head conditioned on its rev and status, a congress filing, the audit item and a response.activated announcement with the level', async () => {
    // Prepare
    given({ incident: reportedIncident() });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke('response', activate());

    // Assess
    expect(r.status, r.raw).toBe(201);
    expect(r.headers['ETag']).toBe('"2"');
    expect(r.body).toMatchObject({ status: 'responding', response: { level: 'IV', planId: PLAN_ID, planVersion: 1, responsible: { division: '110105', level: 'county' } } });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(kinds()).toEqual(['incident', 'congress-filing', 'audit', 'outbox']);
    expect(put('incident')).toMatchObject({
      ConditionExpression: '#rev = :rev AND #status = :status',
      ExpressionAttributeNames: { '#rev': 'rev', '#status': 'status' },
      ExpressionAttributeValues: { ':rev': 1, ':status': 'reported' },
      Item: { PK: `INC#${INCIDENT_ID}`, SK: 'HEAD', rev: 2, status: 'responding', GSI1SK: expect.stringMatching(/^responding#/) },
    });
    expect(put('congress-filing').Item).toMatchObject({
      PK: `INC#${INCIDENT_ID}`,
      SK: expect.stringMatching(/^CFILING#/),
      decision: 'activation',
      to: { body: 'peoples-congress-standing-committee', division: '110105' },
      decidedBy: { division: '110105', level: 'county' },
      status: 'queued',
    });
    expect(put('audit').Item).toMatchObject({ PK: `INC#${INCIDENT_ID}`, action: 'activate-response', from: 'no response', to: 'level IV response', actorSub: countyOffice.sub });
    const outbox = put('outbox');
    expect(outbox).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { kind: 'outbox', type: 'response.activated', level: 'IV', division: '110105', category: 'accident', payload: { incidentId: INCIDENT_ID, level: 'IV', responsibleDivision: '110105' } },
    });
    expect(outbox.Item!['PK']).toBe(`OUTBOX#${outbox.Item!['eventId'] as string}`);
  });

  it('answers 409 concurrent-modification when the incident failed its condition and no If-Match was sent', async () => {
    given({ incident: reportedIncident() });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None', 'None', 'None'));

    const r = await invoke('response', activate());

    expect(r.status).toBe(409);
    expect(r.body['code']).toBe('concurrent-modification');
    expect(r.headers['Content-Type']).toBe('application/problem+json');
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });

  it('answers 412 precondition-failed when the caller sent the If-Match of its read and the incident then changed', async () => {
    given({ incident: reportedIncident() });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None', 'None', 'None'));

    const r = await invoke('response', activate({ headers: { 'If-Match': '"1"' } }));

    expect(r.status).toBe(412);
    expect(r.body['code']).toBe('precondition-failed');
  });

  it('answers 412 to a stale If-Match without sending any transaction', async () => {
    given({ incident: reportedIncident() });

    const r = await invoke('response', activate({ headers: { 'If-Match': '"7"' } }));

    expect(r.status).toBe(412);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses a level III activation by a county office under a plan requiring a city (rule 7), and lets the city activate it', async () => {
    // Prepare: 4 deaths meet the plan's level III threshold, so only the authority stands in the way
    given({ incident: reportedIncident({ deaths: 4 }) });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const county = await invoke('response', activate({ body: { level: 'III' } }));
    const city = await invoke('response', activate({ body: { level: 'III' }, caller: cityOffice }));

    // Assess
    expect(county.status).toBe(422);
    expect(county.body['code']).toBe('insufficient-authority');
    expect(county.body['detail']).toContain('city');
    expect(city.status, city.raw).toBe(201);
    expect(city.body['response']).toMatchObject({ level: 'III', responsible: { division: '110100', level: 'city' } });
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
    expect(put('congress-filing').Item).toMatchObject({ to: { division: '110100' } });
  });

  it('refuses to cite a plan version that is not published or filed (rule 6)', async () => {
    given({ incident: reportedIncident(), planStatus: 'draft' });

    const r = await invoke('response', activate());

    expect(r.status).toBe(422);
    expect(r.body['code']).toBe('plan-version-not-in-force');
    expect(r.body['errors']).toEqual([{ path: 'body.planVersion', message: expect.any(String) }]);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});

describe('a response after activation (rules 7, 8, 9)', () => {
  it('terminates by the leading county: recovery, an investigation, the personal-data clock, a termination filing and a response.terminated announcement', async () => {
    given({ incident: respondingIncident() });
    ddb.on(TransactWriteCommand).resolves({});

    const r = await invoke('response', respond({ action: 'terminate', reason: 'Block safe' }));

    expect(r.status, r.raw).toBe(200);
    expect(r.body).toMatchObject({ status: 'recovery', investigation: { status: 'open' }, piiDestructionFrom: expect.any(String) });
    expect(kinds()).toEqual(['incident', 'congress-filing', 'audit', 'pii-schedule', 'outbox']);
    expect(put('incident')).toMatchObject({ ExpressionAttributeValues: { ':rev': 2, ':status': 'responding' }, Item: { rev: 3, status: 'recovery' } });
    // Rule 17: the destruction clock the pii-destruction job finds through GSI1 PIIDUE.
    expect(put('pii-schedule').Item).toMatchObject({ destructionFrom: r.body['piiDestructionFrom'], GSI1PK: 'PIIDUE', GSI1SK: `${r.body['piiDestructionFrom']}#${r.body['incidentId']}` });
    expect(put('congress-filing').Item).toMatchObject({ decision: 'termination' });
    expect(put('outbox').Item).toMatchObject({ type: 'response.terminated', level: 'IV' });
  });

  it('refuses a termination by the city office, which does not lead the response (rule 7)', async () => {
    given({ incident: respondingIncident() });

    const r = await invoke('response', respond({ action: 'terminate', reason: 'x' }, cityOffice));

    expect(r.status).toBe(403);
    expect(r.body['code']).toBe('not-in-jurisdiction');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses a county raising its response to level III under a plan requiring a city (rule 7)', async () => {
    given({ incident: respondingIncident() });

    const r = await invoke('response', respond({ action: 'change-level', level: 'III', reason: 'More deaths' }));

    expect(r.status).toBe(422);
    expect(r.body['code']).toBe('insufficient-authority');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });
});

describe('issuing a warning (rules 1-5)', () => {
  it('writes the warning, its link on the incident, the audit item and a warning.issued announcement with the level', async () => {
    // Prepare
    given({ incident: reportedIncident() });
    ddb.on(TransactWriteCommand).resolves({});

    // Act
    const r = await invoke('warnings', issue());

    // Assess
    expect(r.status, r.raw).toBe(201);
    const warningId = r.body['warningId'] as string;
    expect(r.headers['Location']).toBe(`/v1/public/warnings/${warningId}.cap`);
    expect(r.body).toMatchObject({ level: '3', colour: 'yellow', status: 'active', issuer: { division: '110105', level: 'county' } });
    expect(r.body['issuer']).not.toHaveProperty('sub');
    expect(r.body).not.toHaveProperty('rev');
    // Art 64: reported one level up in the same transaction (issue 11).
    expect(kinds()).toEqual(['warning', 'warning-link', 'audit', 'outbox', 'notice', 'notice-receipt']);
    expect(put('warning')).toMatchObject({
      ConditionExpression: 'attribute_not_exists(PK)',
      Item: { PK: `WARN#${warningId}`, SK: 'HEAD', rev: 1, level: '3', colour: 'yellow', GSI1PK: 'WARNS#ACTIVE', messages: [{ msgType: 'Alert', identifier: `${warningId}.1` }] },
    });
    expect((put('warning').Item!['checklist'] as string[]).every((c) => c.startsWith('art66'))).toBe(true);
    expect(put('warning-link').Item).toMatchObject({ PK: `INC#${INCIDENT_ID}`, SK: `WARN#${warningId}`, level: '3', status: 'active' });
    expect(put('audit').Item).toMatchObject({ PK: `INC#${INCIDENT_ID}`, entity: 'warning', entityId: warningId, action: 'issue-warning' });
    expect(put('outbox').Item).toMatchObject({ type: 'warning.issued', level: '3', division: '110105', category: 'accident', payload: { warningId, colour: 'yellow' } });
  });

  it('refuses a warning by a township office with 422 issuer-below-county (rule 3)', async () => {
    given({ incident: reportedIncident() });

    const r = await invoke('warnings', issue({ caller: townshipOffice }));

    expect(r.status).toBe(422);
    expect(r.body['code']).toBe('issuer-below-county');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses a warning for a social-security incident with 422 no-warning-for-social-security (rule 5)', async () => {
    given({ incident: reportedIncident({ category: 'social-security' }) });

    const r = await invoke('warnings', issue());

    expect(r.status).toBe(422);
    expect(r.body['code']).toBe('no-warning-for-social-security');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('refuses the city office lifting the county warning (rule 3: only the issuer)', async () => {
    given({ incident: reportedIncident(), warning: countyWarning() });

    const r = await invoke('warnings', apiEvent('transitionWarning', { params: { warningId: WARNING_ID }, body: { action: 'lift' }, caller: cityOffice }));

    expect(r.status).toBe(403);
    expect(r.body['code']).toBe('not-in-jurisdiction');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 409 when the warning changed between the read and the lift', async () => {
    given({ incident: reportedIncident(), warning: countyWarning() });
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ConditionalCheckFailed', 'None', 'None', 'None'));

    const r = await invoke('warnings', apiEvent('transitionWarning', { params: { warningId: WARNING_ID }, body: { action: 'lift' } }));

    expect(r.status).toBe(409);
    expect(r.body['code']).toBe('concurrent-modification');
    expect(put('warning')).toMatchObject({ ExpressionAttributeValues: { ':rev': 1, ':status': 'active' }, Item: { status: 'lifted', rev: 2 } });
  });
});

/** One write of each function, from a table that holds what it needs. */
const writes: [keyof typeof FUNCTIONS, RouteName, () => void, () => EventInput][] = [
  ['incidents', 'followUpIncident', () => given({ incident: reportedIncident() }), () => ({ params: { incidentId: INCIDENT_ID }, body: { ...figuresOf(reportBody()) } })],
  ['warnings', 'issueWarning', () => given({ incident: reportedIncident() }), () => ({ params: { incidentId: INCIDENT_ID }, body: warningDraft() })],
  ['response', 'activateResponse', () => given({ incident: reportedIncident() }), () => ({ params: { incidentId: INCIDENT_ID }, body: activation() })],
];
function figuresOf(b: ReturnType<typeof reportBody>) {
  return { casualties: b.casualties, directLossFen: b.directLossFen, affectedPopulation: b.affectedPopulation };
}

describe.each(writes)('injected SDK failures in the %s function (%s)', (fn, route, prepare, input) => {
  it('answers 503 with Retry-After when the transaction is cancelled for throttling', async () => {
    prepare();
    ddb.on(TransactWriteCommand).rejects(transactionCanceled('ThrottlingError', 'None', 'None', 'None'));

    const r = await invoke(fn, apiEvent(route, input()));

    expect(r.status).toBe(503);
    expect(r.body['code']).toBe('service-unavailable');
    expect(r.headers['Retry-After']).toMatch(/^\d+$/);
    expect(r.headers['Content-Type']).toBe('application/problem+json');
  });

  it('answers 503 with Retry-After when the read of the incident is throttled', async () => {
    prepare();
    ddb.on(GetCommand, { Key: keys.incident(INCIDENT_ID) }).rejects(new ProvisionedThroughputExceededException({ message: 'throughput exceeded for table t-secret', $metadata: {} }));

    const r = await invoke(fn, apiEvent(route, input()));

    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toMatch(/^\d+$/);
    expect(r.raw).not.toContain('t-secret');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 500 internal-error without any internals when the write fails for an unknown reason', async () => {
    prepare();
    ddb.on(TransactWriteCommand).rejects(new Error('connect ECONNREFUSED 10.0.0.1:443 table t-secret'));

    const r = await invoke(fn, apiEvent(route, input()));

    expect(r.status).toBe(500);
    expect(r.body).toEqual({ type: 'https://errors.emergency.example/internal-error', title: 'Internal error', status: 500, code: 'internal-error', requestId: expect.any(String) });
    for (const fragment of ['ECONNREFUSED', '10.0.0.1', 't-secret', TABLE, INCIDENT_ID, '    at ', '.ts:']) expect(r.raw).not.toContain(fragment);
  });
});
