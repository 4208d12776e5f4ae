// Races on one incident against DynamoDB Local: two governments activating at once, and a level change racing a
// termination. Exactly one decision wins each race and the stored incident, filings and audit agree with it.
import { beforeAll, describe, expect, it } from 'vitest';
import { officeOf } from '../support/callers.ts';
import { call } from '../support/invoke.ts';
import { useLocalTable, type TestTable } from '../support/local-table.ts';

const county = officeOf('320102');
const province = officeOf('320000', { level: 'province' });

let table: TestTable;

let planId: string;
beforeAll(async () => {
  table = await useLocalTable();
  // A county plan in force whose level III needs a county government (a plan may set its own authority).
  const plan = await call('createPlan', {
    caller: county,
    body: {
      title: 'Xuanwu accident plan',
      type: 'special',
      category: 'accident',
      divisionCode: '320102',
      responseLevels: {
        II: { thresholds: { deaths: 10 }, requiredAuthority: 'province', measures: ['Provincial command'] },
        III: { thresholds: { deaths: 3 }, requiredAuthority: 'county', measures: ['County command post'] },
      },
    },
  });
  planId = plan.body.planId;
  for (const action of ['submit', 'approve', 'publish']) expect((await call('transitionPlan', { caller: county, params: { planId }, body: { action } })).status).toBe(200);
});

async function newIncident(deaths: number): Promise<string> {
  const r = await call('reportIncident', {
    caller: county,
    body: {
      category: 'accident',
      type: 'collapse',
      title: 'Building collapse',
      divisionCode: '320102',
      occurredAt: new Date(Date.now() - 60_000).toISOString(),
      location: { lat: 32.04, lng: 118.78, address: 'Xuanwu' },
      casualties: { deaths, missing: 0, injured: 0, seriouslyInjured: 0 },
      directLossFen: 0,
      affectedPopulation: 0,
      description: 'Collapse of a residential block',
    },
  });
  expect(r.status).toBe(201);
  return r.body.incidentId;
}

const activation = (level: 'II' | 'III') => ({ planId, planVersion: 1, level, matters: 'Search and rescue', expectedDuration: '48h', measures: ['Cordon'], basis: { metric: 'deaths' } });
const items = async (incidentId: string, prefix: string) => (await table.partition(`INC#${incidentId}`)).filter((i) => String(i['SK']).startsWith(prefix));

describe('racing decisions on one incident', () => {
  it('lets exactly one of two governments activate the response at once (rules 7, 9)', async () => {
    const id = await newIncident(12);

    const [a, b] = await Promise.all([
      call('activateResponse', { caller: county, params: { incidentId: id }, body: activation('III') }),
      call('activateResponse', { caller: province, params: { incidentId: id }, body: activation('II') }),
    ]);

    const statuses = [a.status, b.status].sort();
    expect(statuses).toEqual([201, 409]);
    const winner = a.status === 201 ? a.body : b.body;
    const stored = (await call('getIncident', { caller: province, params: { incidentId: id } })).body;
    expect(stored.response).toMatchObject({ level: winner.response.level, responsible: winner.response.responsible });
    expect(await items(id, 'CFILING#')).toHaveLength(1);
    expect((await items(id, 'AUDIT#')).filter((x) => x['action'] === 'activate-response')).toHaveLength(1);
  });

  it('resolves a level change racing a termination into one consistent outcome (rules 7, 8)', async () => {
    for (let round = 0; round < 5; round++) {
      const id = await newIncident(12);
      expect((await call('activateResponse', { caller: county, params: { incidentId: id }, body: activation('III') })).status).toBe(201);
      expect((await call('transitionResponse', { caller: province, params: { incidentId: id }, body: { action: 'hand-over', reason: 'Escalating' } })).status).toBe(200);

      const [change, end] = await Promise.all([
        call('transitionResponse', { caller: province, params: { incidentId: id }, body: { action: 'change-level', level: 'II', reason: 'More deaths' } }),
        call('transitionResponse', { caller: province, params: { incidentId: id }, body: { action: 'terminate', reason: 'Rescue complete' } }),
      ]);

      const stored = (await call('getIncident', { caller: province, params: { incidentId: id } })).body;
      const actions = (await items(id, 'AUDIT#')).map((x) => x['action']);
      const filings = (await items(id, 'CFILING#')).map((x) => x['decision']);
      expect([change.status, end.status]).not.toContain(500);
      if (end.status === 200 && change.status !== 200) {
        // Terminated first: the level change found no active response, or lost the race.
        expect([409]).toContain(change.status);
        expect(stored).toMatchObject({ status: 'recovery', response: { status: 'terminated', level: 'III' } });
        expect(actions).not.toContain('change-response-level');
        expect(filings.sort()).toEqual(['activation', 'hand-over', 'termination']);
      } else if (change.status === 200 && end.status !== 200) {
        expect(end.status).toBe(409);
        expect(stored).toMatchObject({ status: 'responding', response: { status: 'active', level: 'II' } });
        expect(actions).not.toContain('terminate-response');
        expect(filings.sort()).toEqual(['activation', 'hand-over', 'level-change']);
      } else {
        // Both succeeded: they were serialised, level change first (terminate after it is legal; the reverse is not).
        expect(stored).toMatchObject({ status: 'recovery', response: { status: 'terminated', level: 'II' } });
        expect(filings.sort()).toEqual(['activation', 'hand-over', 'level-change', 'termination']);
      }
      // Audit items equal state changes: report, activation, hand-over, and whatever won.
      expect(actions).toHaveLength(3 + [change, end].filter((r) => r.status === 200).length);
    }
  });
});
