// The social-forces store against DynamoDB Local: two offices deploying one volunteer for overlapping dates (exactly
// one commits, by the commitments item's condition, even when both decided on the same read), an acceptance racing a
// decline (one outcome), the volunteer search over its sharded index (every consenting match once, in order, across
// pages; filters by weekday and certificate; only Queries of the index, never a Scan), and the capability summaries
// following an organisation's status.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { socialRepositories } from '../../shared/app/social-forces.ts';
import { createDeployment, transitionDeployment } from '../../shared/domain/deployment.ts';
import { isoWeekday } from '../../shared/domain/organization.ts';
import { ConcurrentModification } from '../../shared/errors.ts';
import { tableConfig } from '../../shared/config.ts';
import { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { cityOffice, countyOffice, userOf } from '../support/callers.ts';
import { call } from '../support/invoke.ts';
import { useLocalTable, type TestTable } from '../support/local-table.ts';
import { ok } from '../support/replies.ts';
import { certificateBody, day, deploymentBody, deploymentClaimBody, organizationBody, orgUserOf, policyBody, respondingIncident, volunteerBody } from '../support/social-forces.ts';

let table: TestTable;
let keyDir: string;
let incidentId: string;
const org = orgUserOf('org-river-0001');
const logistics = { title: 'Shelter logistics', kind: 'logistics', risky: false, requiredQualifications: [] };

beforeAll(async () => {
  keyDir = mkdtempSync(join(tmpdir(), 'erp-social-keys-'));
  process.env['LOCAL_DATA_DIR'] = keyDir;
  table = await useLocalTable();
  incidentId = await respondingIncident(call);
  await ok(call('registerOrganization', { caller: org, body: organizationBody() }), 201);
  await ok(call('transitionOrganization', { params: { organizationId: org.orgId! }, body: { action: 'approve-registration', validUntil: day(365) } }));
});
afterAll(() => {
  rmSync(keyDir, { recursive: true, force: true });
});

const member = async (n: number, body: Record<string, unknown> = {}) =>
  (await ok(call('registerMemberVolunteer', { caller: org, params: { organizationId: org.orgId! }, body: volunteerBody(n, body) }), 201)).volunteerId as string;
const commitmentsOf = async (volunteerId: string) => (await table.partition(`VOL#${volunteerId}`)).find((i) => i['SK'] === 'COMMITMENTS');

describe('one volunteer, two overlapping deployments', () => {
  it('lets exactly one of two offices deploying the same volunteer at once commit (rule 21: no double booking)', async () => {
    for (let round = 0; round < 4; round++) {
      // Prepare
      const v = await member(200 + round);

      // Act: the county and the city request the same person for overlapping dates at the same moment.
      const [a, b] = await Promise.all([
        call('createDeployment', { caller: countyOffice, params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: logistics, from: day(1), to: day(3) }) }),
        call('createDeployment', { caller: cityOffice, params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: logistics, from: day(2), to: day(4) }) }),
      ]);

      // Assess: one 201; the other lost the race (409) or read the winner's commitment (422).
      const statuses = [a.status, b.status].sort();
      expect(statuses[0]).toBe(201);
      expect([409, 422]).toContain(statuses[1]);
      const loser = a.status === 201 ? b : a;
      expect(['concurrent-modification', 'volunteer-unavailable']).toContain(loser.body.code);
      const winner = a.status === 201 ? a : b;
      expect((await commitmentsOf(v))!['live']).toEqual([{ deploymentId: winner.body.deploymentId, from: winner.body.from, to: winner.body.to }]);
      const heads = (await table.all()).filter((i) => i['kind'] === 'deployment' && (i['people'] as { volunteerId: string }[]).some((p) => p.volunteerId === v));
      expect(heads).toHaveLength(1);
    }
  });

  it('refuses the second of two requests decided on the same read: the commitments item, not the check, decides', async () => {
    // Prepare: both requests are judged on the same state, as two processes reading at once would.
    const { volunteers, deployments, organizations } = socialRepositories();
    const v = await member(210);
    const [people, organization, commitments] = await Promise.all([volunteers.getMany([v]), organizations.get(org.orgId!), deployments.commitmentsOf([v])]);
    const incident = (await repositories().incidents.get(incidentId))!;
    const ctx = { incident, organization: organization!, volunteers: people, commitments: [] };
    const now = runtime.clock.now();
    const request = (from: string, to: string) => ({ organizationId: org.orgId!, volunteerIds: [v], task: logistics as never, from, to, place: 'Shelter', reportTo: 'Shelter office' });
    const first = createDeployment(randomUUID(), request(day(1), day(2)), ctx, userOf(countyOffice), now);
    const second = createDeployment(randomUUID(), request(day(2), day(3)), ctx, userOf(cityOffice), now);
    const stage = (change: typeof first, caller: typeof countyOffice) => {
      const uow = new UnitOfWork(tableConfig().TABLE_NAME, { actor: userOf(caller), requestId: randomUUID(), at: now.toISOString() });
      deployments.stageRequest(uow, change, {
        commitments: new Map([[v, commitments.get(v)]]),
        stillHolds: () => true,
        organization: { organizationId: organization!.organizationId, rev: organization!.rev },
      });
      return uow;
    };

    // Act
    await stage(first, countyOffice).commit(table.db);
    const lost = stage(second, cityOffice).commit(table.db);

    // Assess
    await expect(lost).rejects.toThrow(ConcurrentModification);
    expect(await deployments.get(second.deployment.deploymentId)).toBeUndefined();
    expect((await commitmentsOf(v))!['live']).toEqual([{ deploymentId: first.deployment.deploymentId, from: day(1), to: day(2) }]);
  });

  it('frees a volunteer for other dates once they declined, and keeps the declined request in what they were asked', async () => {
    // Prepare
    const v = await member(220);
    const asked = await ok(call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: logistics, from: day(1), to: day(2) }) }), 201);
    await ok(call('transitionDeployment', { caller: org, params: { deploymentId: asked.deploymentId }, body: { action: 'decline' } }));

    // Act
    const again = await ok(call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: logistics, from: day(1), to: day(2) }) }), 201);

    // Assess
    const c = (await commitmentsOf(v))!;
    expect(c['live']).toEqual([{ deploymentId: again.deploymentId, from: day(1), to: day(2) }]);
    expect(c['asked']).toEqual([asked.deploymentId, again.deploymentId]);
  });
});

describe('an acceptance racing a decline', () => {
  it('records exactly one answer, whichever came first, and announces only that one', async () => {
    for (let round = 0; round < 4; round++) {
      // Prepare
      const v = await member(300 + round);
      const d = await ok(call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: logistics }) }), 201);

      // Act
      const [accept, decline] = await Promise.all([
        call('transitionDeployment', { caller: org, params: { deploymentId: d.deploymentId }, body: { action: 'accept' } }),
        call('transitionDeployment', { caller: org, params: { deploymentId: d.deploymentId }, body: { action: 'decline' } }),
      ]);

      // Assess
      expect([accept.status, decline.status].sort()).toEqual([200, 409]);
      const winner = accept.status === 200 ? 'accepted' : 'declined';
      const stored = await socialRepositories().deployments.get(d.deploymentId);
      expect(stored).toMatchObject({ status: winner, rev: 2 });
      const items = await table.all();
      const audit = items.filter((i) => i['kind'] === 'audit' && i['entityId'] === d.deploymentId).map((i) => i['action']);
      expect(audit.sort()).toEqual(['request-deployment', winner === 'accepted' ? 'accept' : 'decline'].sort());
      const events = items.filter((i) => i['kind'] === 'outbox' && (i['payload'] as { deploymentId?: string }).deploymentId === d.deploymentId).map((i) => i['type']);
      expect(events.sort()).toEqual(['deployment.requested', `deployment.${winner}`].sort());
    }
  });

  it('refuses the second of two answers decided on the same read', async () => {
    // Prepare
    const v = await member(310);
    const created = await ok(call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: logistics }) }), 201);
    const { deployments } = socialRepositories();
    const d = (await deployments.get(created.deploymentId))!;
    const now = runtime.clock.now();
    const commitAs = (change: ReturnType<typeof transitionDeployment>) => {
      const uow = new UnitOfWork(tableConfig().TABLE_NAME, { actor: userOf(org), requestId: randomUUID(), at: now.toISOString() });
      deployments.stage(uow, change, d);
      return uow.commit(table.db);
    };

    // Act
    await commitAs(transitionDeployment(d, { action: 'decline' }, userOf(org), now));
    const lost = commitAs(transitionDeployment(d, { action: 'accept' }, userOf(org), now));

    // Assess
    await expect(lost).rejects.toThrow(ConcurrentModification);
    expect((await deployments.get(d.deploymentId))!.status).toBe('declined');
  });
});

describe('deployment compensation (调用补偿)', () => {
  it('takes one claim per deployment, even when the organisation sends two at once', async () => {
    // Prepare: a deployment served and stood down.
    const v = await member(350);
    const d = await ok(call('createDeployment', { params: { incidentId }, body: deploymentBody([v], { organizationId: org.orgId, task: logistics }) }), 201);
    const step = (body: Record<string, unknown>, caller = org) => ok(call('transitionDeployment', { caller, params: { deploymentId: d.deploymentId }, body }));
    await step({ action: 'accept' });
    await step({ action: 'arrive', at: new Date().toISOString() });
    await step({ action: 'withdraw', at: new Date().toISOString() });
    await step({ action: 'stand-down' }, countyOffice);

    // Act
    const [a, b] = await Promise.all([1, 2].map((n) => call('createDeploymentClaim', { caller: org, params: { deploymentId: d.deploymentId }, body: deploymentClaimBody(10_000 * n) })));

    // Assess
    const statuses = [a!.status, b!.status].sort();
    expect(statuses[0]).toBe(201);
    expect([409, 422]).toContain(statuses[1]);
    expect(['concurrent-modification', 'claim-already-made']).toContain((a!.status === 201 ? b! : a!).body.code);
    const claims = (await table.all()).filter((i) => i['kind'] === 'claim' && (i['source'] as { deploymentId?: string }).deploymentId === d.deploymentId);
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({ claimantRef: org.orgId, division: '110105', claimant: { kind: 'organisation' } });
  });
});

describe('the volunteer search (rule 20)', () => {
  const division = '110105';
  let consenting: { id: string; skills: string[]; weekdays: number[]; diving?: string }[];

  beforeAll(async () => {
    // 28 volunteers of one organisation: a third withhold consent; skills and weekdays vary; some are certified divers.
    consenting = [];
    for (let n = 0; n < 28; n++) {
      const skills = n % 2 === 0 ? ['first-aid', 'water-rescue'] : ['first-aid', 'logistics'];
      const weekdays = n % 3 === 0 ? [6, 7] : [1, 2, 3, 4, 5];
      const consent = n % 3 !== 2;
      const id = await member(400 + n, { skills, availability: { weekdays }, consentToShare: consent });
      let diving: string | undefined;
      if (n % 4 === 0) {
        diving = n % 8 === 0 ? day(30) : day(-1 + 400);
        await ok(call('addQualification', { caller: org, params: { volunteerId: id }, body: certificateBody('diving', 400 + n, diving) }));
      }
      if (consent) consenting.push({ id, skills, weekdays, ...(diving ? { diving } : {}) });
    }
    await ok(call('addVolunteerInsurance', { caller: org, params: { volunteerId: consenting[0]!.id }, body: policyBody(400) }));
  });

  async function allPages(query: Record<string, string>, limit: number): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await ok(call('searchVolunteers', { query: { division, ...query, limit: String(limit), ...(cursor ? { cursor } : {}) } }));
      ids.push(...page.items.map((i: { volunteerId: string }) => i.volunteerId));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 50);
    return { ids, pages };
  }
  // Other tests of this file registered volunteers of the organisation too: compare within this describe's volunteers.
  const ours = (ids: string[]) => ids.filter((id) => consenting.some((c) => c.id === id));

  it('lists every consenting volunteer with a skill once, in id order, across pages of any size', async () => {
    const expected = consenting.filter((c) => c.skills.includes('water-rescue')).map((c) => c.id).sort();
    for (const limit of [1, 3, 7, 100]) {
      const { ids } = await allPages({ skill: 'water-rescue' }, limit);
      expect(ours(ids)).toEqual(expected);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort()).toEqual(ids);
    }
  });

  it('finds only volunteers usually free on the weekday of availableOn, and certificates valid on that date', async () => {
    // Prepare: the next Saturday, and a date after the shorter diving certificates end.
    let saturday = day(1);
    for (let i = 1; isoWeekday(saturday) !== 6; i++) saturday = day(1 + i);

    // Act
    const weekend = ours((await allPages({ skill: 'first-aid', availableOn: saturday }, 4)).ids);
    const divers = ours((await allPages({ qualification: 'diving' }, 2)).ids);
    const laterDivers = ours((await allPages({ qualification: 'diving', availableOn: day(60) }, 2)).ids);

    // Assess
    expect(weekend).toEqual(consenting.filter((c) => c.weekdays.includes(6)).map((c) => c.id).sort());
    expect(divers).toEqual(consenting.filter((c) => c.diving).map((c) => c.id).sort());
    // availableOn asks both: free on that weekday, and the certificate still valid then.
    const later = consenting.filter((c) => c.diving && c.weekdays.includes(isoWeekday(day(60))));
    expect(laterDivers).toEqual(later.filter((c) => c.diving! >= day(60)).map((c) => c.id).sort());
    expect(laterDivers.length).toBeLessThan(later.length);
  });

  it('reads only the index partitions of the dimension asked for: Queries, never a Scan', async () => {
    // Prepare
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const send = table.db.send.bind(table.db) as (c: unknown) => Promise<unknown>;
    const spy = vi.spyOn(table.db, 'send').mockImplementation(((command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      sent.push({ name: command.constructor.name, input: command.input });
      return send(command);
    }) as never);

    // Act
    try {
      await ok(call('searchVolunteers', { query: { division, skill: 'water-rescue', availableOn: day(3), limit: '5' } }));
    } finally {
      spy.mockRestore();
    }

    // Assess
    expect(sent.some((c) => c.name === ScanCommand.name)).toBe(false);
    const queries = sent.filter((c) => c.name === 'QueryCommand');
    expect(queries.length).toBeGreaterThanOrEqual(4);
    for (const q of queries) expect((q.input['ExpressionAttributeValues'] as Record<string, string>)[':pk']).toMatch(/^VOLIDX#110105#skill:water-rescue#[0-3]$/);
  });

  it('keeps masks only in the index, and nothing of a volunteer who withheld consent', async () => {
    const index = (await table.all()).filter((i) => String(i['PK']).startsWith('VOLIDX#'));
    const text = JSON.stringify(index);
    expect(text).not.toMatch(/"c":"/); // no ciphertext
    for (let n = 0; n < 28; n++) expect(text).not.toContain(volunteerBody(400 + n).phone);
    const withheld = (await table.all()).filter((i) => i['kind'] === 'volunteer' && i['consentToShare'] === false).map((i) => i['volunteerId']);
    expect(withheld.length).toBeGreaterThan(0);
    for (const id of withheld) expect(index.some((i) => i['SK'] === id)).toBe(false);
  });
});

describe('organisations by capability', () => {
  it('moves the capability summaries with the status, so a search by status finds the organisation where it now stands', async () => {
    // Prepare
    const other = orgUserOf('org-hills-0002');
    await ok(call('registerOrganization', { caller: other, body: organizationBody({ name: 'Hills Rescue', capabilities: ['mountain-rescue'] }) }), 201);
    const list = async (status: string) =>
      (await ok(call('listOrganizations', { query: { division: '110105', capability: 'mountain-rescue', status } }))).items.map((o: { organizationId: string }) => o.organizationId);
    expect(await list('pending')).toEqual(['org-hills-0002']);

    // Act
    await ok(call('transitionOrganization', { params: { organizationId: 'org-hills-0002' }, body: { action: 'approve-registration', validUntil: day(30) } }));
    await ok(call('transitionOrganization', { params: { organizationId: 'org-hills-0002' }, body: { action: 'suspend', reason: 'Equipment inspection failed' } }));

    // Assess
    expect(await list('pending')).toEqual([]);
    expect(await list('registered')).toEqual([]);
    expect(await list('suspended')).toEqual(['org-hills-0002']);
    const summaries = (await table.all()).filter((i) => String(i['PK']).startsWith('ORGCAP#') && i['organizationId'] === 'org-hills-0002');
    expect(summaries).toHaveLength(1);
    expect(JSON.stringify(summaries)).not.toContain('contact');
  });
});
