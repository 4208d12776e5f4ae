// Model test of the requisition life cycle: random takings (voucher or emergency), paperwork, hand-overs, returns,
// the end of the response and the deadline sweeps, by random callers, against an in-memory store. A reference model
// predicts which commands succeed and why the others are refused; invariants are checked after every step
// (rules 8, 10-13).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor.ts';
import type { Change } from '../../shared/domain/change.ts';
import {
  completePaperwork,
  handOverRequisition,
  issueRequisition,
  markPaperworkOverdue,
  markReturnOverdue,
  returnRequisition,
  setReturnDeadline,
  type ItemCategory,
  type Requisition,
  type RequisitionChange,
  type RequisitionEvent,
  type RequisitionStatus,
  type ReturnOutcome,
} from '../../shared/domain/requisition.ts';
import { AppError } from '../../shared/errors.ts';
import { CANARY, OWNER_REF, draft, gov, incident, owner, sweep, truck, type GovName } from './requisition-fixtures.ts';

// ---- The model's own view of who covers what --------------------------------------------------------------------

type Caller = GovName | 'citizen' | 'job';
const CALLERS: Record<Caller, Actor> = { ...gov, citizen: owner, job: sweep };
/** Which divisions each government's jurisdiction covers, written out rather than computed. */
const COVERS: Record<GovName, string[]> = {
  national: ['100000', '110000', '110100', '110105', '110108', '110105001'],
  province: ['110000', '110100', '110105', '110108', '110105001'],
  city: ['110100', '110105', '110108', '110105001'],
  county: ['110105', '110105001'],
  otherCounty: ['110108'],
  township: ['110105001'],
};
const isGov = (c: Caller): c is GovName => c !== 'citizen' && c !== 'job';
const covers = (c: Caller, division: string) => isGov(c) && COVERS[c].includes(division);
const AT_LEAST_COUNTY: Caller[] = ['national', 'province', 'city', 'county', 'otherCounty'];

const HOURS = 48;
const RETURN_DAYS = 15;
const DAY = 86_400_000;
const cst = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

// ---- Commands ---------------------------------------------------------------------------------------------------

type Cmd =
  | { kind: 'issue'; mode: 'voucher' | 'emergency'; by: Caller; exempt: boolean; takenHoursAgo: number }
  | { kind: 'paperwork'; which: number; by: Caller }
  | { kind: 'handOver'; which: number; by: Caller }
  | { kind: 'return'; which: number; by: Caller; outcome: ReturnOutcome; certificate: boolean }
  | { kind: 'terminate' }
  | { kind: 'sweep' };

const requisitioner = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Caller>('county') },
  { weight: 2, arbitrary: fc.constant<Caller>('city') },
  { weight: 2, arbitrary: fc.constantFrom<Caller>('province', 'national', 'otherCounty', 'township', 'citizen', 'job') },
);
const which = fc.nat(7);

const cmdArb: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      mode: fc.constantFrom('voucher' as const, 'emergency' as const),
      by: requisitioner,
      exempt: fc.oneof({ weight: 6, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
      takenHoursAgo: fc.integer({ min: 0, max: 60 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('paperwork' as const), which, by: requisitioner }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('handOver' as const), which, by: requisitioner }) },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('return' as const),
      which,
      by: requisitioner,
      outcome: fc.constantFrom<ReturnOutcome>('intact', 'intact', 'damaged', 'destroyed', 'consumed'),
      certificate: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'terminate' as const }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'sweep' as const }) },
);

// ---- The reference model ----------------------------------------------------------------------------------------

interface ModelReq {
  id: string;
  mode: 'voucher' | 'emergency';
  by: GovName;
  status: RequisitionStatus;
  /** ms: emergency takings only. */
  paperworkDue?: number;
  paperworkFlagged: boolean;
  returnDue?: string;
  returnFlagged: boolean;
  outcome?: ReturnOutcome;
  changes: number;
}
interface Model {
  division: string;
  ended: boolean;
  terminatedAt?: number;
  reqs: ModelReq[];
  seq: number;
}

const pick = <T>(xs: T[], n: number) => xs[n % xs.length]!;

function refusals(m: Model, cmd: Cmd): string[] {
  const out: string[] = [];
  switch (cmd.kind) {
    case 'issue':
      if (!isGov(cmd.by)) return ['government-only'];
      if (!AT_LEAST_COUNTY.includes(cmd.by)) out.push('requisition-below-county');
      if (!covers(cmd.by, m.division)) out.push('not-in-jurisdiction');
      if (m.ended) out.push('response-ended');
      if (cmd.exempt) out.push('exempt-from-requisition');
      return out;
    case 'paperwork':
    case 'handOver':
    case 'return': {
      const r = pick(m.reqs, cmd.which);
      if (!isGov(cmd.by)) return ['government-only'];
      if (!covers(cmd.by, gov[r.by].division!)) out.push('not-in-jurisdiction');
      const from: RequisitionStatus = cmd.kind === 'paperwork' ? 'taken' : cmd.kind === 'handOver' ? 'issued' : 'handed-over';
      if (r.status !== from) out.push('invalid-transition');
      if (cmd.kind === 'return' && cmd.outcome !== 'intact' && !cmd.certificate) out.push('certificate-required');
      return out;
    }
    default:
      return out;
  }
}

// ---- The store and the system under test ------------------------------------------------------------------------

interface Store {
  reqs: Requisition<string>[];
}

const certificate = { number: 'DL-1', description: 'Assessed at return', assessedLossFen: 250_000 };

interface Reached {
  papered: boolean;
  handedOver: boolean;
  returnedWithLoss: boolean;
  paperworkFlagged: boolean;
  returnFlagged: boolean;
  refusals: number;
}

function runSequence(division: string, cmds: Cmd[], gaps: number[]): Reached {
  const store: Store = { reqs: [] };
  let m: Model = { division, ended: false, reqs: [], seq: 0 };
  const audits: Change[] = [];
  const events: RequisitionEvent[] = [];
  const reached: Reached = { papered: false, handedOver: false, returnedWithLoss: false, paperworkFlagged: false, returnFlagged: false, refusals: 0 };
  let now = Date.parse('2026-07-01T02:00:00Z');

  const record = (c: RequisitionChange<string>) => {
    audits.push(c.change);
    if (c.event) events.push(c.event);
    // Nothing personal ever reaches the audit trail or the outbox.
    expect(JSON.stringify(c.change)).not.toContain(CANARY);
    expect(JSON.stringify(c.event ?? null)).not.toContain(CANARY);
    expect(JSON.stringify(c.event ?? null)).not.toContain(OWNER_REF);
  };

  cmds.forEach((cmd, step) => {
    if ((cmd.kind === 'paperwork' || cmd.kind === 'handOver' || cmd.kind === 'return') && m.reqs.length === 0) return;
    now += gaps[step]! * 60_000;
    const at = new Date(now);
    const label = `step ${step}: ${JSON.stringify(cmd)}`;

    if (cmd.kind === 'terminate') {
      if (m.ended) return;
      // The response ends: every requisition not yet returned gets its return deadline (rule 8).
      m = { ...m, ended: true, terminatedAt: now };
      store.reqs = store.reqs.map((r, n) => {
        const c = setReturnDeadline(r, at.toISOString(), RETURN_DAYS, at);
        const mr = m.reqs[n]!;
        expect(c === undefined, label).toBe(mr.status === 'returned');
        if (!c) return r;
        record(c);
        m.reqs[n] = { ...mr, returnDue: cst(now + RETURN_DAYS * DAY), changes: mr.changes + 1 };
        return c.requisition;
      });
      checkInvariants(store, m, audits, events);
      return;
    }
    if (cmd.kind === 'sweep') {
      store.reqs = store.reqs.map((r, n) => {
        let mr = m.reqs[n]!;
        const before = structuredClone(r);
        let next = r;
        const p = markPaperworkOverdue(next, at);
        const paperworkDue = mr.status === 'taken' && mr.paperworkDue !== undefined && now > mr.paperworkDue && !mr.paperworkFlagged;
        expect(p !== undefined, `${label} paperwork ${mr.id}`).toBe(paperworkDue);
        if (p) {
          record(p);
          expect(p.event?.type).toBe('requisition.paperwork-overdue');
          next = p.requisition;
          mr = { ...mr, paperworkFlagged: true, changes: mr.changes + 1 };
          reached.paperworkFlagged = true;
        }
        const q = markReturnOverdue(next, at);
        const returnDue = mr.status !== 'returned' && mr.returnDue !== undefined && cst(now) > mr.returnDue && !mr.returnFlagged;
        expect(q !== undefined, `${label} return ${mr.id}`).toBe(returnDue);
        if (q) {
          record(q);
          expect(q.event?.type).toBe('requisition.return-overdue');
          next = q.requisition;
          mr = { ...mr, returnFlagged: true, changes: mr.changes + 1 };
          reached.returnFlagged = true;
        }
        expect(r, label).toEqual(before);
        m.reqs[n] = mr;
        return next;
      });
      checkInvariants(store, m, audits, events);
      return;
    }

    const expected = refusals(m, cmd);
    const before = structuredClone(store);
    let change: RequisitionChange<string> | undefined;
    let refusal: unknown;
    const n = 'which' in cmd ? cmd.which % store.reqs.length : -1;
    try {
      change = execute(store, m, cmd, at, n);
    } catch (e) {
      refusal = e;
    }

    // The domain is pure: the records it was given are untouched either way.
    expect(store, label).toEqual(before);
    if (expected.length > 0) {
      expect(refusal, `${label} should be refused with one of ${expected.join(', ')}`).toBeInstanceOf(AppError);
      const e = refusal as AppError;
      expect(e.status, label).toBeGreaterThanOrEqual(400);
      expect(e.status, label).toBeLessThan(500);
      expect(expected, `${label} refused with ${e.code}`).toContain(e.code);
      expect(JSON.stringify({ message: e.message, errors: e.errors })).not.toContain(CANARY);
      reached.refusals += 1;
    } else {
      expect(refusal, `${label} should succeed`).toBeUndefined();
      const c = change!;
      record(c);
      expect(c.requisition.updatedAt).toBe(at.toISOString());
      if (cmd.kind === 'issue') {
        store.reqs.push(c.requisition);
        m.seq += 1;
        const by = cmd.by as GovName;
        const takenAt = now - cmd.takenHoursAgo * 3600_000;
        m.reqs.push({
          id: c.requisition.requisitionId,
          mode: cmd.mode,
          by,
          status: cmd.mode === 'voucher' ? 'issued' : 'taken',
          ...(cmd.mode === 'emergency' ? { paperworkDue: takenAt + HOURS * 3600_000 } : {}),
          paperworkFlagged: false,
          returnFlagged: false,
          changes: 1,
        });
      } else {
        expect(c.requisition.rev, label).toBe(store.reqs[n]!.rev + 1);
        store.reqs[n] = c.requisition;
        const mr = m.reqs[n]!;
        const status: RequisitionStatus = cmd.kind === 'paperwork' ? 'issued' : cmd.kind === 'handOver' ? 'handed-over' : 'returned';
        m.reqs[n] = { ...mr, status, changes: mr.changes + 1, ...(cmd.kind === 'return' ? { outcome: cmd.outcome } : {}) };
        reached.papered ||= cmd.kind === 'paperwork';
        reached.handedOver ||= cmd.kind === 'handOver';
        reached.returnedWithLoss ||= cmd.kind === 'return' && cmd.outcome !== 'intact';
        if (cmd.kind === 'return') {
          // Rule 13: every return opens a compensation case and gives the documents list once.
          expect(c.compensationCase).toEqual(c.requisition.compensationCase);
          expect(c.claimDocuments?.length).toBeGreaterThan(0);
        } else {
          expect(c.compensationCase).toBeUndefined();
          expect(c.claimDocuments).toBeUndefined();
        }
      }
    }
    checkInvariants(store, m, audits, events);
  });
  return reached;
}

function execute(store: Store, m: Model, cmd: Cmd, at: Date, n: number): RequisitionChange<string> {
  switch (cmd.kind) {
    case 'issue': {
      const items = cmd.exempt ? [truck(), truck({ name: 'Home', category: 'dwelling' as ItemCategory })] : [truck()];
      const takenAt = new Date(at.getTime() - cmd.takenHoursAgo * 3600_000).toISOString();
      const inc = incident({ divisionCode: m.division, ...(m.ended ? { status: 'recovery' as const, response: { status: 'terminated' as const, level: 'III' as const } } : { response: { status: 'active' as const, level: 'III' as const } }) });
      return issueRequisition(`req-${m.reqs.length + 1}`, inc, draft({ mode: cmd.mode, items, takenAt }), CALLERS[cmd.by], at, { paperworkHours: HOURS, voucherSeq: m.seq + 1 });
    }
    case 'paperwork':
      return completePaperwork(store.reqs[n]!, m.seq + 1, CALLERS[cmd.by], at);
    case 'handOver':
      return handOverRequisition(store.reqs[n]!, {}, CALLERS[cmd.by], at);
    case 'return':
      return returnRequisition(store.reqs[n]!, { outcome: cmd.outcome, conditionAfter: 'Inspected', ...(cmd.certificate ? { certificate } : {}) }, CALLERS[cmd.by], at);
    default:
      throw new Error('not a record command');
  }
}

const STATUSES: RequisitionStatus[] = ['issued', 'taken', 'handed-over', 'returned'];

function checkInvariants(store: Store, m: Model, audits: Change[], events: RequisitionEvent[]): void {
  expect(store.reqs.map((r) => r.requisitionId)).toEqual(m.reqs.map((r) => r.id));
  store.reqs.forEach((r, n) => {
    const mr = m.reqs[n]!;
    expect(STATUSES).toContain(r.status);
    expect(r.status).toBe(mr.status);
    // Rule 10: requisitioned by a county-or-higher government whose jurisdiction covers the incident.
    expect(AT_LEAST_COUNTY).toContain(mr.by);
    expect(r.requisitionedBy.division).toBe(gov[mr.by].division);
    expect(COVERS[mr.by]).toContain(r.division);
    // Rule 11: no exempt item was ever taken.
    expect(r.items.every((it) => !['dwelling', 'personal-necessity', 'welfare-necessity'].includes(it.category))).toBe(true);
    // A voucher exists from the taking (voucher mode) or the paperwork on; its number names the requisitioning division.
    expect(r.voucherNumber === undefined).toBe(r.status === 'taken');
    if (r.voucherNumber) expect(r.voucherNumber).toMatch(new RegExp(`^${r.requisitionedBy.division}-${cst(Date.parse(r.voucherIssuedAt!)).slice(0, 4)}-\\d{6}$`));
    // Rule 12: only emergency takings have a paperwork deadline, flagged once at most, never after the paperwork.
    expect(r.paperworkDueAt === undefined).toBe(r.mode === 'voucher');
    expect(r.paperworkOverdueAt !== undefined).toBe(mr.paperworkFlagged);
    if (r.paperworkOverdueAt) {
      expect(r.paperworkOverdueAt > r.paperworkDueAt!).toBe(true);
      if (r.voucherIssuedAt) expect(r.paperworkOverdueAt <= r.voucherIssuedAt).toBe(true);
    }
    // Rule 13: returned iff a compensation case is open; a certificate whenever something was lost.
    expect(r.returned !== undefined).toBe(r.status === 'returned');
    expect(r.compensationCase !== undefined).toBe(r.status === 'returned');
    if (r.returned) {
      const loss = r.returned.outcome !== 'intact';
      expect(r.returned.outcome).toBe(mr.outcome);
      if (loss) expect(r.returned.certificate).toBeDefined();
      expect(r.compensationCase!.heads).toEqual(loss ? ['use', 'loss'] : ['use']);
      expect(r.compensationCase!.documentsGivenAt).toBe(r.returned.at);
    }
    if (r.handover) expect(r.handover.copies).toBe(2);
    // Rule 8: a return deadline exactly when the response ended before the return; flagged once at most.
    expect(r.returnDueDate).toBe(mr.returnDue);
    expect(r.returnOverdueAt !== undefined).toBe(mr.returnFlagged);
    if (r.returnOverdueAt) expect(cst(Date.parse(r.returnOverdueAt)) > r.returnDueDate!).toBe(true);
    expect(r.rev).toBe(mr.changes);
    // Each announcement at most once per requisition; issued exactly once.
    const of = (type: string) => events.filter((e) => e.requisitionId === r.requisitionId && e.type === type).length;
    expect(of('requisition.issued')).toBe(1);
    expect(of('requisition.paperwork-overdue')).toBe(mr.paperworkFlagged ? 1 : 0);
    expect(of('requisition.return-overdue')).toBe(mr.returnFlagged ? 1 : 0);
    expect(of('requisition.returned')).toBe(r.status === 'returned' ? 1 : 0);
  });
  // Audit items equal state changes: one Change per successful command on each record.
  expect(audits).toHaveLength(store.reqs.reduce((sum, r) => sum + r.rev, 0));
  for (const e of events) expect(e).toMatchObject({ division: m.division, category: 'natural-disaster', level: 'III' });
}

describe('requisition life cycle model', () => {
  // 300 runs of up to 50 steps: a few seconds alone, longer on a busy machine, hence the wider timeout.
  it('rules 8, 10-13: reaches no illegal state, keeps audit items equal to state changes, and refusals change nothing', { timeout: 60_000 }, () => {
    const runs: Reached[] = [];
    fc.assert(
      fc.property(
        fc.oneof({ weight: 3, arbitrary: fc.constant('110105') }, { weight: 1, arbitrary: fc.constant('110105001') }),
        fc.array(cmdArb, { minLength: 8, maxLength: 50, size: 'max' }),
        fc.array(fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 600 }) }, { weight: 1, arbitrary: fc.integer({ min: 1_440, max: 30 * 1_440 }) }), { minLength: 50, maxLength: 50 }),
        (division, cmds, gaps) => {
          runs.push(runSequence(division, cmds, gaps));
        },
      ),
      { numRuns: 300 },
    );

    // The generator must drive requisitions through the life cycle, not just pile up refusals. Bounds sit about four
    // standard deviations below the shares measured over several seeds (in brackets).
    const share = (k: keyof Reached) => runs.filter((r) => r[k]).length / runs.length;
    expect(runs.length).toBeGreaterThanOrEqual(300);
    expect(share('papered')).toBeGreaterThan(0.25); // (0.35-0.38)
    expect(share('handedOver')).toBeGreaterThan(0.4); // (0.49-0.56)
    expect(share('returnedWithLoss')).toBeGreaterThan(0.1); // (0.18-0.25)
    expect(share('paperworkFlagged')).toBeGreaterThan(0.25); // (0.36-0.39)
    expect(share('returnFlagged')).toBeGreaterThan(0.11); // (0.20-0.24)
    expect(share('refusals')).toBeGreaterThan(0.9); // (0.97-0.99)
  });
});
