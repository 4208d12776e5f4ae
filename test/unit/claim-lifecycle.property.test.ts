// Model test of the compensation claim life cycle with its reconsiderations: random corrections, resubmissions,
// acceptance, extensions, decisions, service, payments, closing, and reconsideration steps by random callers over
// random stretches of time. A reference model predicts which commands succeed and why the others are refused;
// invariants are checked after every step: no illegal state, audit = changes, money never negative nor above the
// approved amount (rules 13-15).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor.ts';
import type { Change } from '../../shared/domain/change.ts';
import {
  acceptClaim,
  approveClaim,
  closeClaim,
  extendClaimDecision,
  payClaim,
  rejectClaim,
  requestCorrection,
  requisitionClaimSubject,
  resubmitClaim,
  serveNotice,
  submitClaim,
  type Claim,
  type ClaimEvent,
  type ClaimItem,
  type ClaimStatus,
} from '../../shared/domain/claim.ts';
import {
  acceptReconsideration,
  applyForReconsideration,
  decideReconsideration,
  extendReconsideration,
  requestReconsiderationCorrection,
  resubmitReconsideration,
  type Reconsideration,
  type ReconsiderationChange,
  type ReconsiderationDecidedEvent,
  type ReconsiderationStatus,
} from '../../shared/domain/reconsideration.ts';
import { AppError } from '../../shared/errors.ts';
import { CANARY, OTHER_REF, OWNER_REF, calendar, claimDraft, gov, otherCitizen, owner, returnedRequisition, sweep, type GovName } from './requisition-fixtures.ts';

// ---- The model's own view of the world --------------------------------------------------------------------------

type Caller = GovName | 'owner' | 'otherCitizen' | 'job';
const CALLERS: Record<Caller, Actor> = { ...gov, owner, otherCitizen, job: sweep };
const REFS: Partial<Record<Caller, string>> = { owner: OWNER_REF, otherCitizen: OTHER_REF };
const isGov = (c: Caller): c is GovName => c in gov;
/** The claim is owed by Dongcheng (110105): who has jurisdiction over it, written out. */
const OVER_CLAIM: Caller[] = ['county', 'city', 'province', 'national'];
/** The organ one level up from each possible decider. */
const ORGAN: Partial<Record<GovName, GovName>> = { county: 'city', city: 'province', province: 'national', national: 'national' };

const DAY = 86_400_000;
const SIMPLIFIED_MAX = 300_000;
const LABELS = ['documents.ownership', 'documents.identity', 'items.0.description', 'bankAccount'];

// ---- Commands ---------------------------------------------------------------------------------------------------

/** Office steps are taken by the county or a random caller; organ steps by the organ of the decision or a random one. */
type Who = Caller | 'organ';
type Cmd<W = Who> =
  | { kind: 'correct'; by: W; labels: number[]; reason: boolean }
  | { kind: 'resubmit'; by: W; amounts?: number[] }
  | { kind: 'accept'; by: W }
  | { kind: 'extend'; by: W }
  | { kind: 'approve'; by: W; amount: 'claimed' | 'part' | 'zero' | 'above' | 'below-paid'; part: number; reasons: boolean }
  | { kind: 'reject'; by: W; reasons: boolean }
  | { kind: 'serve'; by: W; lagMinutes: number }
  | { kind: 'pay'; by: W; amount: 'owed' | 'part' | 'above'; part: number }
  | { kind: 'close'; by: W }
  | { kind: 'apply'; by: W }
  | { kind: 'reconAccept'; by: W; simplified: boolean; agree: boolean }
  | { kind: 'reconCorrect'; by: W; labels: number[] }
  | { kind: 'reconResubmit'; by: W }
  | { kind: 'reconExtend'; by: W }
  | { kind: 'reconDecide'; by: W; outcome: 'upheld' | 'varied' | 'revoked'; varied: 'more' | 'same' | 'above'; part: number; reasons: boolean };

const office = fc.oneof(
  { weight: 8, arbitrary: fc.constant<Who>('county') },
  { weight: 1, arbitrary: fc.constant<Who>('city') },
  { weight: 1, arbitrary: fc.constantFrom<Who>('otherCounty', 'township', 'owner', 'job', 'province') },
);
const claimant = fc.oneof({ weight: 8, arbitrary: fc.constant<Who>('owner') }, { weight: 1, arbitrary: fc.constantFrom<Who>('otherCitizen', 'county') });
const organ = fc.oneof({ weight: 8, arbitrary: fc.constant<Who>('organ') }, { weight: 1, arbitrary: fc.constantFrom<Who>('county', 'city', 'province', 'owner') });
const labels = fc.uniqueArray(fc.nat(LABELS.length - 1), { minLength: 1, maxLength: 3 });
const part = fc.double({ min: 0, max: 1, noNaN: true });

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('correct' as const), by: office, labels, reason: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }) },
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant('resubmit' as const), by: claimant, amounts: fc.array(fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1, max: 900_000 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -5, 1.5) }), { minLength: 1, maxLength: 3 }) },
      { requiredKeys: ['kind', 'by'] },
    ),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('accept' as const), by: office }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), by: office }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('approve' as const),
      by: office,
      amount: fc.constantFrom('claimed' as const, 'part' as const, 'part' as const, 'zero' as const, 'above' as const, 'below-paid' as const),
      part,
      reasons: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reject' as const), by: office, reasons: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('serve' as const), by: office, lagMinutes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3_000 })) }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('pay' as const), by: office, amount: fc.constantFrom('owed' as const, 'part' as const, 'part' as const, 'above' as const), part }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('close' as const), by: office }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('apply' as const), by: claimant }) },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('reconAccept' as const), by: organ, simplified: fc.boolean(), agree: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconCorrect' as const), by: organ, labels }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconResubmit' as const), by: claimant }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconExtend' as const), by: organ }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('reconDecide' as const),
      by: organ,
      outcome: fc.constantFrom('upheld' as const, 'varied' as const, 'varied' as const, 'revoked' as const),
      varied: fc.constantFrom('more' as const, 'more' as const, 'same' as const, 'above' as const),
      part,
      reasons: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  },
);

// ---- The reference model ----------------------------------------------------------------------------------------

interface ModelRecon {
  id: string;
  status: ReconsiderationStatus;
  organ: GovName;
  seq: number;
  disputed: number;
  procedure: 'ordinary' | 'simplified';
  firstCorrection?: string[];
  acceptedAt?: number;
  changes: number;
}
interface Model {
  status: ClaimStatus;
  claimedFen: number;
  firstCorrection?: string[];
  extended: boolean;
  decisionPeriodFrom?: number;
  decision?: { seq: number; by: GovName; at: number; approvedFen: number };
  approvedFen?: number;
  servedAt?: number;
  paidFen: number;
  payments: number;
  decisions: number;
  claimRecon?: { seq: number; pending: boolean };
  recons: ModelRecon[];
  claimChanges: number;
}

/** A refusal the model is sure of, or a window edge it leaves open (a rest day can move a last day by up to ~9 days). */
type Expectation = { refused: string[]; maybe?: string };

const latest = (m: Model) => m.recons.at(-1);

/**
 * Rule 15 with an oracle of its own: inside the shortest plain period the step must pass; 10 days past the longest
 * (a last day on a rest day moves by 9 days at most, at the Spring Festival) it must fail; in between, either.
 */
function windowCheck(now: number, from: number, minDays: number, maxDays: number, code: string): Expectation {
  if (now < from + minDays * DAY) return { refused: [] };
  if (now > from + (maxDays + 10) * DAY) return { refused: [code] };
  return { refused: [], maybe: code };
}

function officeRefusal(by: Caller): string[] {
  if (!isGov(by)) return ['government-only'];
  return OVER_CLAIM.includes(by) ? [] : ['not-in-jurisdiction'];
}

function organRefusal(r: ModelRecon, by: Caller): string[] {
  if (!isGov(by)) return ['government-only'];
  return by === r.organ ? [] : ['not-reconsideration-organ'];
}

const validAmounts = (a: number[]) => a.every((x) => Number.isSafeInteger(x) && x >= 1);

function expectation(m: Model, cmd: Cmd<Caller>, now: number, amounts: Amounts): Expectation {
  const out: string[] = [];
  const r = latest(m);
  switch (cmd.kind) {
    case 'correct': {
      out.push(...officeRefusal(cmd.by));
      if (m.status !== 'submitted') out.push('invalid-transition');
      if (!cmd.reason) out.push('validation-failed');
      const names = cmd.labels.map((l) => LABELS[l]!);
      if (m.firstCorrection && !names.every((x) => m.firstCorrection!.includes(x))) out.push('correction-not-at-once');
      return { refused: out };
    }
    case 'resubmit':
      if (cmd.by !== 'owner') return { refused: ['not-found'] };
      if (m.status !== 'needs-correction') out.push('invalid-transition');
      if (cmd.amounts && !validAmounts(cmd.amounts)) out.push('validation-failed');
      return { refused: out };
    case 'accept':
      out.push(...officeRefusal(cmd.by));
      if (m.status !== 'submitted') out.push('invalid-transition');
      return { refused: out };
    case 'extend': {
      out.push(...officeRefusal(cmd.by));
      if (m.status !== 'accepted') return { refused: [...out, 'invalid-transition'] };
      if (m.extended) out.push('already-extended');
      const w = windowCheck(now, m.decisionPeriodFrom!, 60, 60, 'decision-period-passed');
      return { refused: [...out, ...w.refused], ...(w.maybe ? { maybe: w.maybe } : {}) };
    }
    case 'approve': {
      out.push(...officeRefusal(cmd.by));
      if (m.status !== 'accepted') return { refused: [...out, 'invalid-transition'] };
      const fen = amounts.approve!;
      if (fen < 1) out.push('nothing-approved');
      if (fen > m.claimedFen) out.push('approved-above-claimed');
      if (fen < m.paidFen) out.push('approved-below-paid');
      if (fen < m.claimedFen && !cmd.reasons) out.push('reasons-required');
      return { refused: out };
    }
    case 'reject':
      out.push(...officeRefusal(cmd.by));
      if (m.status !== 'accepted') return { refused: [...out, 'invalid-transition'] };
      if (!cmd.reasons) out.push('reasons-required');
      if (m.paidFen > 0) out.push('approved-below-paid');
      return { refused: out };
    case 'serve':
      out.push(...officeRefusal(cmd.by));
      if (m.status !== 'decided') return { refused: [...out, 'invalid-transition'] };
      if (now - cmd.lagMinutes * 60_000 < m.decision!.at) out.push('served-before-decision');
      return { refused: out };
    case 'pay':
      out.push(...officeRefusal(cmd.by));
      if (m.status !== 'served') return { refused: [...out, 'invalid-transition'] };
      if (amounts.pay! > m.approvedFen! - m.paidFen) out.push('payment-above-approved');
      return { refused: out };
    case 'close': {
      out.push(...officeRefusal(cmd.by));
      const closable = m.status === 'paid' || (m.status === 'served' && m.approvedFen === 0);
      if (!closable) out.push('invalid-transition');
      if (m.claimRecon?.pending) out.push('reconsideration-pending');
      return { refused: out };
    }
    case 'apply': {
      if (cmd.by !== 'owner') return { refused: ['not-found'] };
      if (!m.decision) return { refused: ['invalid-transition'] };
      if (m.claimRecon?.seq === m.decision.seq) return { refused: ['invalid-transition'] };
      // 60 days from service (Art 20(1)), else a year from the decision (Art 20(3)); near the 5-year outer limit
      // (Art 21), which a very late service meets, either.
      if (now > m.decision.at + 4 * 365 * DAY) return { refused: [], maybe: 'reconsideration-window-closed' };
      return m.servedAt !== undefined
        ? windowCheck(now, m.servedAt, 60, 60, 'reconsideration-window-closed')
        : windowCheck(now, m.decision.at, 365, 366, 'reconsideration-window-closed');
    }
    case 'reconAccept':
      out.push(...organRefusal(r!, cmd.by));
      if (r!.status !== 'submitted') out.push('invalid-transition');
      if (cmd.simplified && r!.disputed > SIMPLIFIED_MAX && !cmd.agree) out.push('simplified-procedure-not-open');
      return { refused: out };
    case 'reconCorrect': {
      out.push(...organRefusal(r!, cmd.by));
      if (r!.status !== 'submitted') out.push('invalid-transition');
      const names = cmd.labels.map((l) => LABELS[l]!);
      if (r!.firstCorrection && !names.every((x) => r!.firstCorrection!.includes(x))) out.push('correction-not-at-once');
      return { refused: out };
    }
    case 'reconResubmit':
      if (cmd.by !== 'owner') return { refused: ['not-found'] };
      return { refused: r!.status === 'needs-correction' ? [] : ['invalid-transition'] };
    case 'reconExtend': {
      out.push(...organRefusal(r!, cmd.by));
      if (r!.status === 'extended') return { refused: [...out, 'already-extended'] };
      if (r!.status !== 'accepted') return { refused: [...out, 'invalid-transition'] };
      if (r!.procedure === 'simplified') return { refused: [...out, 'no-extension-in-simplified-procedure'] };
      const w = windowCheck(now, r!.acceptedAt!, 60, 60, 'decision-period-passed');
      return { refused: [...out, ...w.refused], ...(w.maybe ? { maybe: w.maybe } : {}) };
    }
    case 'reconDecide': {
      out.push(...organRefusal(r!, cmd.by));
      if (r!.status !== 'accepted' && r!.status !== 'extended') return { refused: [...out, 'invalid-transition'] };
      if (!cmd.reasons) out.push('reasons-required');
      if (cmd.outcome === 'varied') {
        const v = amounts.varied!;
        if (v <= m.approvedFen!) out.push('variation-not-more-favourable');
        if (v > m.claimedFen) out.push('approved-above-claimed');
      }
      return { refused: out };
    }
  }
}

/** The model after a command that succeeded. */
function advance(m: Model, cmd: Cmd<Caller>, now: number, amounts: Amounts, reconId: string): Model {
  const bump = { claimChanges: m.claimChanges + 1 };
  const r = latest(m);
  const setRecon = (patch: Partial<ModelRecon>): ModelRecon[] => m.recons.map((x, n) => (n === m.recons.length - 1 ? { ...x, ...patch, changes: x.changes + 1 } : x));
  switch (cmd.kind) {
    case 'correct':
      return { ...m, ...bump, status: 'needs-correction', firstCorrection: m.firstCorrection ?? cmd.labels.map((l) => LABELS[l]!) };
    case 'resubmit':
      return { ...m, ...bump, status: 'submitted', claimedFen: cmd.amounts ? cmd.amounts.reduce((a, b) => a + b, 0) : m.claimedFen };
    case 'accept':
      return { ...m, ...bump, status: 'accepted', decisionPeriodFrom: now };
    case 'extend':
      return { ...m, ...bump, extended: true };
    case 'approve':
    case 'reject': {
      const approvedFen = cmd.kind === 'reject' ? 0 : amounts.approve!;
      const seq = m.decisions + 1;
      return { ...m, ...bump, status: 'decided', decision: { seq, by: cmd.by as GovName, at: now, approvedFen }, approvedFen, decisions: seq };
    }
    case 'serve':
      return { ...m, ...bump, status: 'served', servedAt: now - cmd.lagMinutes * 60_000 };
    case 'pay': {
      const paidFen = m.paidFen + amounts.pay!;
      return { ...m, ...bump, paidFen, payments: m.payments + 1, status: paidFen === m.approvedFen ? 'paid' : 'served' };
    }
    case 'close':
      return { ...m, ...bump, status: 'closed' };
    case 'apply': {
      const d = m.decision!;
      const recon: ModelRecon = { id: reconId, status: 'submitted', organ: ORGAN[d.by]!, seq: d.seq, disputed: m.claimedFen - m.approvedFen!, procedure: 'ordinary', changes: 1 };
      return { ...m, ...bump, claimRecon: { seq: d.seq, pending: true }, recons: [...m.recons, recon] };
    }
    case 'reconAccept':
      return { ...m, recons: setRecon({ status: 'accepted', acceptedAt: now, procedure: cmd.simplified ? 'simplified' : 'ordinary' }) };
    case 'reconCorrect':
      return { ...m, recons: setRecon({ status: 'needs-correction', firstCorrection: r!.firstCorrection ?? cmd.labels.map((l) => LABELS[l]!) }) };
    case 'reconResubmit':
      return { ...m, recons: setRecon({ status: 'submitted' }) };
    case 'reconExtend':
      return { ...m, recons: setRecon({ status: 'extended' }) };
    case 'reconDecide': {
      const recons = setRecon({ status: 'decided' });
      const claimRecon = { seq: m.claimRecon!.seq, pending: false };
      if (cmd.outcome === 'upheld') return { ...m, ...bump, recons, claimRecon };
      if (cmd.outcome === 'varied') return { ...m, ...bump, recons, claimRecon, approvedFen: amounts.varied!, status: m.status === 'decided' ? 'decided' : 'served' };
      const { decision: _revoked, approvedFen: _gone, servedAt: _served, ...rest } = m;
      return { ...rest, ...bump, recons, claimRecon, status: 'accepted', extended: false, decisionPeriodFrom: now };
    }
  }
}

/** Concrete amounts a command uses, derived from the model before it runs. */
interface Amounts {
  approve?: number;
  pay?: number;
  varied?: number;
}

function amountsFor(m: Model, cmd: Cmd<Caller>): Amounts {
  const between = (lo: number, hi: number, p: number) => lo + Math.floor((hi - lo) * p);
  switch (cmd.kind) {
    case 'approve': {
      const fen = { claimed: m.claimedFen, part: between(Math.max(m.paidFen, 1), m.claimedFen, cmd.part), zero: 0, above: m.claimedFen + 1, 'below-paid': m.paidFen - 1 }[cmd.amount];
      return { approve: fen };
    }
    case 'pay': {
      const owed = (m.approvedFen ?? 0) - m.paidFen;
      return { pay: Math.max(1, { owed, part: between(1, owed, cmd.part), above: owed + 1 }[cmd.amount]) };
    }
    case 'reconDecide': {
      const approved = m.approvedFen ?? 0;
      return { varied: { more: between(approved + 1, m.claimedFen + 1, cmd.part), same: approved, above: m.claimedFen + 1 }[cmd.varied] };
    }
    default:
      return {};
  }
}

/** Names the organ for symbolic callers; an organ step without a reconsideration is skipped. */
function resolve(m: Model, cmd: Cmd): Cmd<Caller> | undefined {
  const r = latest(m);
  if (cmd.kind.startsWith('recon') && !r) return undefined;
  if (cmd.by === 'organ') return { ...cmd, by: r ? r.organ : 'city' } as Cmd<Caller>;
  return cmd as Cmd<Caller>;
}

// ---- The system under test --------------------------------------------------------------------------------------

interface Store {
  claim: Claim<string>;
  recons: Reconsideration[];
}

const itemsOf = (amounts: number[]): ClaimItem[] => amounts.map((amountFen, n) => ({ kind: n === 0 ? 'use-fee' : 'repair', amountFen, description: `item ${n}` }));

type AnyChange = { change: Change; event?: ClaimEvent | ReconsiderationDecidedEvent };

function execute(s: Store, cmd: Cmd<Caller>, at: Date, amounts: Amounts, reconId: string): { claim?: AnyChange & { claim: Claim<string> }; recon?: ReconsiderationChange<string> } {
  const a = CALLERS[cmd.by];
  const ref = REFS[cmd.by];
  const c = s.claim;
  const r = s.recons.at(-1)!;
  const reasons = (given: boolean) => (given ? ['Assessed against the certificate'] : []);
  switch (cmd.kind) {
    case 'correct':
      return { claim: requestCorrection(c, cmd.labels.map((l) => ({ item: LABELS[l]!, reason: cmd.reason ? 'Missing' : ' ' })), a, at) };
    case 'resubmit':
      return { claim: resubmitClaim(c, cmd.amounts ? { items: itemsOf(cmd.amounts) } : {}, a, ref, at) };
    case 'accept':
      return { claim: acceptClaim(c, a, at) };
    case 'extend':
      return { claim: extendClaimDecision(c, 'Valuation pending', a, at, calendar) };
    case 'approve':
      return { claim: approveClaim(c, { approvedFen: amounts.approve!, reasons: reasons(cmd.reasons) }, a, at) };
    case 'reject':
      return { claim: rejectClaim(c, { reasons: reasons(cmd.reasons) }, a, at) };
    case 'serve':
      return { claim: serveNotice(c, new Date(at.getTime() - cmd.lagMinutes * 60_000).toISOString(), a, at) };
    case 'pay':
      return { claim: payClaim(c, { amountFen: amounts.pay!, paymentReference: `TXN-${at.getTime()}` }, a, at) };
    case 'close':
      return { claim: closeClaim(c, a, at) };
    case 'apply':
      return { recon: applyForReconsideration(reconId, c, { grounds: 'The loss is larger', request: 'Approve the claim in full' }, a, ref, at, calendar) };
    case 'reconAccept':
      return { recon: acceptReconsideration(r, { procedure: cmd.simplified ? 'simplified' : 'ordinary', partiesAgree: cmd.agree }, a, at) };
    case 'reconCorrect':
      return { recon: requestReconsiderationCorrection(r, cmd.labels.map((l) => ({ item: LABELS[l]!, reason: 'Missing' })), a, at) };
    case 'reconResubmit':
      return { recon: resubmitReconsideration(r, { grounds: 'Corrected grounds' }, a, ref, at) };
    case 'reconExtend':
      return { recon: extendReconsideration(r, 'Expert valuation', a, at, calendar) };
    case 'reconDecide':
      return { recon: decideReconsideration(r, c, { outcome: cmd.outcome, reasons: reasons(cmd.reasons), ...(cmd.outcome === 'varied' ? { variedFen: amounts.varied! } : {}) }, a, at) };
  }
}

const STATUSES: ClaimStatus[] = ['submitted', 'needs-correction', 'accepted', 'decided', 'served', 'paid', 'closed'];
const DECIDED: ClaimStatus[] = ['decided', 'served', 'paid', 'closed'];

function checkInvariants(s: Store, m: Model, claimAudits: Change[], reconAudits: Change[], events: (ClaimEvent | ReconsiderationDecidedEvent)[]): void {
  const c = s.claim;
  // No illegal state: one of the statuses, the model's, and a decision exactly when decided.
  expect(STATUSES).toContain(c.status);
  expect(c.status).toBe(m.status);
  expect(c.decision !== undefined).toBe(DECIDED.includes(c.status));
  expect(c.approvedFen).toBe(m.approvedFen);
  if (c.status === 'served') expect(c.noticeServedAt).toBeDefined();
  if (c.decision) {
    expect(c.decision.seq).toBe(m.decision!.seq);
    // Rule 14: every decision names the organ one level above the office that made it, and gives reasons unless in full.
    expect(c.decision.remedies.reconsideration.organ.division).toBe(gov[ORGAN[m.decision!.by]!].division);
    if (c.decision.outcome !== 'approved') expect(c.decision.reasons.length).toBeGreaterThan(0);
  }

  // Money: whole fen, never negative, the claimed total exact, approved within it, paid never above approved.
  expect(c.claimedFen).toBe(m.claimedFen);
  expect(c.claimedFen).toBe(c.items.reduce((sum, it) => sum + it.amountFen, 0));
  for (const v of [c.claimedFen, c.paidFen, c.approvedFen ?? 0, ...c.payments.map((p) => p.amountFen)]) {
    expect(Number.isSafeInteger(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
  }
  expect(c.paidFen).toBe(m.paidFen);
  expect(c.paidFen).toBe(c.payments.reduce((sum, p) => sum + p.amountFen, 0));
  expect(c.paidFen).toBeLessThanOrEqual(c.approvedFen ?? c.claimedFen);
  if (c.approvedFen !== undefined) expect(c.approvedFen).toBeLessThanOrEqual(c.claimedFen);
  if (c.status === 'paid') expect(c.paidFen).toBe(c.approvedFen);
  if (c.status === 'closed') expect(c.paidFen).toBe(c.approvedFen);

  // Reconsiderations: as the model says; one per decision; the claim knows of the latest.
  expect(s.recons.map((r) => r.status)).toEqual(m.recons.map((r) => r.status));
  s.recons.forEach((r, n) => {
    expect(r.organ.division).toBe(gov[m.recons[n]!.organ].division);
    expect(r.rev).toBe(m.recons[n]!.changes);
    expect(r.decision !== undefined).toBe(r.status === 'decided');
  });
  expect(new Set(s.recons.map((r) => r.decisionSeq)).size).toBe(s.recons.length);
  expect(c.reconsideration?.status === 'pending').toBe(m.claimRecon?.pending === true);

  // Audit = changes: one Change per successful command on each record it changed.
  expect(c.rev).toBe(m.claimChanges);
  expect(claimAudits).toHaveLength(c.rev);
  expect(reconAudits).toHaveLength(s.recons.reduce((sum, r) => sum + r.rev, 0));
  expect(events.filter((e) => e.type === 'claim.decided')).toHaveLength(m.decisions);
  expect(events.filter((e) => e.type === 'claim.paid')).toHaveLength(m.payments);
  expect(events.filter((e) => e.type === 'reconsideration.decided')).toHaveLength(s.recons.filter((r) => r.status === 'decided').length);
}

interface Reached {
  corrected: boolean;
  decided: boolean;
  partlyPaid: boolean;
  paidInFull: boolean;
  closed: boolean;
  reconsidered: boolean;
  varied: boolean;
  revoked: boolean;
  windowClosed: boolean;
  refusals: number;
}

function runSequence(cmds: Cmd[], gaps: number[]): Reached {
  let now = Date.parse('2026-07-21T02:00:00Z');
  const submitted = submitClaim('clm-model', requisitionClaimSubject(returnedRequisition()), claimDraft(), owner, OWNER_REF, new Date(now));
  const s: Store = { claim: submitted.claim, recons: [] };
  let m: Model = { status: 'submitted', claimedFen: submitted.claim.claimedFen, extended: false, paidFen: 0, payments: 0, decisions: 0, recons: [], claimChanges: 1 };
  const claimAudits: Change[] = [submitted.change];
  const reconAudits: Change[] = [];
  const events: (ClaimEvent | ReconsiderationDecidedEvent)[] = [];
  const reached: Reached = { corrected: false, decided: false, partlyPaid: false, paidInFull: false, closed: false, reconsidered: false, varied: false, revoked: false, windowClosed: false, refusals: 0 };
  const noPersonalData = (x: unknown) => {
    const text = JSON.stringify(x ?? null);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(OWNER_REF);
  };

  cmds.forEach((generated, step) => {
    const cmd = resolve(m, generated);
    if (!cmd) return;
    now += gaps[step]! * 60_000;
    const at = new Date(now);
    const amounts = amountsFor(m, cmd);
    const reconId = `rcn-${step}`;
    const { refused, maybe } = expectation(m, cmd, now, amounts);
    const before = structuredClone(s);
    const label = `step ${step}: ${JSON.stringify(cmd)} ${JSON.stringify(amounts)}`;

    let result: ReturnType<typeof execute> | undefined;
    let refusal: unknown;
    try {
      result = execute(s, cmd, at, amounts, reconId);
    } catch (e) {
      refusal = e;
    }

    // The domain is pure: the records it was given are untouched either way.
    expect(s, label).toEqual(before);
    const refusedNow = refusal !== undefined;
    if (refused.length > 0 || (refusedNow && maybe)) {
      expect(refusal, `${label} should be refused with one of ${[...refused, maybe].join(', ')}`).toBeInstanceOf(AppError);
      const e = refusal as AppError;
      expect(e.status, label).toBeGreaterThanOrEqual(400);
      expect(e.status, label).toBeLessThan(500);
      expect([...refused, ...(maybe ? [maybe] : [])], `${label} refused with ${e.code}: ${e.message}`).toContain(e.code);
      noPersonalData({ message: e.message, errors: e.errors });
      reached.refusals += 1;
      reached.windowClosed ||= e.code === 'reconsideration-window-closed';
    } else {
      expect(refusal, `${label} should succeed`).toBeUndefined();
      const claimChange = result!.claim ?? result!.recon?.claim;
      if (result!.recon) {
        const rc = result!.recon;
        noPersonalData(rc.change);
        noPersonalData(rc.event);
        reconAudits.push(rc.change);
        if (rc.event) events.push(rc.event);
        if (cmd.kind === 'apply') s.recons.push(rc.reconsideration);
        else {
          expect(rc.reconsideration.rev, label).toBe(s.recons.at(-1)!.rev + 1);
          s.recons[s.recons.length - 1] = rc.reconsideration;
        }
      }
      // A claim change comes from every claim command and from applying for and deciding a reconsideration.
      expect(claimChange !== undefined, label).toBe(!cmd.kind.startsWith('recon') || cmd.kind === 'reconDecide');
      if (claimChange) {
        noPersonalData(claimChange.change);
        noPersonalData(claimChange.event);
        expect(claimChange.claim.rev, label).toBe(s.claim.rev + 1);
        expect(claimChange.claim.updatedAt).toBe(at.toISOString());
        claimAudits.push(claimChange.change);
        if (claimChange.event) events.push(claimChange.event);
        s.claim = claimChange.claim;
      }
      m = advance(m, cmd, now, amounts, reconId);
      reached.corrected ||= cmd.kind === 'correct';
      reached.decided ||= cmd.kind === 'approve' || cmd.kind === 'reject';
      reached.partlyPaid ||= cmd.kind === 'pay' && m.status === 'served';
      reached.paidInFull ||= cmd.kind === 'pay' && m.status === 'paid';
      reached.closed ||= cmd.kind === 'close';
      reached.reconsidered ||= cmd.kind === 'reconDecide';
      reached.varied ||= cmd.kind === 'reconDecide' && cmd.outcome === 'varied';
      reached.revoked ||= cmd.kind === 'reconDecide' && cmd.outcome === 'revoked';
    }
    checkInvariants(s, m, claimAudits, reconAudits, events);
  });
  return reached;
}

describe('claim life cycle model', () => {
  // 300 runs of up to 100 steps: a few seconds alone, longer on a busy machine, hence the wider timeout.
  it('rules 13-15: reaches no illegal state, keeps audit items equal to changes, and money never negative nor above the approved amount', { timeout: 60_000 }, () => {
    const runs: Reached[] = [];
    fc.assert(
      fc.property(
        fc.array(cmdArb, { minLength: 20, maxLength: 100, size: 'max' }),
        // Mostly hours; now and then weeks, so decision periods and reconsideration windows run out.
        fc.array(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 1, max: 1_440 }) }, { weight: 1, arbitrary: fc.integer({ min: 7 * 1_440, max: 80 * 1_440 }) }), { minLength: 100, maxLength: 100 }),
        (cmds, gaps) => {
          runs.push(runSequence(cmds, gaps));
        },
      ),
      { numRuns: 300 },
    );

    // The generator must drive claims through the life cycle, not just pile up refusals. Bounds sit about four
    // standard deviations below the shares measured over several seeds (in brackets).
    const share = (k: keyof Reached) => runs.filter((r) => r[k]).length / runs.length;
    expect(runs.length).toBeGreaterThanOrEqual(300);
    expect(share('corrected')).toBeGreaterThan(0.09); // (0.18)
    expect(share('decided')).toBeGreaterThan(0.7); // (0.82)
    expect(share('partlyPaid')).toBeGreaterThan(0.06); // (0.14)
    expect(share('paidInFull')).toBeGreaterThan(0.3); // (0.41)
    expect(share('closed')).toBeGreaterThan(0.09); // (0.18)
    expect(share('reconsidered')).toBeGreaterThan(0.12); // (0.22-0.30)
    expect(share('varied')).toBeGreaterThan(0.02); // (0.07)
    expect(share('revoked')).toBeGreaterThan(0.03); // (0.09-0.11)
    expect(share('windowClosed')).toBeGreaterThan(0.02); // (0.08)
    expect(share('refusals')).toBeGreaterThan(0.9); // (1.00)
  });
});
