// npm run seed: a small, realistic data set to try the API on. Wuhan (武汉市, 420100) and two of its districts, 江岸区
// (420102) and 武昌区 (420106); overall and special flood plans in force; a drill; a rainstorm flood in Wuchang with a
// yellow warning, an active level IV response and a public release; a second Wuchang incident without a response; and
// alert subscriptions of the Wuchang office. Every record goes through the real handlers, with API Gateway events built
// as the local host builds them, so every rule applies and every audit and outbox item is written as in use.
//
// Idempotent: every id is fixed (SEED below), each step first reads whether its record is there, and creating POSTs
// carry a fixed Idempotency-Key, so a second seed changes nothing. The sample events of events/ (make-events.ts) use
// these ids, divisions and callers, so each of them answers 2xx against a seeded platform.
//
// Uses the database of a running `npm start` (LOCAL_DATA_DIR/runtime.json), or starts DynamoDB Local on the same data.
import './env.ts';
import { AsyncLocalStorage } from 'node:async_hooks';
import crypto, { createHash } from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Role } from '../../shared/domain/actor.ts';
import type { GovLevel } from '../../shared/domain/division.ts';
import { linkTo, routes, type RouteName } from '../../shared/http/routes.ts';
import { lambdaContext } from './lambda-context.ts';
import { buildEvent } from './server.ts';
import { connectLocal } from './target.ts';

/** A caller as the Cognito authorizer describes it. */
export interface SeedCaller {
  sub: string;
  roles: Role[];
  division?: string;
  level?: GovLevel;
}

export const SEED_DIVISIONS = { wuhan: '420100', jiangan: '420102', wuchang: '420106' } as const;

/** The emergency offices of the seeded divisions; the sample events call as the Wuchang office. */
export const SEED_CALLERS = {
  wuhan: { sub: 'office-420100', roles: ['office'], division: '420100', level: 'city' },
  jiangan: { sub: 'office-420102', roles: ['office'], division: '420102', level: 'county' },
  wuchang: { sub: 'office-420106', roles: ['office'], division: '420106', level: 'county' },
} as const satisfies Record<string, SeedCaller>;

export function claimsOf(c: SeedCaller): Record<string, string> {
  return {
    sub: c.sub,
    'cognito:groups': c.roles.join(','),
    ...(c.division ? { 'custom:division': c.division } : {}),
    ...(c.level ? { 'custom:gov_level': c.level } : {}),
    token_use: 'id',
  };
}

/** A fixed UUID (version 4 layout) for a name: the same on every machine and every run. */
export function seedUuid(name: string): string {
  const b = createHash('sha256').update(`erp-seed:${name}`).digest();
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id a step's record gets: the first id its handler draws (see `withFixedIds`). */
const idOf = (step: string) => seedUuid(`${step}#0`);

/** Every record the seed makes, by its fixed id. */
export const SEED = {
  plans: {
    wuhanOverall: idOf('plan:wuhan-overall'),
    wuhanFlood: idOf('plan:wuhan-flood'),
    jianganFlood: idOf('plan:jiangan-flood'),
    wuchangOverall: idOf('plan:wuchang-overall'),
    /** The plan the sample events cite: Wuchang's flood plan, version 1 filed, levels III and IV. */
    wuchangFlood: idOf('plan:wuchang-flood'),
    /** Drafts of Wuchang: one for the sample PUT (rev 1), one for the sample transition (submit). */
    wuchangWaterloggingDraft: idOf('plan:wuchang-waterlogging-draft'),
    wuchangGeohazardDraft: idOf('plan:wuchang-geohazard-draft'),
  },
  drill: idOf('drill:wuchang-flood-2026'),
  incidents: {
    /** The rainstorm flood: a yellow warning, a level IV response, a release. */
    flood: idOf('incident:wuchang-flood'),
    /** A flooded underpass: reported and graded IV, no response yet (the sample activation and follow-up). */
    underpass: idOf('incident:wuchang-underpass'),
  },
  warning: idOf('warning:wuchang-flood-yellow'),
  release: idOf('release:wuchang-flood-1'),
  subscriptions: {
    /** https, to the duty system of the district. */
    webhook: idOf('subscription:wuchang-webhook'),
    /** SMS to the duty phone, confirmed with its code. */
    dutyPhone: idOf('subscription:wuchang-duty-phone'),
    /** E-mail, for the sample DELETE. */
    mailbox: idOf('subscription:wuchang-mailbox'),
  },
} as const;

// ---- fixed ids ----------------------------------------------------------------------------------------------------
// The handlers draw ids from node:crypto's randomUUID (and one-time codes from randomInt); nothing lets a caller choose
// them. Inside a seed step, and only there (an async context, so nothing else running in the process is touched),
// both are replaced for the step's duration by a sequence derived from the step's name. The AWS SDK draws its own
// request ids from Web Crypto (globalThis.crypto), which this does not touch.
const fixedIds = new AsyncLocalStorage<{ step: string; n: number }>();
let installed = 0;
const original = { randomUUID: crypto.randomUUID, randomInt: crypto.randomInt };

function installFixedIds(): () => void {
  if (installed++ === 0) {
    crypto.randomUUID = ((options?: crypto.RandomUUIDOptions) => {
      const scope = fixedIds.getStore();
      return scope ? seedUuid(`${scope.step}#${scope.n++}`) : original.randomUUID.call(crypto, options);
    }) as typeof crypto.randomUUID;
    // A one-time code (randomInt(min, max)) is its range's minimum: the seed confirms with what the code will be.
    crypto.randomInt = ((...args: unknown[]) => {
      if (!fixedIds.getStore() || typeof args[args.length - 1] === 'function') return (original.randomInt as (...a: unknown[]) => unknown)(...args);
      return typeof args[1] === 'number' ? args[0] : 0;
    }) as typeof crypto.randomInt;
    syncBuiltinESMExports();
  }
  return () => {
    if (--installed === 0) {
      crypto.randomUUID = original.randomUUID;
      crypto.randomInt = original.randomInt;
      syncBuiltinESMExports();
    }
  };
}

// ---- calling the handlers -----------------------------------------------------------------------------------------
type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface SeedReply {
  status: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- views of many routes; the seed reads a few fields
}

async function handlerOf(fn: string): Promise<Handler> {
  return ((await import(`../../functions/${fn}/handler.ts`)) as { handler: Handler }).handler;
}

interface CallInput {
  caller: SeedCaller;
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One request to a route's handler, as API Gateway would pass it; the step names its fixed ids and request id. */
async function call(step: string, name: RouteName, input: CallInput): Promise<SeedReply> {
  const route = routes[name];
  const url = new URL(linkTo(route, input.params ?? {}), 'http://localhost:3000');
  for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
  const rawHeaders = ['Host', 'localhost:3000', 'Accept', 'application/json'];
  if (input.body !== undefined) rawHeaders.push('Content-Type', 'application/json');
  for (const [k, v] of Object.entries(input.headers ?? {})) rawHeaders.push(k, v);
  const event = buildEvent({
    route,
    params: input.params ?? {},
    url,
    rawHeaders,
    body: input.body === undefined ? null : JSON.stringify(input.body),
    claims: claimsOf(input.caller),
  });
  // Audit items carry the request id: fixed too, so a seed writes the same items everywhere.
  event.requestContext.requestId = `seed-${step}`;
  const handler = await handlerOf(route.fn);
  const context = lambdaContext(route.fn);
  const r = await fixedIds.run({ step, n: 0 }, () => handler(event, context));
  let body: unknown = r.body;
  try {
    body = r.body ? JSON.parse(r.body) : undefined;
  } catch {
    /* not JSON (CAP, Atom): the text */
  }
  return { status: r.statusCode, headers: (r.headers ?? {}) as Record<string, string>, body };
}

export class SeedFailed extends Error {
  override name = 'SeedFailed';
}

function expectStatus(r: SeedReply, what: string, ...ok: number[]): SeedReply {
  if (!ok.includes(r.status)) {
    const b = r.body as { code?: string; detail?: string } | undefined;
    throw new SeedFailed(`${what}: ${r.status} ${b?.code ?? ''} ${b?.detail ?? ''}`.trim());
  }
  return r;
}

// ---- the data -----------------------------------------------------------------------------------------------------
const hoursAgo = (now: Date, h: number) => new Date(now.getTime() - h * 3600_000).toISOString();

/** Flood response levels as Hubei's plans grade them: more deaths, injuries, losses or people affected, a higher level. */
const floodLevels = {
  I: { thresholds: { deaths: 30, seriouslyInjured: 100, directLossFen: 100_000_000_000, affectedPopulation: 1_000_000 }, measures: ['省防汛抗旱指挥部统一指挥', '请求国家防总派出工作组'] },
  II: { thresholds: { deaths: 10, seriouslyInjured: 50, directLossFen: 10_000_000_000, affectedPopulation: 300_000 }, measures: ['市委、市政府主要负责同志指挥', '调集解放军和武警部队参加抢险'] },
  III: { thresholds: { deaths: 3, seriouslyInjured: 10, directLossFen: 1_000_000_000, affectedPopulation: 50_000 }, measures: ['市防汛抗旱指挥部统一指挥', '转移安置低洼地区群众'] },
  IV: { thresholds: { deaths: 1, seriouslyInjured: 3, directLossFen: 100_000_000, affectedPopulation: 5_000 }, measures: ['开放应急避难场所', '加密巡堤查险'] },
};
const floodWarningMeasures = {
  '1': ['停课、停工、停业', '全面转移危险区域群众'],
  '2': ['暂停户外作业和大型活动', '转移低洼地区群众'],
  '3': ['加强江河水位和城市内涝监测', '抢险队伍进入待命状态'],
  '4': ['每小时发布雨情水情', '检查排涝泵站'],
};
const countyFloodLevels = { III: floodLevels.III, IV: floodLevels.IV };

interface PlanSpec {
  step: string;
  id: string;
  caller: SeedCaller;
  body: Record<string, unknown>;
  /** Where its life cycle stops: a draft, or filed (published and filed: in force, with nothing overdue). */
  target: 'draft' | 'filed';
}

function planSpecs(): PlanSpec[] {
  const { wuhan, jiangan, wuchang } = SEED_CALLERS;
  const p = SEED.plans;
  const disaster = { category: 'natural-disaster' };
  return [
    { step: 'plan:wuhan-overall', id: p.wuhanOverall, caller: wuhan, target: 'filed', body: { title: '武汉市突发事件总体应急预案', type: 'overall', ...disaster, divisionCode: '420100', responseLevels: floodLevels, warningMeasures: floodWarningMeasures } },
    { step: 'plan:wuhan-flood', id: p.wuhanFlood, caller: wuhan, target: 'filed', body: { title: '武汉市防汛应急预案', type: 'special', ...disaster, divisionCode: '420100', parentPlanId: p.wuhanOverall, responseLevels: floodLevels, warningMeasures: floodWarningMeasures } },
    { step: 'plan:jiangan-flood', id: p.jianganFlood, caller: jiangan, target: 'filed', body: { title: '江岸区防汛应急预案', type: 'special', ...disaster, divisionCode: '420102', parentPlanId: p.wuhanFlood, responseLevels: countyFloodLevels, warningMeasures: floodWarningMeasures } },
    { step: 'plan:wuchang-overall', id: p.wuchangOverall, caller: wuchang, target: 'filed', body: { title: '武昌区突发事件总体应急预案', type: 'overall', ...disaster, divisionCode: '420106', parentPlanId: p.wuhanOverall, responseLevels: countyFloodLevels, warningMeasures: floodWarningMeasures } },
    { step: 'plan:wuchang-flood', id: p.wuchangFlood, caller: wuchang, target: 'filed', body: { title: '武昌区防汛应急预案', type: 'special', ...disaster, divisionCode: '420106', parentPlanId: p.wuhanFlood, responseLevels: countyFloodLevels, warningMeasures: floodWarningMeasures } },
    { step: 'plan:wuchang-waterlogging-draft', id: p.wuchangWaterloggingDraft, caller: wuchang, target: 'draft', body: { title: '武昌区城市内涝应急预案（征求意见稿）', type: 'special', ...disaster, divisionCode: '420106', parentPlanId: p.wuchangFlood, responseLevels: { IV: floodLevels.IV }, warningMeasures: { '4': ['检查排涝泵站'] } } },
    { step: 'plan:wuchang-geohazard-draft', id: p.wuchangGeohazardDraft, caller: wuchang, target: 'draft', body: { title: '武昌区地质灾害应急预案（征求意见稿）', type: 'special', ...disaster, divisionCode: '420106', parentPlanId: p.wuchangOverall, responseLevels: { IV: { thresholds: { deaths: 1 }, measures: ['撤离滑坡隐患点周边群众'] } }, warningMeasures: {} } },
  ];
}

const LIFE_CYCLE = ['draft', 'under-review', 'approved', 'published', 'filed'] as const;
const ACTION_FROM: Record<(typeof LIFE_CYCLE)[number], string | undefined> = { draft: 'submit', 'under-review': 'approve', approved: 'publish', published: 'file', filed: undefined };

/** What the seed did with each record: made now, or found already there. */
export interface SeedLine {
  what: string;
  id: string;
  done: 'created' | 'already there';
}

export async function seedPlatform(now: Date = new Date()): Promise<SeedLine[]> {
  const uninstall = installFixedIds();
  const lines: SeedLine[] = [];
  const note = (what: string, id: string, created: boolean) => lines.push({ what, id, done: created ? 'created' : 'already there' });
  try {
    const { wuchang } = SEED_CALLERS;

    // Plans, parents first, each carried to its target state one action at a time.
    for (const spec of planSpecs()) {
      let r = await call(`${spec.step}:read`, 'getPlan', { caller: spec.caller, params: { planId: spec.id } });
      const created = r.status === 404;
      if (created) {
        r = expectStatus(await call(spec.step, 'createPlan', { caller: spec.caller, body: spec.body, headers: { 'Idempotency-Key': `seed-${spec.step}` } }), `create plan ${spec.body['title']}`, 201);
        if (r.body.planId !== spec.id) throw new SeedFailed(`plan ${spec.body['title']} got id ${r.body.planId}, not the fixed ${spec.id}: the handler draws its ids differently now; see seedPlatform`);
      } else expectStatus(r, `read plan ${spec.id}`, 200);
      let status = r.body.status as (typeof LIFE_CYCLE)[number];
      while (LIFE_CYCLE.indexOf(status) < LIFE_CYCLE.indexOf(spec.target)) {
        const action = ACTION_FROM[status]!;
        r = expectStatus(await call(`${spec.step}:${action}`, 'transitionPlan', { caller: spec.caller, params: { planId: spec.id }, body: { action } }), `${action} plan ${spec.body['title']}`, 200);
        status = r.body.status;
      }
      note(`plan ${spec.body['title']} (${spec.body['type']}, ${spec.body['divisionCode']}, ${spec.target})`, spec.id, created);
    }

    // A drill of Wuchang's flood plan, not yet evaluated.
    if ((await call('drill:read', 'getDrill', { caller: wuchang, params: { drillId: SEED.drill } })).status === 404) {
      const r = expectStatus(
        await call('drill:wuchang-flood-2026', 'recordDrill', {
          caller: wuchang,
          params: { planId: SEED.plans.wuchangFlood },
          body: { conductedAt: hoursAgo(now, 24 * 20), scenario: '长江武昌段堤防管涌险情抢护及沿江社区群众转移', participants: 180 },
          headers: { 'Idempotency-Key': 'seed-drill-wuchang-flood-2026' },
        }),
        'record the drill',
        201,
      );
      checkId('drill', r.body.drillId, SEED.drill);
      note('drill of 武昌区防汛应急预案', SEED.drill, true);
    } else note('drill of 武昌区防汛应急预案', SEED.drill, false);

    // The rainstorm flood and the flooded underpass, both in Wuchang.
    const incidents = [
      {
        step: 'incident:wuchang-flood',
        id: SEED.incidents.flood,
        body: {
          category: 'natural-disaster',
          type: 'rainstorm-flood',
          title: '武昌区强降雨引发城市内涝',
          divisionCode: '420106',
          occurredAt: hoursAgo(now, 6),
          location: { lat: 30.5535, lng: 114.3159, address: '武昌区中北路与东湖路交叉口一带' },
          casualties: { deaths: 2, missing: 1, injured: 14, seriouslyInjured: 2 },
          directLossFen: 350_000_000,
          affectedPopulation: 12_000,
          description: '连续强降雨致中北路、东湖路一带严重积水，多处小区进水，两人遇难，一人失联。',
        },
      },
      {
        step: 'incident:wuchang-underpass',
        id: SEED.incidents.underpass,
        body: {
          category: 'natural-disaster',
          type: 'flooded-underpass',
          title: '武昌区某下穿通道积水致车辆被困',
          divisionCode: '420106',
          occurredAt: hoursAgo(now, 3),
          location: { lat: 30.5389, lng: 114.3412, address: '武昌区珞喻路下穿通道' },
          casualties: { deaths: 1, missing: 0, injured: 3, seriouslyInjured: 0 },
          directLossFen: 20_000_000,
          affectedPopulation: 300,
          description: '下穿通道积水深约1.5米，两辆小客车被困，一人经抢救无效死亡。',
        },
      },
    ];
    for (const inc of incidents) {
      const found = (await call(`${inc.step}:read`, 'getIncident', { caller: wuchang, params: { incidentId: inc.id } })).status !== 404;
      if (!found) {
        const r = expectStatus(await call(inc.step, 'reportIncident', { caller: wuchang, body: inc.body, headers: { 'Idempotency-Key': `seed-${inc.step}` } }), `report ${inc.body.title}`, 201);
        checkId('incident', r.body.incidentId, inc.id);
      }
      note(`incident ${inc.body.title}`, inc.id, !found);
    }

    // The flood's yellow warning, its level IV response under Wuchang's flood plan, and a release.
    const flood = expectStatus(await call('incident:wuchang-flood:read', 'getIncident', { caller: wuchang, params: { incidentId: SEED.incidents.flood } }), 'read the flood', 200).body;
    const warned = (flood.warnings as { warningId: string }[] | undefined)?.some((w) => w.warningId === SEED.warning) ?? false;
    if (!warned) {
      const r = expectStatus(
        await call('warning:wuchang-flood-yellow', 'issueWarning', {
          caller: wuchang,
          params: { incidentId: SEED.incidents.flood },
          body: {
            level: '3',
            startsAt: hoursAgo(now, 5),
            area: { divisions: ['420106'], description: '武昌区沿江及低洼地区', circle: { lat: 30.5535, lng: 114.3159, radiusKm: 6 } },
            hazards: [{ 'zh-CN': '未来6小时仍有暴雨，低洼地区积水将继续加深', en: 'More heavy rain in the next 6 hours; water in low-lying areas will rise further' }],
            measures: [
              { 'zh-CN': '非必要不出行，远离下穿通道和低洼路段', en: 'Stay home unless necessary; keep away from underpasses and low-lying roads' },
              { 'zh-CN': '地下车库车辆及时转移', en: 'Move cars out of underground car parks' },
            ],
            title: { 'zh-CN': '武昌区暴雨内涝黄色预警', en: 'Yellow warning: rainstorm flooding, Wuchang' },
          },
          headers: { 'Idempotency-Key': 'seed-warning-wuchang-flood-yellow' },
        }),
        'issue the yellow warning',
        201,
      );
      checkId('warning', r.body.warningId, SEED.warning);
    }
    note('warning 武昌区暴雨内涝黄色预警 (level 3)', SEED.warning, !warned);

    const responding = flood.status !== 'reported';
    if (!responding) {
      expectStatus(
        await call('response:wuchang-flood', 'activateResponse', {
          caller: wuchang,
          params: { incidentId: SEED.incidents.flood },
          body: {
            planId: SEED.plans.wuchangFlood,
            planVersion: 1,
            level: 'IV',
            matters: '排涝抢险、转移安置受淹小区群众、搜救失联人员',
            expectedDuration: '72小时',
            measures: ['开放应急避难场所', '调集排涝泵车', '封闭积水路段和下穿通道'],
            basis: { metric: 'deaths' },
          },
          headers: { 'Idempotency-Key': 'seed-response-wuchang-flood' },
        }),
        'activate the level IV response',
        201,
      );
    }
    note('response IV to the flood, under 武昌区防汛应急预案 v1', SEED.incidents.flood, !responding);

    const releases = expectStatus(await call('release:read', 'publicReleases', { caller: wuchang }), 'read the releases', 200).body as { items?: { releaseId: string }[] };
    const released = releases.items?.some((x) => x.releaseId === SEED.release) ?? false;
    if (!released) {
      const r = expectStatus(
        await call('release:wuchang-flood-1', 'createRelease', {
          caller: wuchang,
          params: { incidentId: SEED.incidents.flood },
          body: {
            title: { 'zh-CN': '武昌区关于强降雨引发城市内涝的情况通报', en: 'Statement on the rainstorm flooding in Wuchang' },
            body: { 'zh-CN': '区防汛指挥部已启动防汛IV级应急响应，全力开展排涝抢险和群众转移安置工作。请市民关注官方发布，不信谣、不传谣。', en: 'The district has activated a level IV flood response and is pumping out water and moving residents to safety. Please rely on official information.' },
          },
          headers: { 'Idempotency-Key': 'seed-release-wuchang-flood-1' },
        }),
        'publish the release',
        201,
      );
      checkId('release', r.body.releaseId, SEED.release);
    }
    note('release on the flood', SEED.release, !released);

    // Alert subscriptions of the Wuchang office: a webhook, the duty phone (confirmed with its code) and a mailbox.
    const subscriptions = [
      { step: 'subscription:wuchang-webhook', id: SEED.subscriptions.webhook, body: { protocol: 'https', endpoint: 'https://duty.wuchang.example.org/hooks/alerts', filter: { divisionPrefix: '4201', minLevel: '3' } } },
      { step: 'subscription:wuchang-duty-phone', id: SEED.subscriptions.dutyPhone, body: { protocol: 'sms', endpoint: '13907100106', filter: { divisionPrefix: '420106' } } },
      { step: 'subscription:wuchang-mailbox', id: SEED.subscriptions.mailbox, body: { protocol: 'email', endpoint: 'yingji@wuchang.example.org', filter: { categories: ['natural-disaster'] } } },
    ];
    for (const sub of subscriptions) {
      let r = await call(`${sub.step}:read`, 'getSubscription', { caller: wuchang, params: { subscriptionId: sub.id } });
      const created = r.status === 404;
      if (created) {
        r = expectStatus(await call(sub.step, 'createSubscription', { caller: wuchang, body: sub.body, headers: { 'Idempotency-Key': `seed-${sub.step}` } }), `subscribe ${sub.body.protocol}`, 201, 202);
        checkId('subscription', r.body.subscriptionId, sub.id);
      } else expectStatus(r, `read subscription ${sub.id}`, 200);
      if (r.body.status === 'pending-code') {
        // The code the handler drew inside its step is the range's minimum (see installFixedIds).
        expectStatus(await call(`${sub.step}:confirm`, 'confirmSubscription', { caller: wuchang, params: { subscriptionId: sub.id }, body: { code: '000000' } }), 'confirm the duty phone', 200);
      }
      note(`subscription ${sub.body.protocol} of 武昌区`, sub.id, created);
    }
    return lines;
  } finally {
    uninstall();
  }
}

function checkId(what: string, got: unknown, fixed: string): void {
  if (got !== fixed) throw new SeedFailed(`the ${what} got id ${String(got)}, not the fixed ${fixed}: its handler draws ids in another order now; see SEED in infra/local/seed.ts`);
}

// ---- npm run seed -------------------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const dataDir = resolve(process.env['LOCAL_DATA_DIR'] ?? '.local');
  let target: Awaited<ReturnType<typeof connectLocal>> | undefined;
  try {
    target = await connectLocal(dataDir, () => undefined);
    const lines = await seedPlatform();
    const created = lines.filter((l) => l.done === 'created').length;
    console.log(`seed: ${created} of ${lines.length} records created${created < lines.length ? ', the others were already there' : ''} (data in ${dataDir}${target.hostUrl ? `, npm start on ${target.hostUrl}` : ''}).`);
    for (const l of lines) console.log(`  ${l.done === 'created' ? '+' : '='} ${l.what}  ${l.id}`);
    const url = target.hostUrl ?? 'http://127.0.0.1:3000';
    console.log(`
Try it as the Wuchang office (武昌区, a county):
  TOKEN=$(npm run --silent token -- --role office --division 420106 --level county --sub office-420106)
  curl -s -H "Authorization: Bearer $TOKEN" ${url}/v1/incidents/${SEED.incidents.flood}
  curl -s ${url}/v1/public/warnings/${SEED.warning}.cap
  npm run invoke -- response events/api/activateResponse.json   # any sample event of events/api answers 2xx on this data`);
  } catch (err) {
    console.error(`seed failed: ${err instanceof SeedFailed ? err.message : `${(err as Error).name}: ${(err as Error).message.split('\n')[0]}`}`);
    process.exitCode = 1;
  } finally {
    await target?.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
