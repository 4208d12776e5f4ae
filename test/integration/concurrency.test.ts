// Conflicting writes against DynamoDB Local: optimistic locking, idempotent creation, and one audit item per state change.
import { beforeAll, describe, expect, it } from 'vitest';
import { revisedPlanBody, samplePlanBody } from '../support/bodies.ts';
import { countyOffice, officeOf } from '../support/callers.ts';
import { call, type Reply } from '../support/invoke.ts';
import { auditOf, useLocalTable, versionsOf, type TestTable } from '../support/local-table.ts';

const PARALLEL = 20;

let table: TestTable;
beforeAll(async () => {
  table = await useLocalTable();
});

const times = <T>(n: number, f: (i: number) => Promise<T>) => Promise.all(Array.from({ length: n }, (_, i) => f(i)));
const statuses = (rs: Reply[]) => rs.map((r) => r.status);
const count = (rs: Reply[], status: number) => rs.filter((r) => r.status === status).length;

const revision = revisedPlanBody;

describe('concurrent transitions', () => {
  it('lets exactly one of 20 simultaneous submits of one draft through and refuses the rest with 409', async () => {
    // Prepare
    const created = await call('createPlan', { body: samplePlanBody() });
    expect(created.status).toBe(201);
    const planId = created.body.planId as string;

    // Act
    const results = await times(PARALLEL, () => call('transitionPlan', { params: { planId }, body: { action: 'submit' } }));

    // Assess
    expect(count(results, 200), JSON.stringify(statuses(results))).toBe(1);
    const refused = results.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(PARALLEL - 1);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.headers['Content-Type']).toBe('application/problem+json');
      expect(['concurrent-modification', 'invalid-transition']).toContain(r.body.code);
    }
    expect(await auditOf(table, planId)).toHaveLength(2);
    const now = await call('getPlan', { params: { planId } });
    expect(now.body).toMatchObject({ status: 'under-review', content: { version: 1, status: 'under-review' } });
    expect(now.headers['ETag']).toBe('"2"');
  });

  it('lets exactly one of 20 PUTs carrying the same If-Match through; the others get 412 or 409 and write no version', async () => {
    // Prepare
    const created = await call('createPlan', { body: samplePlanBody() });
    const planId = created.body.planId as string;
    const etag = created.headers['ETag']!;
    expect(etag).toBe('"1"');

    // Act
    const results = await times(PARALLEL, (i) =>
      call('revisePlan', { params: { planId }, body: revision(`Flood plan, revision ${i}`), headers: { 'If-Match': etag } }),
    );

    // Assess
    expect(count(results, 200), JSON.stringify(statuses(results))).toBe(1);
    for (const r of results.filter((x) => x.status !== 200)) {
      expect([409, 412]).toContain(r.status);
      expect(['precondition-failed', 'concurrent-modification']).toContain(r.body.code);
    }
    const versions = await versionsOf(table, planId);
    expect(versions).toHaveLength(2);
    const winner = results.find((r) => r.status === 200)!;
    expect(versions.find((v) => v['version'] === 2)).toMatchObject({ status: 'draft', title: winner.body.title });
    expect(versions.find((v) => v['version'] === 1)).toMatchObject({ status: 'replaced', title: 'Flood emergency plan' });
    expect(await auditOf(table, planId)).toHaveLength(2);
  });
});

describe('Idempotency-Key under concurrency', () => {
  it('creates one plan for 20 simultaneous creates with one key and body, and answers each with it', async () => {
    // Prepare
    const office = officeOf('110101');
    const body = samplePlanBody({ divisionCode: '110101' });
    const headers = { 'Idempotency-Key': 'create-flood-plan-0001' };

    // Act
    const results = await times(PARALLEL, () => call('createPlan', { caller: office, body, headers }));

    // Assess
    expect(statuses(results)).toEqual(Array(PARALLEL).fill(201));
    const planIds = new Set(results.map((r) => r.body.planId));
    expect(planIds.size).toBe(1);
    const planId = [...planIds][0] as string;
    expect(results.filter((r) => r.headers['Idempotent-Replayed'] === 'true')).toHaveLength(PARALLEL - 1);
    for (const r of results) expect(r.headers['ETag']).toBe('"1"');

    const listed = await call('listPlans', { caller: office, query: { limit: '100' } });
    expect(listed.body.items.map((p: { planId: string }) => p.planId)).toEqual([planId]);
    const heads = (await table.all()).filter((i) => i['kind'] === 'plan' && i['divisionCode'] === '110101');
    expect(heads).toHaveLength(1);
    expect(await auditOf(table, planId)).toHaveLength(1);
  });

  it('replays the first response of a repeated create whole: status, body, ETag and Location', async () => {
    // Prepare
    const office = officeOf('110113');
    const body = samplePlanBody({ divisionCode: '110113' });
    const headers = { 'Idempotency-Key': 'create-drought-plan-0001' };
    const first = await call('createPlan', { caller: office, body, headers });
    expect(first.status).toBe(201);
    expect(first.headers['Location']).toBe(`/v1/plans/${first.body.planId}`);

    // Act
    const repeat = await call('createPlan', { caller: office, body, headers });

    // Assess
    expect(repeat.headers['Idempotent-Replayed']).toBe('true');
    expect(repeat.status).toBe(201);
    expect(repeat.body).toEqual(first.body);
    expect(repeat.headers['ETag']).toBe(first.headers['ETag']);
    expect(repeat.headers['Location']).toBe(first.headers['Location']);
  });

  it('refuses the same key with another body (422 idempotency-key-reused) and writes nothing', async () => {
    // Prepare
    const office = officeOf('110111');
    const headers = { 'Idempotency-Key': 'create-fire-plan-0001' };
    const first = await call('createPlan', { caller: office, body: samplePlanBody({ divisionCode: '110111' }), headers });
    expect(first.status).toBe(201);
    const before = await table.dump();

    // Act
    const other = await call('createPlan', { caller: office, body: samplePlanBody({ divisionCode: '110111', title: 'Forest fire plan' }), headers });

    // Assess
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
    expect(await table.dump()).toEqual(before);
  });

  it('lets another caller use the same key for a plan of its own', async () => {
    // Prepare
    const headers = { 'Idempotency-Key': 'shared-key-0001' };
    const body = samplePlanBody({ divisionCode: '110112' });
    const first = await call('createPlan', { caller: officeOf('110112', { sub: 'office-110112-a' }), body, headers });

    // Act
    const second = await call('createPlan', { caller: officeOf('110112', { sub: 'office-110112-b' }), body, headers });

    // Assess
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.headers['Idempotent-Replayed']).toBeUndefined();
    expect(second.body.planId).not.toBe(first.body.planId);
    const listed = await call('listPlans', { caller: officeOf('110112'), query: { limit: '100' } });
    expect(listed.body.items.map((p: { planId: string }) => p.planId).sort()).toEqual([first.body.planId, second.body.planId].sort());
  });
});

describe('audit trail', () => {
  it('writes one audit item per state change, naming actor, action, from, to, request and time, and none for refused calls', async () => {
    const planId = { current: '' };
    const params = () => ({ planId: planId.current });
    const done: { requestId: string; action: string; from: string | null; to: string }[] = [];
    const ok = async (r: Reply, expected: number, action: string, from: string | null, to: string) => {
      expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(expected);
      done.push({ requestId: r.requestId, action, from, to });
      return r;
    };
    /** A refused call: a 4xx problem, and the table exactly as it was. */
    const refused = async (call: () => Promise<Reply>, status: number, code: string) => {
      const before = await table.dump();
      const r = await call();
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body.code).toBe(code);
      expect(await table.dump()).toEqual(before);
    };
    const act = (action: string) => call('transitionPlan', { params: params(), body: { action } });

    // Act: the life of a plan, with refused calls in between
    const created = await ok(await call('createPlan', { body: samplePlanBody() }), 201, 'create', null, 'draft');
    planId.current = created.body.planId;
    await ok(await act('submit'), 200, 'submit', 'v1:draft', 'v1:under-review');
    await refused(() => call('revisePlan', { params: params(), body: revision('Too early'), headers: { 'If-Match': '"2"' } }), 409, 'invalid-transition');
    await ok(await act('approve'), 200, 'approve', 'v1:under-review', 'v1:approved');
    await refused(() => act('approve'), 409, 'invalid-transition');
    await ok(await act('publish'), 200, 'publish', 'v1:approved', 'v1:published');
    await refused(() => act('submit'), 409, 'invalid-transition');
    const head = await call('getPlan', { params: params() });
    await ok(
      await call('revisePlan', { params: params(), body: revision('Flood plan 2027'), headers: { 'If-Match': head.headers['ETag']! } }),
      200,
      'revise',
      'v1:published',
      'v2:draft',
    );
    await refused(() => call('revisePlan', { params: params(), body: revision('Stale'), headers: { 'If-Match': head.headers['ETag']! } }), 412, 'precondition-failed');
    await ok(await act('submit'), 200, 'submit', 'v2:draft', 'v2:under-review');
    await ok(await act('approve'), 200, 'approve', 'v2:under-review', 'v2:approved');
    await ok(await act('publish'), 200, 'publish', 'v2:approved', 'v2:published');
    await ok(await act('file'), 200, 'file', 'v2:published', 'v2:filed');
    const conductedAt = new Date(Date.now() - 3600_000).toISOString();
    const drill = await ok(
      await call('recordDrill', { params: params(), body: { conductedAt, scenario: 'River levee breach at night', participants: 120 } }),
      201,
      'record-drill',
      'never-drilled',
      conductedAt,
    );
    const drillId = drill.body.drillId as string;
    const evaluate = () => call('evaluateDrill', { params: { drillId }, body: { findings: ['Sirens reached every village'], revisionNeeded: false } });
    await ok(await evaluate(), 200, 'evaluate-drill', 'unevaluated', 'no-revision-needed');
    await refused(evaluate, 409, 'invalid-transition');

    // Assess
    const audit = await auditOf(table, planId.current);
    expect(audit).toHaveLength(done.length);
    expect(done).toHaveLength(11);
    for (const item of audit) {
      const call = done.find((d) => d.requestId === item['requestId']);
      expect(call, `audit item of an unknown request: ${JSON.stringify(item)}`).toBeDefined();
      expect(item).toMatchObject({ action: call!.action, from: call!.from, to: call!.to, actorSub: countyOffice.sub, actorRole: 'office', division: '110105' });
      expect(item['at']).toEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/));
      expect(item['SK']).toBe(`AUDIT#${item['at']}#${item['auditId']}`);
    }
    expect(new Set(audit.map((i) => i['requestId'])).size).toBe(done.length);
  });
});
