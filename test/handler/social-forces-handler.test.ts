// The organisations, volunteers and deployments functions with a mocked DynamoDB document client backed by a small
// in-memory double of the table (conditions `attribute_not_exists(PK)` and `#rev = :rev` are honoured; the rest of
// DynamoDB's semantics are checked against DynamoDB Local in the integration tests): what each write puts into its one
// transaction, personal fields sealed and masked, the search index sparse, the certificate escaped, and injected SDK
// failures (a lost race on a commitment, throttling, an internal error) answered as clear problems that say nothing
// of the request, with no personal value in any log line.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/store/keys.ts';
import { logger } from '../../shared/log.ts';
import { countyOffice, otherCountyOffice } from '../support/callers.ts';
import { call } from '../support/invoke.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import { CANARY, day, deploymentBody, findCanary, organizationBody, orgUserOf, policyBody, volunteerBody } from '../support/social-forces.ts';

const { ddb, transactItems } = mockTable();
let keyDir: string;
const org = orgUserOf('org-handler-0001');

beforeAll(() => {
  keyDir = mkdtempSync(join(tmpdir(), 'erp-social-handler-'));
  vi.stubEnv('LOCAL_DATA_DIR', keyDir);
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(keyDir, { recursive: true, force: true });
});

// ---- The table double -------------------------------------------------------------------------------------------

type Item = Record<string, any>;
const items = new Map<string, Item>();
const keyOf = (k: { PK: string; SK: string }) => `${k.PK}\u0000${k.SK}`;

function conditionHolds(existing: Item | undefined, c: { ConditionExpression?: string; ExpressionAttributeValues?: Item }): boolean {
  if (!c.ConditionExpression) return true;
  if (c.ConditionExpression.startsWith('attribute_not_exists(PK)')) return existing === undefined;
  const rev = c.ExpressionAttributeValues?.[':rev'];
  return rev === undefined || existing?.['rev'] === rev;
}

function backTheMockWithTheDouble() {
  ddb.on(GetCommand).callsFake((input) => ({ Item: structuredClone(items.get(keyOf(input.Key))) }));
  ddb.on(PutCommand).callsFake((input) => {
    if (!conditionHolds(items.get(keyOf(input.Item)), input)) throw Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    items.set(keyOf(input.Item), structuredClone(input.Item));
    return {};
  });
  ddb.on(BatchGetCommand).callsFake((input) => {
    const [table, req] = Object.entries(input.RequestItems as Record<string, { Keys: { PK: string; SK: string }[] }>)[0]!;
    return { Responses: { [table]: req.Keys.flatMap((k) => (items.has(keyOf(k)) ? [structuredClone(items.get(keyOf(k)))] : [])) } };
  });
  ddb.on(QueryCommand).callsFake((input) => {
    const v = input.ExpressionAttributeValues as Item;
    const pkAttr = input.IndexName ? `${input.IndexName}PK` : 'PK';
    const found = [...items.values()].filter((i) => i[pkAttr] === v[':pk'] && (v[':sk'] === undefined || String(i[input.IndexName ? `${input.IndexName}SK` : 'SK']).startsWith(v[':sk'])));
    return { Items: found.slice(0, input.Limit ?? found.length) };
  });
  ddb.on(TransactWriteCommand).callsFake((input) => {
    const injected = failures.shift();
    if (injected) throw injected;
    const ops = input.TransactItems as Item[];
    const reasons = ops.map((t) => {
      const op = t.Put ?? t.Delete ?? t.ConditionCheck;
      const existing = items.get(keyOf(t.Put ? t.Put.Item : op.Key));
      return t.ConditionCheck || conditionHolds(existing, op) ? 'None' : 'ConditionalCheckFailed';
    });
    if (reasons.some((r) => r !== 'None')) throw transactionCanceled(...(reasons as never[]));
    for (const t of ops) {
      if (t.Put) items.set(keyOf(t.Put.Item), structuredClone(t.Put.Item));
      if (t.Delete) items.delete(keyOf(t.Delete.Key));
    }
    return {};
  });
}

/** Errors the next transactions fail with, in order (after the steps that prepare a test have written). */
const failures: Error[] = [];

const logged: unknown[] = [];
beforeEach(() => {
  ddb.reset();
  items.clear();
  failures.length = 0;
  backTheMockWithTheDouble();
  logged.length = 0;
  vi.restoreAllMocks();
  for (const level of ['debug', 'info', 'warn', 'error', 'critical'] as const) vi.spyOn(logger, level).mockImplementation((...args: unknown[]) => void logged.push(args));
});

/** An incident of 110105 under an active response, put straight into the double. */
function respondingIncident(incidentId = '6e2f8d4b-3c5a-4b7f-8d9e-8f7a6b5c4d3e'): string {
  items.set(keyOf(keys.incident(incidentId)), {
    ...keys.incident(incidentId),
    kind: 'incident',
    incidentId,
    category: 'natural-disaster',
    divisionCode: '110105',
    status: 'responding',
    response: { status: 'active', level: 'IV' },
    rev: 2,
  });
  return incidentId;
}

async function registeredOrganization(): Promise<void> {
  expect((await call('registerOrganization', { caller: org, body: organizationBody({ contact: { name: CANARY.contactName, phone: CANARY.contactPhone } }) })).status).toBe(201);
  expect((await call('transitionOrganization', { params: { organizationId: org.orgId! }, body: { action: 'approve-registration', validUntil: day(365) } })).status).toBe(200);
}

async function canaryMember(o: Record<string, unknown> = {}): Promise<string> {
  const r = await call('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: volunteerBody(1, { name: CANARY.name, idNumber: CANARY.idNumber, phone: CANARY.phone, ...o }) });
  expect(r.status, r.raw).toBe(201);
  return r.body.volunteerId;
}

/** The items of the social-forces stores themselves: the PII registry's entry (rule 16) rides along in the same transaction. */
const ours = (kinds: unknown[]) => kinds.filter((k) => k !== 'pii-record');
const written = () => JSON.stringify(ddb.commandCalls(TransactWriteCommand).map((c) => c.args[0].input));

describe('registering an organisation (rule 22)', () => {
  it('writes the head with the contact sealed, a summary per capability, and the audit entry in one transaction', async () => {
    // Act
    const r = await call('registerOrganization', { caller: org, body: organizationBody({ contact: { name: CANARY.contactName, phone: CANARY.contactPhone } }) });

    // Assess
    expect(r.status).toBe(201);
    expect(r.headers['Location']).toBe('/v1/organizations/org-handler-0001');
    expect(r.body.contact).toEqual({ name: '金*****', phone: '138****8007' });
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const put = transactItems().map((t) => (t.Put ? t.Put.Item : undefined)).filter(Boolean) as Item[];
    expect(ours(put.map((i) => i['kind']))).toEqual(['organization', 'organization-capability', 'organization-capability', 'audit']);
    expect(put[0]).toMatchObject({ PK: 'ORG#org-handler-0001', SK: 'HEAD', organizationKind: 'rescue-team', GSI1PK: 'ORGS#110105', GSI1SK: 'pending#org-handler-0001' });
    expect(put[0]!['contact'].phone).toMatchObject({ v: 1, purpose: 'volunteer', incidentId: 'register-110105', mask: '138****8007' });
    expect(transactItems()[0]!.Put!.ConditionExpression).toBe('attribute_not_exists(PK)');
    expect(findCanary(written())).toEqual([]);
  });

  it('refuses a second registration of the same organisation without writing (rule 22: one per id)', async () => {
    // Prepare
    await call('registerOrganization', { caller: org, body: organizationBody() });

    // Act
    const r = await call('registerOrganization', { caller: org, body: organizationBody({ name: 'Again' }) });

    // Assess
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('organization-already-registered');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('shows an organisation to offices with jurisdiction and its own users only', async () => {
    // Prepare
    await registeredOrganization();

    // Act / Assess
    expect((await call('getOrganization', { params: { organizationId: org.orgId! } })).body).toMatchObject({ status: 'registered', deployableToday: true, groupCoverCountsForAll: false });
    expect((await call('getOrganization', { caller: otherCountyOffice, params: { organizationId: org.orgId! } })).status).toBe(404);
    expect((await call('getOrganization', { caller: orgUserOf('org-other-0002'), params: { organizationId: org.orgId! } })).status).toBe(404);
  });
});

describe('registering volunteers (rules 19, 20)', () => {
  it('seals identity and contact, indexes a consenting volunteer by skill, and answers masked', async () => {
    // Prepare
    await registeredOrganization();

    // Act
    const id = await canaryMember();

    // Assess
    const put = ddb.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!.map((t) => t.Put!.Item!);
    expect(ours(put.map((i) => i['kind']))).toEqual(['volunteer', 'volunteer-search', 'volunteer-search', 'volunteer-search', 'audit']);
    expect(put.filter((i) => i['kind'] === 'volunteer-search').map((i) => String(i['PK']).replace(/#\d$/, ''))).toEqual([
      'VOLIDX#110105#all',
      'VOLIDX#110105#skill:water-rescue',
      'VOLIDX#110105#skill:first-aid',
    ]);
    expect(put[0]).toMatchObject({ GSI2PK: 'ORGVOLS#org-handler-0001', personal: { idNumber: { mask: `110105********${CANARY.idNumber.slice(-4)}` } } });
    expect(findCanary(written())).toEqual([]);
    const read = await call('getVolunteer', { caller: org, params: { volunteerId: id } });
    expect(read.body).toMatchObject({ name: CANARY.name, phone: `+86${CANARY.phone}`, idNumber: `110105********${CANARY.idNumber.slice(-4)}` });
  });

  it('writes no search item for a volunteer who withholds consent, and shows offices masks only (rule 20)', async () => {
    // Prepare
    await registeredOrganization();

    // Act
    const id = await canaryMember({ consentToShare: false });

    // Assess
    const kinds = ddb.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!.map((t) => t.Put!.Item!['kind']);
    expect(ours(kinds)).toEqual(['volunteer', 'audit']);
    const seen = await call('getVolunteer', { params: { volunteerId: id } });
    expect(seen.body).toMatchObject({ name: '金*****', phone: '137****7001', disclosure: { as: 'office', name: 'masked', phone: 'masked', idNumber: 'masked' } });
  });
});

describe('requesting a deployment (rules 21, 22)', () => {
  it('writes the head, each person\'s commitments conditioned on their rev, the organisation check, audit and the event for the organisation', async () => {
    // Prepare
    const incidentId = respondingIncident();
    await registeredOrganization();
    const v = await canaryMember();
    await call('addVolunteerInsurance', { caller: org, params: { volunteerId: v }, body: policyBody(1) });
    const before = ddb.commandCalls(TransactWriteCommand).length;

    // Act
    const r = await call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId }) });

    // Assess
    expect(r.status, r.raw).toBe(201);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(before + 1);
    const ops = ddb.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!;
    const kindOf = (t: (typeof ops)[number]) => (t.ConditionCheck ? `check ${t.ConditionCheck.Key!['PK']}` : String(t.Put!.Item!['kind']));
    // Nobody has said yes yet: no roster is copied with the request (rule 20).
    expect(ops.map(kindOf)).toEqual(['deployment', 'volunteer-commitments', 'check ORG#org-handler-0001', 'audit', 'outbox']);
    expect(r.body.contacts).toEqual([]);
    expect(ops[1]!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK)', Item: { live: [{ deploymentId: r.body.deploymentId, from: day(0), to: day(2) }], asked: [r.body.deploymentId], rev: 1 } });
    expect(ops[2]!.ConditionCheck).toMatchObject({ ConditionExpression: '#rev = :rev', ExpressionAttributeValues: { ':rev': 2 } });
    expect(ops[4]!.Put!.Item).toMatchObject({ type: 'deployment.requested', division: '110105', attributes: { org: 'org-handler-0001' }, payload: { deploymentId: r.body.deploymentId, people: 1 } });
    expect(JSON.stringify(r.body)).not.toContain(org.sub!);
  });

  it('rule 16: copies the name and phone of the people who accepted into the roster, sealed for the incident and registered for its destruction', async () => {
    // Prepare
    const incidentId = respondingIncident();
    await registeredOrganization();
    const v = await canaryMember();
    await call('addVolunteerInsurance', { caller: org, params: { volunteerId: v }, body: policyBody(1) });
    const requested = await call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId }) });

    // Act
    const r = await call('transitionDeployment', { caller: org, params: { deploymentId: requested.body.deploymentId }, body: { action: 'accept' } });

    // Assess
    expect(r.status, r.raw).toBe(200);
    const ops = ddb.commandCalls(TransactWriteCommand).at(-1)!.args[0].input.TransactItems!;
    expect(ops.map((t) => String(t.Put!.Item!['kind']))).toEqual(['deployment', 'deployment-roster', 'pii-record', 'audit', 'outbox']);
    expect(JSON.stringify(ops[1]!.Put!.Item)).not.toContain(CANARY.phone.slice(3));
    expect(ops[1]!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK)' });
    expect(ops[1]!.Put!.Item!['contacts'][v]).toMatchObject({ name: { incidentId, purpose: 'volunteer' }, phone: { incidentId, purpose: 'volunteer', mask: '137****7001' } });
    expect(ops[2]!.Put!.Item).toMatchObject({ PK: `PIIREG#${incidentId}`, recordKind: 'deployment', contactFields: [`contacts.${v}.phone`] });
    // Rule 18: the trail says the contacts were copied in the clear, never which.
    expect(ops[3]!.Put!.Item!['to']).toBe('accepted; the name and phone of 1 person copied from their registers for the response');
    expect(r.body.contacts).toEqual([{ volunteerId: v, name: '金*****', phone: '137****7001' }]);
  });

  it('answers 409 without internals when another request took the volunteer first (the commitments condition failed)', async () => {
    // Prepare
    const incidentId = respondingIncident();
    await registeredOrganization();
    const v = await canaryMember();
    failures.push(transactionCanceled('None', 'ConditionalCheckFailed', 'None', 'None', 'None'));

    // Act
    const r = await call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: { title: 'Logistics', kind: 'logistics', risky: false, requiredQualifications: [] } }) });

    // Assess
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'concurrent-modification', detail: 'Another request changed the volunteer-commitments at the same time.' });
    expect(items.has(keyOf(keys.volunteerCommitments(v)))).toBe(false);
  });

  it('answers 503 with Retry-After when the table throttles a read, and logs no personal value', async () => {
    // Prepare
    const incidentId = respondingIncident();
    await registeredOrganization();
    const v = await canaryMember();
    ddb.on(BatchGetCommand).rejectsOnce(Object.assign(new Error(`Rate exceeded for ${CANARY.phone}`), { name: 'ThrottlingException', $metadata: {} }));

    // Act
    const r = await call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId }) });

    // Assess
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBeDefined();
    expect(findCanary(r.raw)).toEqual([]);
    expect(findCanary(JSON.stringify(logged))).toEqual([]);
  });

  it('answers a plain 500 to an unexpected store error: no message, no stack, nothing of the request', async () => {
    // Prepare
    await registeredOrganization();
    failures.push(Object.assign(new Error(`internal failure while writing ${CANARY.name}`), { name: 'ValidationException', $metadata: {} }));

    // Act
    const r = await call('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: volunteerBody(1, { name: CANARY.name, idNumber: CANARY.idNumber, phone: CANARY.phone }) });

    // Assess
    expect(r.status).toBe(500);
    expect(r.body).toMatchObject({ code: 'internal-error' });
    expect(findCanary(r.raw)).toEqual([]);
    expect(r.raw).not.toContain('internal failure');
    expect(findCanary(JSON.stringify(logged))).toEqual([]);
    expect(JSON.stringify(logged)).toContain('ValidationException');
  });

  it('lets nobody but the organisation or the volunteer answer: the office is refused (rule 21, no forced assignment)', async () => {
    // Prepare
    const incidentId = respondingIncident();
    await registeredOrganization();
    const v = await canaryMember();
    const d = await call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: { title: 'Logistics', kind: 'logistics', risky: false, requiredQualifications: [] } }) });
    const writes = ddb.commandCalls(TransactWriteCommand).length;

    // Act
    const byOffice = await call('transitionDeployment', { params: { deploymentId: d.body.deploymentId }, body: { action: 'accept' } });
    const byStranger = await call('transitionDeployment', { caller: orgUserOf('org-other-0002'), params: { deploymentId: d.body.deploymentId }, body: { action: 'decline' } });

    // Assess
    expect(byOffice.body.code).toBe('no-forced-assignment');
    expect(byStranger.status).toBe(404);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(writes);
  });
});

describe('the service certificate (Volunteer Service Regulations Art 19)', () => {
  it('is print-ready HTML in both languages, with everything typed by others escaped', async () => {
    // Prepare: a task title an office typed with markup in it.
    const incidentId = respondingIncident();
    await registeredOrganization();
    const v = await canaryMember();
    const d = await call('createDeployment', {
      params: { incidentId },
      body: deploymentBody([v], { organizationId: org.orgId, task: { title: '<script>alert("x")</script> & sandbags', kind: 'logistics', risky: false, requiredQualifications: [] } }),
    });
    await call('transitionDeployment', { caller: org, params: { deploymentId: d.body.deploymentId }, body: { action: 'accept' } });

    // Act
    const r = await call('volunteerCertificate', { caller: org, params: { volunteerId: v } });

    // Assess
    expect(r.status).toBe(200);
    expect(r.headers['Content-Type']).toBe('text/html; charset=utf-8');
    expect(r.raw).toMatch(/^<!DOCTYPE html>/);
    expect(r.raw).toContain('志愿服务记录证明');
    expect(r.raw).toContain('Certificate of Volunteer Service');
    expect(r.raw).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; sandbags');
    expect(r.raw).not.toContain('<script>');
    expect(r.raw).toContain(CANARY.name);
    expect(r.raw).not.toContain(CANARY.idNumber);
    expect(r.raw).toContain('Blue Sky Rescue Chaoyang');
    expect(r.raw).toContain('免费出具');
  });
});

describe('who the certificate and service record are for', () => {
  it('keeps them from anyone the volunteer record is hidden from (rule 20)', async () => {
    // Prepare
    await registeredOrganization();
    const v = await canaryMember();

    // Act / Assess
    for (const name of ['volunteerCertificate', 'volunteerServiceRecord'] as const) {
      expect((await call(name, { caller: otherCountyOffice, params: { volunteerId: v } })).status).toBe(404);
      expect((await call(name, { caller: orgUserOf('org-other-0002'), params: { volunteerId: v } })).status).toBe(404);
      expect((await call(name, { caller: countyOffice, params: { volunteerId: v } })).status).toBe(200);
    }
  });
});
