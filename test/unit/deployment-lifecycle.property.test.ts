// Model test of the deployment life cycle: random requests for an organisation's team or self-registered volunteers
// with random insurance, certificates and registration validity, then random answers, arrivals, withdrawals, hours and
// stand-downs by random actors. A reference model, counting days as integers from 1 July 2026, predicts which commands
// succeed and why the others are refused; the invariants are checked after every step (rules 21-22).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor.ts';
import {
  createDeployment,
  transitionDeployment,
  type Change,
  type Deployment,
  type DeploymentChange,
  type DeploymentEvent,
  type DeploymentTransition,
} from '../../shared/domain/deployment.ts';
import { recordGroupInsurance, registerOrganization, transitionOrganization, type Capability, type GroupInsurance, type Organization } from '../../shared/domain/organization.ts';
import { addInsurance, addQualification, registerVolunteer, type Volunteer } from '../../shared/domain/volunteer.ts';
import { AppError } from '../../shared/errors.ts';
import { citizen, containsCanary, incident, now as start, offices, orgUser, registration, volunteerInput } from './social-forces-fixtures.ts';

// ---- The model's own calendar: day n is n days after 2026-07-01 (CST) ---------------------------------------------

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const dateOf = (n: number) => new Date(Date.UTC(2026, 6, 1 + n)).toISOString().slice(0, 10);
/** The CST day number of an instant: CST midnight of 1 July 2026 is 16:00 UTC on 30 June. */
const dayOf = (ms: number) => Math.floor((ms - Date.UTC(2026, 5, 30, 16)) / DAY_MS);
const range = (a: number, b: number) => Array.from({ length: Math.max(0, b - a + 1) }, (_, k) => a + k);

const MEMBERS = ['m-1', 'm-2', 'm-3'] as const;
const SELF = ['s-1', 's-2'] as const;
const EVERYONE = [...MEMBERS, ...SELF];
const subOf = (id: string) => `sub-${id}`;
const ORG_ID = 'org-m';
const MEMBER_COUNT = 12;

// ---- Generated world --------------------------------------------------------------------------------------------

interface Profile {
  /** Personal accident policies as [first day, last day]. */
  policies: [number, number][];
  /** Last valid day of a diving certificate, if any. */
  diving?: number;
}
interface World {
  orgStatus: 'registered' | 'suspended' | 'pending';
  validUntil: number;
  group?: { from: number; to: number; insuredCount: number };
  responseActive: boolean;
  profiles: Record<string, Profile>;
}

const interval = fc.tuple(fc.integer({ min: -4, max: 8 }), fc.integer({ min: 0, max: 10 })).map(([a, len]): [number, number] => [a, a + len]);
const profileArb: fc.Arbitrary<Profile> = fc.record(
  {
    policies: fc.oneof({ arbitrary: fc.constant<[number, number][]>([[-30, 60]]), weight: 3 }, { arbitrary: fc.array(interval, { maxLength: 2 }), weight: 2 }),
    diving: fc.integer({ min: 0, max: 12 }),
  },
  { requiredKeys: ['policies'] },
);
const worldArb: fc.Arbitrary<World> = fc.record(
  {
    orgStatus: fc.oneof({ arbitrary: fc.constant('registered' as const), weight: 8 }, { arbitrary: fc.constantFrom('suspended' as const, 'pending' as const), weight: 1 }),
    validUntil: fc.oneof({ arbitrary: fc.constant(60), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 12 }), weight: 1 }),
    group: fc.record({ from: fc.integer({ min: -10, max: 3 }), to: fc.integer({ min: 0, max: 30 }), insuredCount: fc.constantFrom(MEMBER_COUNT, MEMBER_COUNT, 8) }),
    responseActive: fc.oneof({ arbitrary: fc.constant(true), weight: 12 }, { arbitrary: fc.constant(false), weight: 1 }),
    profiles: fc.record(Object.fromEntries(EVERYONE.map((id) => [id, profileArb])) as Record<string, fc.Arbitrary<Profile>>),
  },
  { requiredKeys: ['orgStatus', 'validUntil', 'responseActive', 'profiles'] },
);

/** The world built through the domain itself: registrations, approvals, policies and certificates. */
function build(w: World): { org: Organization<string>; volunteers: Volunteer<string>[] } {
  const before = (h: number) => new Date(start.getTime() - h * HOUR_MS);
  const user = orgUser(ORG_ID);
  let org = registerOrganization(registration({ memberCount: MEMBER_COUNT }), user, before(300)).organization;
  const unapproved = org;
  org = transitionOrganization(org, { action: 'approve-registration', validUntil: dateOf(w.validUntil) }, offices.county, before(250)).organization;
  if (w.group) {
    const g: GroupInsurance = { policyNo: 'G-1', insurer: 'PICC', kind: 'personal-accident', coversFrom: dateOf(w.group.from), coversTo: dateOf(Math.max(w.group.from, w.group.to)), insuredCount: w.group.insuredCount };
    org = recordGroupInsurance(org, g, user, before(240)).organization;
  }
  const volunteers = EVERYONE.map((id) => {
    const member = (MEMBERS as readonly string[]).includes(id);
    const keeper: Actor = member ? user : citizen(subOf(id));
    let v = registerVolunteer(id, volunteerInput(), keeper, before(200), member ? org : undefined).volunteer;
    w.profiles[id]!.policies.forEach(([a, b], n) => {
      v = addInsurance(v, { policyNo: `P-${id}-${n}`, insurer: 'PICC', kind: 'personal-accident', coversFrom: dateOf(a), coversTo: dateOf(b) }, keeper, before(150)).volunteer;
    });
    const diving = w.profiles[id]!.diving;
    if (diving !== undefined) v = addQualification(v, { kind: 'diving', certificateNo: `D-${id}`, issuer: 'CMAS', validUntil: dateOf(diving) }, keeper, before(100)).volunteer;
    return v;
  });
  if (w.orgStatus === 'suspended') org = transitionOrganization(org, { action: 'suspend', reason: 'Inspection' }, offices.county, before(50)).organization;
  if (w.orgStatus === 'pending') org = { ...unapproved, ...(org.insurance ? { insurance: org.insurance } : {}) };
  return { org, volunteers };
}

// ---- Commands ---------------------------------------------------------------------------------------------------

/** `party`: whoever answers and reports for this deployment (the organisation, or a self-registered volunteer on it). */
type Who = 'party' | 'org' | 'otherOrg' | 'county' | 'city' | 'otherCounty' | 'self' | 'stranger';

type Cmd =
  | { kind: 'create'; by: 'county' | 'city' | 'otherCounty' | 'org'; viaOrg: boolean; people: string[]; fromOff: number; len: number; risky: boolean; taskKind: Capability; diving: boolean }
  | { kind: 'accept' | 'decline'; by: Who; subset?: string[] }
  | { kind: 'arrive' | 'withdraw'; by: Who; hoursBack: number }
  | { kind: 'hours'; by: Who; entries: { pick: number; raw: boolean; day: number; hours: number }[] }
  | { kind: 'standDown'; by: Who; early: boolean }
  /** The step the parties would take next, whatever it is: keeps runs moving through the whole life cycle. */
  | { kind: 'next'; hours: { pick: number; raw: boolean; day: number; hours: number }[]; close: boolean; decline: boolean };

const who = fc.oneof(
  { arbitrary: fc.constant<Who>('party'), weight: 20 },
  { arbitrary: fc.constantFrom<Who>('org', 'self', 'county'), weight: 3 },
  { arbitrary: fc.constantFrom<Who>('otherOrg', 'city', 'otherCounty', 'stranger'), weight: 1 },
);
const createArb = fc.record({
  kind: fc.constant('create' as const),
  by: fc.oneof({ arbitrary: fc.constantFrom('county' as const, 'city' as const), weight: 8 }, { arbitrary: fc.constantFrom('otherCounty' as const, 'org' as const), weight: 1 }),
  viaOrg: fc.boolean(),
  // Mostly the right kind of people for the mode (resolved below); sometimes anyone, now and then nobody.
  people: fc.oneof({ arbitrary: fc.subarray([...EVERYONE], { minLength: 1 }), weight: 30 }, { arbitrary: fc.constant([] as string[]), weight: 1 }),
  fromOff: fc.oneof({ arbitrary: fc.constant(0), weight: 12 }, { arbitrary: fc.integer({ min: 1, max: 2 }), weight: 8 }, { arbitrary: fc.constant(-1), weight: 1 }),
  len: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4 }), weight: 20 }, { arbitrary: fc.constantFrom(-1, 89, 90), weight: 1 }),
  risky: fc.boolean(),
  taskKind: fc.constantFrom<Capability>('logistics', 'water-rescue', 'medical'),
  diving: fc.oneof({ arbitrary: fc.constant(false), weight: 3 }, { arbitrary: fc.constant(true), weight: 1 }),
});
const entryArb = fc.record({
  pick: fc.nat(20),
  raw: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, { arbitrary: fc.constant(true), weight: 1 }),
  day: fc.integer({ min: -1, max: 9 }),
  hours: fc.oneof({ arbitrary: fc.constantFrom(1, 4, 7.5, 8, 12, 16), weight: 8 }, { arbitrary: fc.constantFrom(0, 0.1, 24, 25), weight: 1 }),
});
const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: createArb },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('next' as const),
      hours: fc.array(entryArb, { minLength: 1, maxLength: 3 }),
      close: fc.boolean(),
      decline: fc.oneof({ arbitrary: fc.constant(false), weight: 6 }, { arbitrary: fc.constant(true), weight: 1 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom('accept' as const, 'accept' as const, 'accept' as const, 'decline' as const), by: who, subset: fc.subarray([...EVERYONE], { minLength: 0 }) }, { requiredKeys: ['kind', 'by'] }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom('arrive' as const, 'withdraw' as const),
      by: who,
      // Mostly just now; sometimes a day back (perhaps before the first day or the acceptance); now and then the future.
      hoursBack: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 3 }), weight: 8 }, { arbitrary: fc.integer({ min: 4, max: 30 }), weight: 2 }, { arbitrary: fc.constant(-1), weight: 1 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('hours' as const),
      by: who,
      entries: fc.array(entryArb, { maxLength: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('standDown' as const),
      by: fc.oneof({ arbitrary: fc.constantFrom<Who>('county', 'city'), weight: 6 }, { arbitrary: fc.constantFrom<Who>('otherCounty', 'party', 'stranger'), weight: 1 }),
      // Calling a deployment off before arrival is rarer than closing it after withdrawal.
      early: fc.oneof({ arbitrary: fc.constant(false), weight: 4 }, { arbitrary: fc.constant(true), weight: 1 }),
    }),
  },
);

/** Hours between commands: mostly a few, now and then half a day, so deployments run their course in a run. */
const gapArb = fc.oneof({ arbitrary: fc.integer({ min: 1, max: 3 }), weight: 4 }, { arbitrary: fc.integer({ min: 6, max: 12 }), weight: 1 });

// ---- The reference model ----------------------------------------------------------------------------------------

type Status = Deployment['status'];
type ModelAnswer = 'pending' | 'accepted' | 'declined';
interface Model {
  viaOrg: boolean;
  from: number;
  to: number;
  status: Status;
  answers: Map<string, ModelAnswer>;
  answeredAt?: number;
  arrivedAt?: number;
  withdrawnAt?: number;
  /** Hours per "volunteer day". */
  hours: Map<string, number>;
  changes: number;
  events: number;
}

const isMember = (id: string) => (MEMBERS as readonly string[]).includes(id);

function covered(w: World, id: string, day: number, viaOrg: boolean): boolean {
  if (w.profiles[id]!.policies.some(([a, b]) => a <= day && day <= b)) return true;
  const g = w.group;
  return viaOrg && g !== undefined && g.insuredCount >= MEMBER_COUNT && g.from <= day && day <= Math.max(g.from, g.to);
}

/** The refusal codes a request may get (empty: it must succeed), and the people each gate should name. */
function createRefusals(w: World, c: Extract<Cmd, { kind: 'create' }>, today: number, live: Model | undefined): { codes: string[]; uninsured: string[]; unqualified: string[] } {
  const out: string[] = [];
  if (c.by === 'org') out.push('government-only');
  if (c.by === 'otherCounty') out.push('not-in-jurisdiction');
  if (!w.responseActive) out.push('no-active-response');
  if (c.people.length === 0) out.push('invalid-deployment');
  const from = c.fromOff;
  const to = c.fromOff + c.len;
  if (to < from || from < today || to - from + 1 > 90) out.push('invalid-dates');
  if (c.viaOrg) {
    if (c.people.some((id) => !isMember(id))) out.push('volunteer-not-in-organization');
    if (w.orgStatus !== 'registered' || w.validUntil < to) out.push('organization-not-deployable');
  } else if (c.people.some(isMember)) out.push('deploy-through-organization');
  const waterRisky = c.taskKind === 'water-rescue' && !c.risky;
  if (waterRisky) out.push('task-is-risky');
  if (live && ['requested', 'accepted', 'arrived'].includes(live.status)) {
    const held = c.people.some((id) => live.answers.has(id) && live.answers.get(id) !== 'declined');
    if (held && from <= live.to && live.from <= to) out.push('volunteer-unavailable');
  }
  const days = range(from, to);
  const uninsured = c.risky ? c.people.filter((id) => days.some((d) => !covered(w, id, d, c.viaOrg))) : [];
  if (uninsured.length) out.push('insurance-required');
  const unqualified = c.diving ? c.people.filter((id) => w.profiles[id]!.diving === undefined || w.profiles[id]!.diving! < to) : [];
  if (unqualified.length) out.push('qualification-required');
  return { codes: out, uninsured, unqualified };
}

/** Resolves symbolic parts of a command against the model: who "self" is, which people an entry names. */
function resolveActor(m: Model, by: Exclude<Who, 'party'>): Actor {
  switch (by) {
    case 'org':
      return orgUser(ORG_ID);
    case 'otherOrg':
      return orgUser('org-other');
    case 'county':
      return offices.county;
    case 'city':
      return offices.city;
    case 'otherCounty':
      return offices.otherCounty;
    case 'stranger':
      return citizen('sub-stranger');
    case 'self': {
      // A self-registered person on the deployment, preferring one still pending, else s-1.
      const mine = [...m.answers.keys()].filter((id) => !isMember(id));
      const pick = mine.find((id) => m.answers.get(id) === 'pending') ?? mine.find((id) => m.answers.get(id) === 'accepted') ?? mine[0] ?? 's-1';
      return citizen(subOf(pick));
    }
  }
}
const selfId = (a: Actor) => (a.kind === 'user' && a.sub.startsWith('sub-') && a.sub !== 'sub-stranger' ? a.sub.slice(4) : undefined);

function reporterRefusals(m: Model, by: Who, a: Actor): string[] {
  if (by === 'org') return m.viaOrg ? [] : ['not-in-jurisdiction'];
  if (by === 'county' || by === 'city') return [];
  if (by === 'self') {
    const id = selfId(a)!;
    return !m.viaOrg && m.answers.get(id) === 'accepted' ? [] : ['not-in-jurisdiction'];
  }
  return ['not-in-jurisdiction'];
}

function refusals(m: Model, cmd: Lifecycle, a: Actor, nowMs: number, resolved: ResolvedExtra): string[] {
  const out: string[] = [];
  const today = dayOf(nowMs);
  switch (cmd.kind) {
    case 'accept':
    case 'decline': {
      if (cmd.by === 'county' || cmd.by === 'city' || cmd.by === 'otherCounty') return ['no-forced-assignment'];
      if (m.status !== 'requested') out.push('invalid-transition');
      let ids: string[];
      if (cmd.by === 'org' && m.viaOrg) ids = resolved.subset ?? [...m.answers].filter(([, v]) => v === 'pending').map(([k]) => k);
      else {
        const id = selfId(a);
        if (!id || !m.answers.has(id)) return [...out, 'not-in-jurisdiction'];
        ids = [id];
      }
      if (ids.length === 0) out.push('invalid-answer');
      if (ids.some((id) => !m.answers.has(id))) out.push('not-on-deployment');
      if (ids.some((id) => m.answers.has(id) && m.answers.get(id) !== 'pending')) out.push('invalid-transition');
      return out;
    }
    case 'arrive':
    case 'withdraw': {
      out.push(...reporterRefusals(m, cmd.by, a));
      if (m.status !== (cmd.kind === 'arrive' ? 'accepted' : 'arrived')) out.push('invalid-transition');
      const at = resolved.at!;
      if (at > nowMs) out.push('invalid-time');
      const notBefore = cmd.kind === 'arrive' ? m.answeredAt : m.arrivedAt;
      if (notBefore !== undefined && at < notBefore) out.push('invalid-time');
      if (cmd.kind === 'arrive' && (dayOf(at) < m.from || dayOf(at) > m.to)) out.push('invalid-time');
      // Nobody leaves before a day they have hours for.
      if (cmd.kind === 'withdraw' && [...m.hours.keys()].some((k) => Number(k.split(' ')[1]) > dayOf(at))) out.push('invalid-time');
      return out;
    }
    case 'hours': {
      out.push(...reporterRefusals(m, cmd.by, a));
      if (m.status !== 'arrived' && m.status !== 'withdrawn') out.push('invalid-transition');
      const entries = resolved.entries!;
      if (entries.length === 0) return [...out, 'invalid-hours'];
      if (entries.some((e) => m.answers.get(e.volunteerId) !== 'accepted')) out.push('not-on-deployment');
      if (entries.some((e) => !(e.hours > 0 && e.hours <= 24 && (e.hours * 4) % 1 === 0))) out.push('invalid-hours');
      if (m.arrivedAt !== undefined) {
        const first = Math.max(m.from, dayOf(m.arrivedAt));
        const last = Math.min(m.to, m.withdrawnAt === undefined ? m.to : dayOf(m.withdrawnAt), today);
        if (entries.some((e) => e.day < first || e.day > last)) out.push('hours-outside-deployment');
      }
      const sums = new Map(m.hours);
      for (const e of entries) {
        const k = `${e.volunteerId} ${e.day}`;
        sums.set(k, (sums.get(k) ?? 0) + e.hours);
        if (sums.get(k)! > 24) out.push('hours-exceed-day');
      }
      return out;
    }
    case 'standDown':
      if (cmd.by !== 'county' && cmd.by !== 'city' && cmd.by !== 'otherCounty') return ['government-only'];
      if (cmd.by === 'otherCounty') out.push('not-in-jurisdiction');
      if (!['requested', 'accepted', 'withdrawn'].includes(m.status)) out.push('invalid-transition');
      return out;
  }
}

interface ResolvedExtra {
  subset?: string[];
  at?: number;
  entries?: { volunteerId: string; day: number; hours: number }[];
}

function resolveExtra(m: Model, cmd: Lifecycle, nowMs: number): ResolvedExtra {
  switch (cmd.kind) {
    case 'accept':
    case 'decline':
      // The organisation may name part of its team: one name as generated (perhaps someone not asked), longer lists cut
      // to people on the deployment (perhaps to nobody). Volunteers answer for themselves and name no one.
      if (cmd.by !== 'org' || cmd.subset === undefined) return {};
      return { subset: cmd.subset.length === 1 ? cmd.subset : cmd.subset.filter((id) => m.answers.has(id)) };
    case 'arrive':
    case 'withdraw':
      return { at: cmd.hoursBack < 0 ? nowMs + HOUR_MS : nowMs - cmd.hoursBack * HOUR_MS };
    case 'hours': {
      const went = [...m.answers].filter(([, v]) => v === 'accepted').map(([k]) => k);
      // Mostly a day the team was there (when there is one); a raw day now and then.
      const first = m.arrivedAt === undefined ? m.from : Math.max(m.from, dayOf(m.arrivedAt));
      const last = Math.max(first, Math.min(m.to, m.withdrawnAt === undefined ? m.to : dayOf(m.withdrawnAt), dayOf(nowMs)));
      const span = last - first + 1;
      return {
        entries: cmd.entries.map((e) => ({
          volunteerId: e.pick < 17 && went.length ? went[e.pick % went.length]! : EVERYONE[e.pick % EVERYONE.length]!,
          day: e.raw ? e.day : first + (Math.abs(e.day) % span),
          hours: e.hours,
        })),
      };
    }
    case 'standDown':
      return {};
  }
}

function advance(m: Model, cmd: Lifecycle, a: Actor, nowMs: number, r: ResolvedExtra): Model {
  const next: Model = { ...m, answers: new Map(m.answers), hours: new Map(m.hours), changes: m.changes + 1 };
  switch (cmd.kind) {
    case 'accept':
    case 'decline': {
      const ids = cmd.by === 'org' ? (r.subset ?? [...m.answers].filter(([, v]) => v === 'pending').map(([k]) => k)) : [selfId(a)!];
      for (const id of ids) next.answers.set(id, cmd.kind === 'accept' ? 'accepted' : 'declined');
      const answers = [...next.answers.values()];
      if (!answers.includes('pending')) {
        next.status = answers.includes('accepted') ? 'accepted' : 'declined';
        next.answeredAt = nowMs;
        next.events += 1;
      }
      return next;
    }
    case 'arrive':
      return { ...next, status: 'arrived', arrivedAt: r.at!, events: m.events + 1 };
    case 'withdraw':
      return { ...next, status: 'withdrawn', withdrawnAt: r.at!, events: m.events + 1 };
    case 'hours':
      for (const e of r.entries!) next.hours.set(`${e.volunteerId} ${e.day}`, (next.hours.get(`${e.volunteerId} ${e.day}`) ?? 0) + e.hours);
      return next;
    case 'standDown':
      return { ...next, status: 'stood-down', events: m.events + 1 };
  }
}

// ---- The system under test --------------------------------------------------------------------------------------

function transitionOf(cmd: Lifecycle, r: ResolvedExtra): DeploymentTransition {
  switch (cmd.kind) {
    case 'accept':
    case 'decline':
      return { action: cmd.kind, ...(r.subset ? { volunteerIds: r.subset } : {}) };
    case 'arrive':
    case 'withdraw':
      return { action: cmd.kind, at: new Date(r.at!).toISOString() };
    case 'hours':
      return { action: 'record-hours', entries: r.entries!.map((e) => ({ volunteerId: e.volunteerId, date: dateOf(e.day), hours: e.hours })) };
    case 'standDown':
      return { action: 'stand-down', reason: 'Task complete' };
  }
}

const STATUSES: Status[] = ['requested', 'accepted', 'declined', 'arrived', 'withdrawn', 'stood-down'];

function checkInvariants(d: Deployment, m: Model, audits: Change[], events: DeploymentEvent[]): void {
  // The status is one of six and matches the model; answers match person by person.
  expect(STATUSES).toContain(d.status);
  expect(d.status).toBe(m.status);
  expect(Object.fromEntries(d.people.map((p) => [p.volunteerId, p.answer]))).toEqual(Object.fromEntries(m.answers));
  const answers = d.people.map((p) => p.answer);
  // Requested while someone has not answered; declined only when everyone declined; past that, someone went.
  if (d.status === 'requested') expect(answers).toContain('pending');
  else if (d.status !== 'stood-down' || d.answeredAt) expect(answers).not.toContain('pending');
  if (d.status === 'declined') expect(answers.every((x) => x === 'declined')).toBe(true);
  if (['accepted', 'arrived', 'withdrawn'].includes(d.status)) expect(answers).toContain('accepted');
  // Arrival and withdrawal times exist exactly when the life cycle passed them, in order.
  expect(d.arrivedAt !== undefined).toBe(m.arrivedAt !== undefined);
  expect(d.withdrawnAt !== undefined).toBe(m.withdrawnAt !== undefined);
  if (d.status === 'arrived' || d.status === 'withdrawn') expect(d.arrivedAt).toBeDefined();
  if (d.status === 'withdrawn') expect(d.withdrawnAt! >= d.arrivedAt!).toBe(true);
  if (d.arrivedAt) expect(d.arrivedAt >= d.answeredAt!).toBe(true);

  // Hours never fall outside the dates, the days on site, nor add up to more than 24 a day per person; only people
  // who went have any.
  const perDay = new Map<string, number>();
  for (const h of d.hours) {
    expect(d.people.find((p) => p.volunteerId === h.volunteerId)?.answer).toBe('accepted');
    expect(h.date >= d.from && h.date <= d.to).toBe(true);
    const day = dayOf(Date.parse(`${h.date}T12:00:00+08:00`));
    expect(day).toBeGreaterThanOrEqual(dayOf(Date.parse(d.arrivedAt!)));
    if (d.withdrawnAt) expect(day).toBeLessThanOrEqual(dayOf(Date.parse(d.withdrawnAt)));
    expect(h.hours).toBeGreaterThan(0);
    perDay.set(`${h.volunteerId} ${day}`, (perDay.get(`${h.volunteerId} ${day}`) ?? 0) + h.hours);
  }
  for (const total of perDay.values()) expect(total).toBeLessThanOrEqual(24);
  expect(perDay).toEqual(m.hours);

  // Audit = changes: one audit item per successful command, the request included; rev counts them. One event per
  // change of status, each carrying the organisation attribute exactly when there is one, and no personal data.
  expect(d.rev).toBe(m.changes);
  expect(audits).toHaveLength(d.rev);
  expect(events).toHaveLength(m.events);
  for (const e of events) {
    expect(e.attributes).toEqual(m.viaOrg ? { org: ORG_ID } : undefined);
    expect(e.deploymentId).toBe(d.deploymentId);
  }
  expect(containsCanary({ d, audits, events })).toBe(false);
}

interface Reached {
  created: boolean;
  accepted: boolean;
  declined: boolean;
  arrived: boolean;
  hours: boolean;
  standDownAfterWithdrawal: boolean;
  insuranceRefused: boolean;
  qualificationRefused: boolean;
  orgRefused: boolean;
  unavailable: boolean;
  hoursRefused: boolean;
  refusals: number;
}

function expectRefusal(refusal: unknown, expected: string[], label: string): AppError {
  expect(refusal, `${label} should be refused with one of ${expected.join(', ')}`).toBeInstanceOf(AppError);
  const e = refusal as AppError;
  expect(e.status, label).toBeGreaterThanOrEqual(400);
  expect(e.status, label).toBeLessThan(500);
  expect(expected, `${label} refused with ${e.code}: ${e.message}`).toContain(e.code);
  expect(containsCanary({ message: e.message, errors: e.errors }), label).toBe(false);
  return e;
}

type Lifecycle = Exclude<Cmd, { kind: 'create' | 'next' }>;

function nextStep(m: Model, n: Extract<Cmd, { kind: 'next' }>): Lifecycle | undefined {
  switch (m.status) {
    case 'requested':
      return { kind: n.decline ? 'decline' : 'accept', by: 'party' };
    case 'accepted':
      return { kind: 'arrive', by: 'party', hoursBack: 0 };
    case 'arrived':
      return n.close ? { kind: 'withdraw', by: 'party', hoursBack: 0 } : { kind: 'hours', by: 'party', entries: n.hours };
    case 'withdrawn':
      return n.close ? { kind: 'standDown', by: 'county', early: false } : { kind: 'hours', by: 'party', entries: n.hours };
    default:
      return undefined;
  }
}

function runSequence(w: World, cmds: Cmd[], gaps: number[]): Reached {
  const { org, volunteers } = build(w);
  const inc = incident(w.responseActive ? {} : { status: 'recovery', response: { status: 'terminated' } });
  let nowMs = start.getTime();
  let d: Deployment | undefined;
  let m: Model | undefined;
  const audits: Change[] = [];
  const events: DeploymentEvent[] = [];
  const reached: Reached = { created: false, accepted: false, declined: false, arrived: false, hours: false, standDownAfterWithdrawal: false, insuranceRefused: false, qualificationRefused: false, orgRefused: false, unavailable: false, hoursRefused: false, refusals: 0 };

  cmds.forEach((generated, step) => {
    nowMs += gaps[step]! * HOUR_MS;
    const now = new Date(nowMs);
    let label = `step ${step}: ${JSON.stringify(generated)}`;

    if (generated.kind === 'create') {
      // Mostly the right people for the mode (a default one when none fits); the generated set as it is now and then.
      const fitting = generated.viaOrg ? generated.people.filter(isMember) : generated.people.filter((id) => !isMember(id));
      const people = step % 7 === 3 ? generated.people : fitting.length ? fitting : generated.people.length ? [generated.viaOrg ? 'm-1' : 's-1'] : [];
      const c = { ...generated, people, fromOff: generated.fromOff < 0 ? dayOf(nowMs) - 1 : dayOf(nowMs) + generated.fromOff };
      const expected = createRefusals(w, c, dayOf(nowMs), d ? m : undefined);
      const request = {
        ...(c.viaOrg ? { organizationId: ORG_ID } : {}),
        volunteerIds: c.people,
        task: { title: 'Task', kind: c.taskKind, risky: c.risky, requiredQualifications: c.diving ? ['diving' as const] : [] },
        from: dateOf(c.fromOff),
        to: dateOf(c.fromOff + c.len),
        place: 'Riverside',
        reportTo: 'Command post',
      };
      const actor = c.by === 'org' ? orgUser(ORG_ID) : offices[c.by];
      const before = structuredClone(d);
      let change: DeploymentChange | undefined;
      let refusal: unknown;
      try {
        change = createDeployment(d ? `probe-${step}` : 'dep-m', request, { incident: inc, organization: org, volunteers, commitments: d ? [d] : [] }, actor, now);
      } catch (e) {
        refusal = e;
      }
      // Refusals change nothing; nor does a probe request while a deployment is under way (it is not kept).
      expect(d, label).toEqual(before);
      if (expected.codes.length) {
        const e = expectRefusal(refusal, expected.codes, label);
        reached.refusals += 1;
        // The gates name exactly the people who fail them, by id.
        const named = (e.errors ?? []).map((x) => x.message.match(/volunteer (\S+)/)?.[1]);
        if (e.code === 'insurance-required') expect(named, label).toEqual(expected.uninsured);
        if (e.code === 'qualification-required') expect(named, label).toEqual(expected.unqualified);
        reached.insuranceRefused ||= e.code === 'insurance-required';
        reached.qualificationRefused ||= e.code === 'qualification-required';
        reached.orgRefused ||= e.code === 'organization-not-deployable';
        reached.unavailable ||= e.code === 'volunteer-unavailable';
      } else {
        expect(refusal, `${label} should succeed`).toBeUndefined();
        expect(change!.event!.type).toBe('deployment.requested');
        if (!d) {
          d = change!.deployment;
          audits.push(change!.change);
          events.push(change!.event!);
          m = { viaOrg: c.viaOrg, from: c.fromOff, to: c.fromOff + c.len, status: 'requested', answers: new Map(c.people.map((id) => [id, 'pending'])), hours: new Map(), changes: 1, events: 1 };
          reached.created = true;
        }
      }
      if (d) checkInvariants(d, m!, audits, events);
      return;
    }
    if (!d || !m) return;
    if (generated.kind === 'standDown' && !generated.early && (d.status === 'requested' || d.status === 'accepted')) return;
    const concrete = generated.kind === 'next' ? nextStep(m, generated) : generated;
    if (!concrete) return;
    const cmd = { ...concrete, by: concrete.by === 'party' ? (m.viaOrg ? 'org' : 'self') : concrete.by } as Lifecycle & { by: Exclude<Who, 'party'> };
    const actor = resolveActor(m, cmd.by);
    label = `step ${step}: ${JSON.stringify(cmd)}`;
    const extra = resolveExtra(m, cmd, nowMs);
    const expected = refusals(m, cmd, actor, nowMs, extra);
    const before = structuredClone(d);
    let change: DeploymentChange | undefined;
    let refusal: unknown;
    try {
      change = transitionDeployment(d, transitionOf(cmd, extra), actor, now);
    } catch (e) {
      refusal = e;
    }
    // The domain is pure: the record it was given is untouched either way.
    expect(d, label).toEqual(before);
    if (expected.length) {
      const e = expectRefusal(refusal, expected, label);
      reached.refusals += 1;
      reached.hoursRefused ||= e.code === 'hours-exceed-day' || e.code === 'hours-outside-deployment';
    } else {
      expect(refusal, `${label} should succeed`).toBeUndefined();
      expect(change!.deployment.rev, label).toBe(d.rev + 1);
      expect(change!.deployment.updatedAt).toBe(now.toISOString());
      const wasWithdrawn = d.status === 'withdrawn';
      audits.push(change!.change);
      if (change!.event) events.push(change!.event);
      d = change!.deployment;
      m = advance(m, cmd, actor, nowMs, extra);
      if (change!.event) expect(change!.event.type, label).toBe(`deployment.${d.status}`);
      reached.accepted ||= d.status === 'accepted';
      reached.declined ||= d.status === 'declined';
      reached.arrived ||= d.status === 'arrived';
      reached.hours ||= cmd.kind === 'hours';
      reached.standDownAfterWithdrawal ||= wasWithdrawn && d.status === 'stood-down';
    }
    checkInvariants(d, m, audits, events);
  });
  return reached;
}

describe('deployment life cycle model', () => {
  it('reaches no illegal state, keeps hours inside the dates and 24 a day, and audit items equal to changes (rules 21-22)', () => {
    const runs: Reached[] = [];
    fc.assert(
      fc.property(worldArb, fc.array(cmdArb, { minLength: 20, maxLength: 60, size: 'max' }), fc.array(gapArb, { minLength: 60, maxLength: 60 }), (w, cmds, gaps) => {
        runs.push(runSequence(w, cmds, gaps));
      }),
      { numRuns: 300 },
    );

    // The generator must drive deployments through the life cycle and hit every gate, not just pile up refusals.
    const share = (k: keyof Reached) => runs.filter((r) => r[k]).length / runs.length;
    expect(runs.length).toBeGreaterThanOrEqual(300);
    // Bounds sit about four standard deviations below the shares measured over many seeds (in brackets).
    expect(share('created')).toBeGreaterThan(0.55); // (0.70)
    expect(share('accepted')).toBeGreaterThan(0.42); // (0.56)
    expect(share('declined')).toBeGreaterThan(0.03); // (0.10)
    expect(share('arrived')).toBeGreaterThan(0.3); // (0.43)
    expect(share('hours')).toBeGreaterThan(0.13); // (0.23)
    expect(share('standDownAfterWithdrawal')).toBeGreaterThan(0.2); // (0.31)
    expect(share('insuranceRefused')).toBeGreaterThan(0.18); // (0.30)
    expect(share('qualificationRefused')).toBeGreaterThan(0.13); // (0.23)
    expect(share('orgRefused')).toBeGreaterThan(0.1); // (0.20)
    expect(share('unavailable')).toBeGreaterThan(0.04); // (0.11)
    expect(share('hoursRefused')).toBeGreaterThan(0.1); // (0.20)
    expect(share('refusals')).toBeGreaterThan(0.9); // (0.98)
  });
});
