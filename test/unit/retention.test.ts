// Retention assessments and the destruction plan (rules 16, 17): who records and ends an assessment and for how long,
// when a statutory assessment's cover ends (its case closed and its remedy windows passed, rules 14, 15), and what the
// plan destroys at an instant: purposes whole or record by record, never anything covered, told seven days ahead.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { User } from '../../shared/domain/actor.ts';
import { directSuitWindow } from '../../shared/domain/remedies.ts';
import {
  coverEnd,
  cstStart,
  destructionPlan,
  endAssessment,
  recordAssessment,
  statutoryRetainUntil,
  type CompensationCase,
  type PlanInput,
  type RegisteredRecord,
  type RetentionAssessment,
} from '../../shared/domain/retention.ts';
import { PURPOSES, type Purpose } from '../../shared/pii/purposes.ts';
import { calendar, gov } from './requisition-fixtures.ts';

const INCIDENT = { incidentId: 'inc-0001', divisionCode: '110105' };
const NOW = new Date('2026-06-10T02:00:00Z'); // 10:00 CST, 10 June 2026
const body = (o: Partial<Parameters<typeof recordAssessment>[2]> = {}) => ({
  purposes: ['compensation' as Purpose],
  grounds: ['litigation' as const],
  legality: 'Art 85: evidence for the pending suit over the warehouse',
  necessity: 'Only the claim files of the warehouse owners',
  security: 'Sealed per field, reveals logged',
  retainUntil: '2027-06-10',
  ...o,
});
const auditor: User = { kind: 'user', sub: 'auditor-1', roles: ['auditor'], division: '110105' };

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('recording and ending an assessment (rule 17)', () => {
  it('rule 17: an office with jurisdiction records legality, necessity and security, keeping named purposes up to a date', () => {
    // Act
    const { assessment, change } = recordAssessment('a-0001', INCIDENT, body({ purposes: ['compensation', 'requisition', 'compensation'] }), gov.city, NOW);

    // Assess
    expect(assessment).toMatchObject({ basis: 'recorded', status: 'in-force', purposes: ['compensation', 'requisition'], retainUntil: '2027-06-10', recordedBy: { division: '110100', level: 'city' } });
    expect(change).toEqual({ action: 'record-retention-assessment', from: null, to: 'compensation,requisition kept until 2027-06-10', reason: 'litigation' });
  });

  it.each([
    ['today', '2026-06-10', 'retain-until-past'],
    ['yesterday', '2026-06-09', 'retain-until-past'],
    ['a day past 5 years', '2031-06-11', 'retention-too-long'],
    ['a day that does not exist', '2027-02-30', 'not-a-date'],
  ])('rule 17: refuses a retainUntil of %s', (_what, retainUntil, code) => {
    expect(codeOf(() => recordAssessment('a-1', INCIDENT, body({ retainUntil }), gov.county, NOW))).toBe(code);
  });

  it('rule 17: accepts exactly 5 years ahead', () => {
    expect(recordAssessment('a-1', INCIDENT, body({ retainUntil: '2031-06-10' }), gov.county, NOW).assessment.retainUntil).toBe('2031-06-10');
  });

  it.each([
    ['a neighbouring county', gov.otherCounty, 'not-in-jurisdiction'],
    ['a township below the incident', gov.township, 'not-in-jurisdiction'],
    ['an auditor', auditor, 'government-only'],
  ])('refuses an assessment by %s', (_who, actor, code) => {
    expect(codeOf(() => recordAssessment('a-1', INCIDENT, body(), actor, NOW))).toBe(code);
  });

  it('rule 17: ends an assessment early once, and never a statutory one', () => {
    // Prepare
    const { assessment } = recordAssessment('a-1', INCIDENT, body(), gov.county, NOW);

    // Act
    const ended = endAssessment(assessment, 'The suit was withdrawn', gov.county, new Date('2026-07-01T00:00:00Z'));

    // Assess
    expect(ended.assessment).toMatchObject({ status: 'ended', rev: 2, ended: { reason: 'The suit was withdrawn', by: { division: '110105', level: 'county' } } });
    expect(coverEnd(ended.assessment, calendar)).toBeUndefined();
    expect(codeOf(() => endAssessment(ended.assessment, 'again', gov.county, NOW))).toBe('invalid-transition');
    expect(codeOf(() => endAssessment(statutory(openCase()), 'no', gov.county, NOW))).toBe('statutory-assessment');
    expect(codeOf(() => endAssessment(assessment, 'not mine', gov.otherCounty, NOW))).toBe('not-in-jurisdiction');
  });
});

// ---- Statutory cover --------------------------------------------------------------------------------------------

const REQ = { PK: 'REQ#kept', SK: 'HEAD' };
const CLAIM = { PK: 'CLAIM#c-1', SK: 'HEAD' };
const openCase = (o: Partial<CompensationCase> = {}): CompensationCase => ({
  claimId: 'c-1',
  status: 'accepted',
  realProperty: false,
  records: [
    { purpose: 'compensation', record: CLAIM },
    { purpose: 'requisition', record: REQ },
  ],
  ...o,
});
function statutory(c: CompensationCase): RetentionAssessment {
  return {
    assessmentId: `compensation-duty-${c.claimId}`,
    incidentId: INCIDENT.incidentId,
    division: '110105',
    basis: 'statutory',
    purposes: ['compensation', 'requisition'],
    grounds: ['compensation-duty'],
    legality: 'law',
    necessity: 'case',
    security: 'sealed',
    retainUntil: null,
    status: 'in-force',
    recordedAt: '2026-05-01T00:00:00Z',
    case: c,
    updatedAt: '2026-05-01T00:00:00Z',
    rev: 1,
  };
}

describe('statutory cover of a compensation case (rules 14, 15, 17)', () => {
  it('rule 17: keeps the data while the case is open, and while a reconsideration of it is pending', () => {
    expect(statutoryRetainUntil(openCase(), calendar)).toBeNull();
    expect(statutoryRetainUntil(openCase({ status: 'closed', closedAt: '2026-06-01T00:00:00Z', decidedAt: '2026-05-20T00:00:00Z', reconsideration: { status: 'pending', appliedAt: '2026-05-25T00:00:00Z' } }), calendar)).toBeNull();
    expect(coverEnd(statutory(openCase()), calendar)).toBe('open');
  });

  it('rule 17: a closed case with a served decision is kept until the 6 months to sue have passed, the day after its last day', () => {
    // Prepare: decided 2 March, served 3 March, paid and closed 10 March 2026 (CST).
    const c = openCase({ status: 'closed', decidedAt: '2026-03-02T02:00:00Z', noticeServedAt: '2026-03-03T02:00:00Z', closedAt: '2026-03-10T02:00:00Z' });

    // Act
    const until = statutoryRetainUntil(c, calendar);

    // Assess: 6 months from 3 March is Thursday 3 September, the later of the two windows (60 days ends in May).
    expect(directSuitWindow({ decidedAt: c.decidedAt!, noticeServedAt: c.noticeServedAt!, realProperty: false }, calendar).due).toBe('2026-09-03');
    expect(until).toBe('2026-09-04');
    expect(coverEnd(statutory(c), calendar)).toBe(cstStart('2026-09-04'));
  });

  it('rule 17: after a reconsideration decision, until its 15 days to sue have passed', () => {
    // Decision on the reconsideration 1 June (CST); 15 days: 16 June, a Tuesday.
    const c = openCase({ status: 'closed', decidedAt: '2026-03-02T02:00:00Z', closedAt: '2026-06-02T02:00:00Z', reconsideration: { status: 'decided', appliedAt: '2026-03-20T02:00:00Z', decidedAt: '2026-06-01T02:00:00Z' } });
    expect(statutoryRetainUntil(c, calendar)).toBe('2026-06-17');
  });

  it('a case closed without a decision is kept to the day after its closing', () => {
    expect(statutoryRetainUntil(openCase({ status: 'closed', closedAt: '2026-06-02T02:00:00Z' }), calendar)).toBe('2026-06-03');
  });
});

// ---- The plan ------------------------------------------------------------------------------------------------------

const rec = (n: number, kind = 'requisition'): RegisteredRecord => ({ record: { PK: `${kind === 'requisition' ? 'REQ' : 'CLAIM'}#r-${n}`, SK: 'HEAD' }, recordKind: kind });
const TERMINATED = '2026-06-09T06:00:00Z';
const plan = (o: Partial<PlanInput> = {}) =>
  destructionPlan({
    destructionFrom: TERMINATED,
    graceDays: 0,
    now: NOW,
    purposes: [{ purpose: 'requisition', keyActive: true, records: [rec(1), rec(2), { record: REQ, recordKind: 'requisition' }] }],
    assessments: [],
    calendar,
    ...o,
  });

describe('the destruction plan (rule 17)', () => {
  it('rule 17: destroys a purpose no assessment keeps once the grace after termination has passed: every record, then its key', () => {
    // Act
    const p = plan();

    // Assess
    expect(p.due).toEqual([{ purpose: 'requisition', shredKey: true, erase: [rec(1), rec(2), { record: REQ, recordKind: 'requisition' }] }]);
    // Nothing to tell ahead of a destruction that is due now (its receipt tells it).
    expect(p.scheduled).toEqual([]);
    expect(p.nextCheckAt).toBeUndefined();
  });

  it('rule 17: waits for the grace, tells the office seven days ahead, and looks again when the alert is due', () => {
    // Grace of 10 days from 9 June 14:00 CST: due 19 June 14:00 CST.
    const early = plan({ graceDays: 10 });
    expect(early.due).toEqual([]);
    expect(early.scheduled).toEqual([]);
    expect(early.nextCheckAt).toBe('2026-06-12T06:00:00.000Z');

    const alerted = plan({ graceDays: 10, now: new Date('2026-06-12T06:00:00Z') });
    expect(alerted.due).toEqual([]);
    expect(alerted.scheduled).toEqual([{ purpose: 'requisition', destroyOn: '2026-06-19', records: { requisition: 3 }, shredKey: true }]);
    expect(alerted.nextCheckAt).toBe('2026-06-19T06:00:00.000Z');
  });

  it('rule 17: a recorded assessment keeps the whole purpose until its date; destroyed that day, or at once when it ends early', () => {
    // Prepare
    const kept = recordAssessment('a-1', INCIDENT, body({ purposes: ['requisition'], retainUntil: '2026-06-15' }), gov.county, new Date('2026-06-09T00:00:00Z')).assessment;

    // Act / Assess
    const p = plan({ assessments: [kept] });
    expect(p.due).toEqual([]);
    expect(p.scheduled).toEqual([{ purpose: 'requisition', destroyOn: '2026-06-15', records: { requisition: 3 }, shredKey: true }]);
    expect(p.nextCheckAt).toBe(cstStart('2026-06-15'));
    expect(plan({ assessments: [kept], now: new Date(cstStart('2026-06-15')) }).due).toHaveLength(1);
    const ended = endAssessment(kept, 'Not needed after all', gov.county, NOW).assessment;
    expect(plan({ assessments: [ended] }).due).toEqual([{ purpose: 'requisition', shredKey: true, erase: expect.any(Array) }]);
  });

  it("rule 17: a statutory assessment keeps its case's records; the others are erased one by one and the key stays", () => {
    // Act
    const p = plan({ assessments: [statutory(openCase())] });

    // Assess
    expect(p.due).toEqual([{ purpose: 'requisition', shredKey: false, erase: [rec(1), rec(2)] }]);
    expect(p.nextCheckAt).toBe(cstStart('2026-06-11'));
  });

  it('rule 17: the kept record goes the day its case stops needing it, with the key', () => {
    // Prepare: a case closed without a decision on 14 June is kept to 15 June: within seven days of 10 June.
    const closed = statutory(openCase({ status: 'closed', closedAt: '2026-06-14T02:00:00Z' }));
    const only = [{ purpose: 'requisition' as Purpose, keyActive: true, records: [{ record: REQ, recordKind: 'requisition' }] }];

    // Act / Assess
    const before = plan({ purposes: only, assessments: [closed] });
    expect(before.due).toEqual([]);
    expect(before.scheduled).toEqual([{ purpose: 'requisition', destroyOn: '2026-06-15', records: { requisition: 1 }, shredKey: true }]);
    expect(before.nextCheckAt).toBe(cstStart('2026-06-15'));
    const after = plan({ purposes: only, assessments: [closed], now: new Date(cstStart('2026-06-15')) });
    expect(after.due).toEqual([{ purpose: 'requisition', shredKey: true, erase: [{ record: REQ, recordKind: 'requisition' }] }]);
  });

  it('keeps the notice copies until their own instant, then shreds them', () => {
    const purposes = [{ purpose: 'notice' as Purpose, keyActive: true, records: [{ record: { PK: 'PIINOTICE#n-1', SK: 'HEAD' }, recordKind: 'notice' }] }];
    expect(plan({ purposes, notBefore: { notice: '2026-06-11T02:00:00.000Z' } }).due).toEqual([]);
    expect(plan({ purposes, notBefore: { notice: '2026-06-10T01:00:00.000Z' } }).due).toHaveLength(1);
  });

  it('rule 17: nothing an assessment covers at the instant of the plan is ever in it, whatever the assessments', () => {
    const purposeArb = fc.constantFrom<Purpose>(...PURPOSES);
    const recordArb = fc.integer({ min: 1, max: 6 }).map((n) => rec(n));
    const dateArb = fc.integer({ min: -20, max: 40 }).map((d) => new Date(NOW.getTime() + d * 86_400_000).toISOString().slice(0, 10));
    const recordedArb = fc.record({ purposes: fc.uniqueArray(purposeArb, { minLength: 1 }), until: dateArb, ended: fc.boolean() }).map(({ purposes, until, ended }): RetentionAssessment => ({
      ...statutory(openCase()),
      basis: 'recorded',
      purposes,
      retainUntil: until,
      status: ended ? 'ended' : 'in-force',
      case: undefined,
    } as RetentionAssessment));
    const statutoryArb = fc.record({ records: fc.uniqueArray(recordArb, { selector: (r) => r.record.PK, minLength: 1 }), purpose: purposeArb, closedOn: fc.option(dateArb, { nil: undefined }) }).map(({ records, purpose, closedOn }) =>
      statutory(openCase({ ...(closedOn ? { status: 'closed', closedAt: `${closedOn}T02:00:00Z` } : {}), records: records.map((r) => ({ purpose, record: r.record })) })),
    );
    fc.assert(
      fc.property(
        fc.array(fc.record({ purpose: purposeArb, keyActive: fc.boolean(), records: fc.uniqueArray(recordArb, { selector: (r) => r.record.PK }) }), { maxLength: 4 }),
        fc.array(fc.oneof(recordedArb, statutoryArb), { maxLength: 4 }),
        fc.integer({ min: 0, max: 20 }),
        (purposes, assessments, graceDays) => {
          const unique = [...new Map(purposes.map((p) => [p.purpose, p])).values()];
          const p = destructionPlan({ destructionFrom: TERMINATED, graceDays, now: NOW, purposes: unique, assessments, calendar });
          const covering = (a: RetentionAssessment) => {
            const end = coverEnd(a, calendar);
            return end === 'open' || (end !== undefined && Date.parse(end) > NOW.getTime());
          };
          for (const step of p.due) {
            const whole = assessments.some((a) => a.basis === 'recorded' && a.purposes.includes(step.purpose) && covering(a));
            expect(whole).toBe(false);
            const keptRecords = assessments.filter((a) => a.basis === 'statutory' && covering(a)).flatMap((a) => a.case!.records.filter((r) => r.purpose === step.purpose).map((r) => r.record.PK));
            for (const r of step.erase) expect(keptRecords).not.toContain(r.record.PK);
            const ofPurpose = unique.find((u) => u.purpose === step.purpose)!;
            if (step.shredKey) expect(ofPurpose.records.filter((r) => keptRecords.includes(r.record.PK))).toEqual([]);
          }
          if (Date.parse(TERMINATED) + graceDays * 86_400_000 > NOW.getTime()) expect(p.due).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
