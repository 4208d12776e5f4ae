// The computed periods of compensation and reconsideration against worked examples, each with its article (rules 12,
// 14, 15): working days where the law says so (行政复议法 Art 88), calendar days otherwise, a last day on a rest day
// moved to the next working day (民事诉讼法 Art 85), month ends, outer limits and China Standard Time.
import { describe, expect, it } from 'vitest';
import {
  PERIODS,
  addMonths,
  claimDueDates,
  paperworkDueAt,
  periodEnd,
  reconsiderationDueDates,
  reconsiderationWindow,
  directSuitWindow,
  returnDueDate,
  type Period,
} from '../../shared/domain/remedies.ts';
import { calendar } from './requisition-fixtures.ts';

interface Example {
  what: string;
  period: Period;
  from: string;
  due: string;
  why: string;
}

// Each row was worked by hand on the 2026 State Council holiday notice: National Day 1-7 October, Mid-Autumn 25-27
// September, make-up workdays Sunday 20 September and Saturday 10 October.
const EXAMPLES: Example[] = [
  {
    what: 'reconsideration application after a notice served 2026-09-28',
    period: PERIODS.reconsiderationApplication,
    from: '2026-09-28',
    due: '2026-11-27',
    why: '60 calendar days skip nothing: the National Day holiday counts; 27 Nov is a Friday',
  },
  {
    what: 'reconsideration acceptance review of an application received 2026-09-28',
    period: PERIODS.reconsiderationAcceptanceReview,
    from: '2026-09-28',
    due: '2026-10-10',
    why: '5 working days: 29, 30 Sep, then 8, 9 Oct and the make-up Saturday 10 Oct',
  },
  {
    what: 'claim acceptance review of a claim received 2026-09-28',
    period: PERIODS.claimAcceptanceReview,
    from: '2026-09-28',
    due: '2026-10-10',
    why: 'the same 5 working days',
  },
  {
    what: 'correction by the applicant after a notice of 2026-09-28',
    period: PERIODS.reconsiderationCorrection,
    from: '2026-09-28',
    due: '2026-10-16',
    why: '10 working days: 29, 30 Sep, 8, 9, 10, 12, 13, 14, 15, 16 Oct',
  },
  {
    what: 'reconsideration application after a notice served 2026-08-03',
    period: PERIODS.reconsiderationApplication,
    from: '2026-08-03',
    due: '2026-10-08',
    why: 'day 60 is 2 Oct, a holiday: the period ends on the first working day after it',
  },
  {
    what: 'reconsideration application after a notice served 2026-08-11',
    period: PERIODS.reconsiderationApplication,
    from: '2026-08-11',
    due: '2026-10-10',
    why: 'day 60 is the make-up Saturday 10 Oct, a working day: it stands',
  },
  {
    what: 'reconsideration application without a served notice, decision of 2026-03-10',
    period: PERIODS.reconsiderationApplicationUnnotified,
    from: '2026-03-10',
    due: '2027-03-10',
    why: '1 year to the same day, a Wednesday',
  },
  {
    what: 'reconsideration application without a served notice, decision of 2028-02-29',
    period: PERIODS.reconsiderationApplicationUnnotified,
    from: '2028-02-29',
    due: '2029-02-28',
    why: 'no 29 February in 2029: the last day of the month',
  },
  {
    what: 'direct lawsuit after a decision served 2026-09-28',
    period: PERIODS.suitDirect,
    from: '2026-09-28',
    due: '2027-03-29',
    why: '6 months end on Sunday 28 Mar: moved to Monday',
  },
  {
    what: 'direct lawsuit after a decision served 2026-08-31',
    period: PERIODS.suitDirect,
    from: '2026-08-31',
    due: '2027-03-01',
    why: 'no 31 February: 28 Feb 2027, a Sunday, so Monday 1 March',
  },
  {
    what: 'lawsuit after a reconsideration decision received 2026-09-28',
    period: PERIODS.suitAfterReconsideration,
    from: '2026-09-28',
    due: '2026-10-13',
    why: '15 calendar days through the holiday; 13 Oct is a Tuesday',
  },
  {
    what: 'reconsideration decision on an application accepted 2026-09-28',
    period: PERIODS.reconsiderationDecision,
    from: '2026-09-28',
    due: '2026-11-27',
    why: '60 calendar days',
  },
  {
    what: 'reconsideration decision in the simplified procedure, accepted 2026-09-28',
    period: PERIODS.reconsiderationSimplified,
    from: '2026-09-28',
    due: '2026-10-28',
    why: '30 calendar days',
  },
  {
    what: 'claim decision on a claim accepted 2026-09-29',
    period: PERIODS.claimDecision,
    from: '2026-09-29',
    due: '2026-11-30',
    why: 'day 60 is Saturday 28 Nov: moved to Monday',
  },
  {
    what: 'outer limit of reconsideration for a decision of 2026-01-05',
    period: PERIODS.reconsiderationOuterLimit,
    from: '2026-01-05',
    due: '2031-01-06',
    why: '5 years end on Sunday 5 Jan 2031: moved to Monday',
  },
];

describe('periods against worked examples (rule 15)', () => {
  it.each(EXAMPLES)('rule 15: $what is due $due ($period.article): $why', ({ period, from, due }) => {
    expect(periodEnd(from, period, calendar)).toBe(due);
  });

  it('rule 15: cites the law beside every period', () => {
    const articles = Object.fromEntries(Object.entries(PERIODS).map(([k, p]) => [k, p.article]));
    expect(articles).toMatchObject({
      reconsiderationApplication: '行政复议法 Art 20(1)',
      reconsiderationApplicationUnnotified: '行政复议法 Art 20(3)',
      reconsiderationOuterLimit: '行政复议法 Art 21',
      reconsiderationOuterLimitRealProperty: '行政复议法 Art 21',
      reconsiderationAcceptanceReview: '行政复议法 Art 30(1), Art 88(2)',
      reconsiderationDecision: '行政复议法 Art 62(1)',
      reconsiderationExtension: '行政复议法 Art 62(1)',
      suitAfterReconsideration: '行政诉讼法 Art 45',
      suitDirect: '行政诉讼法 Art 46(1)',
      suitOuterLimit: '行政诉讼法 Art 46(2)',
    });
    expect(PERIODS.reconsiderationAcceptanceReview).toMatchObject({ amount: 5, unit: 'working-days' });
    expect(PERIODS.reconsiderationApplication).toMatchObject({ amount: 60, unit: 'days' });
    expect(PERIODS.reconsiderationOuterLimitRealProperty).toMatchObject({ amount: 20, unit: 'years' });
    for (const p of Object.values(PERIODS)) expect(p.article.length).toBeGreaterThan(0);
  });

  it('ends months on the same day, or the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-15', 3)).toBe('2027-02-15');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });
});

describe('the remedy windows (rules 14, 15)', () => {
  it('rule 14: with a served notice, 60 days from service; without one, the window extends to 1 year from the decision', () => {
    const served = reconsiderationWindow({ decidedAt: '2026-09-20T02:00:00Z', noticeServedAt: '2026-09-28T02:00:00Z', realProperty: false }, calendar);
    const unserved = reconsiderationWindow({ decidedAt: '2026-09-20T02:00:00Z', realProperty: false }, calendar);

    expect(served).toEqual({ from: '2026-09-28', due: '2026-11-27', article: '行政复议法 Art 20(1)' });
    expect(unserved).toEqual({ from: '2026-09-20', due: '2027-09-20', article: '行政复议法 Art 20(3)' });
  });

  it('rule 15: a notice served almost 5 years late is capped by the outer limit of Art 21, unless the property is real property', () => {
    const t = { decidedAt: '2026-01-05T02:00:00Z', noticeServedAt: '2030-12-20T02:00:00Z' };

    expect(reconsiderationWindow({ ...t, realProperty: false }, calendar)).toEqual({ from: '2030-12-20', due: '2031-01-06', article: '行政复议法 Art 20(1); capped by 行政复议法 Art 21' });
    expect(reconsiderationWindow({ ...t, realProperty: true }, calendar)).toEqual({ from: '2030-12-20', due: '2031-02-18', article: '行政复议法 Art 20(1)' });
    expect(directSuitWindow({ ...t, realProperty: false }, calendar).due).toBe('2031-01-06');
  });

  it('rule 15: counts from the date in China Standard Time: 16:30 UTC on 27 September is already the 28th', () => {
    const w = reconsiderationWindow({ decidedAt: '2026-09-20T02:00:00Z', noticeServedAt: '2026-09-27T16:30:00Z', realProperty: false }, calendar);

    expect(w).toMatchObject({ from: '2026-09-28', due: '2026-11-27' });
  });
});

describe('due dates of a claim (rule 15)', () => {
  const t = {
    submittedAt: '2026-09-28T02:00:00Z',
    reviewedAt: '2026-09-29T02:00:00Z',
    decisionPeriodFrom: '2026-09-29T02:00:00Z',
    decidedAt: '2026-10-20T02:00:00Z',
    noticeServedAt: '2026-10-21T02:00:00Z',
    realProperty: false,
  };

  it('rule 15: lists each due date with its article, whether its step was taken and whether it has passed', () => {
    const due = claimDueDates(t, new Date('2026-12-21T15:59:59Z'), calendar);

    expect(due).toEqual([
      { kind: 'claim-acceptance-review', from: '2026-09-28', due: '2026-10-10', passed: true, article: PERIODS.claimAcceptanceReview.article, done: true },
      { kind: 'claim-decision', from: '2026-09-29', due: '2026-11-30', passed: true, article: PERIODS.claimDecision.article, done: true },
      { kind: 'reconsideration-application', from: '2026-10-21', due: '2026-12-21', passed: false, article: '行政复议法 Art 20(1)', done: false },
      { kind: 'suit-direct', from: '2026-10-21', due: '2027-04-21', passed: false, article: '行政诉讼法 Art 46(1)', done: false },
    ]);
  });

  it('rule 15: a due date has passed from the next day in China Standard Time', () => {
    const due = claimDueDates(t, new Date('2026-12-21T16:00:00Z'), calendar);

    expect(due.find((d) => d.kind === 'reconsideration-application')?.passed).toBe(true);
  });

  it('rule 15: an extension adds 30 days to the decision period; only what has happened so far is listed', () => {
    const due = claimDueDates({ submittedAt: t.submittedAt, reviewedAt: t.reviewedAt, decisionPeriodFrom: t.decisionPeriodFrom, extended: true, realProperty: false }, new Date('2026-10-01T00:00:00Z'), calendar);

    expect(due.map((d) => d.kind)).toEqual(['claim-acceptance-review', 'claim-decision']);
    expect(due[1]).toMatchObject({ due: '2026-12-28', done: false, passed: false, article: `${PERIODS.claimDecision.article}, extended once by 30 days` });
  });

  it('rule 15: once a reconsideration is applied for, the way to court runs through it: no direct-suit date', () => {
    const due = claimDueDates({ ...t, reconsiderationAppliedAt: '2026-11-01T00:00:00Z' }, new Date('2026-11-02T00:00:00Z'), calendar);

    expect(due.map((d) => d.kind)).toEqual(['claim-acceptance-review', 'claim-decision', 'reconsideration-application']);
    expect(due[2]?.done).toBe(true);
  });
});

describe('due dates of a reconsideration (rule 15)', () => {
  it('rule 15: review, correction, decision and the 15 days to sue after it', () => {
    const due = reconsiderationDueDates(
      {
        submittedAt: '2026-10-16T02:00:00Z',
        reviewedAt: '2026-10-16T03:00:00Z',
        correction: { requestedAt: '2026-09-28T02:00:00Z', resubmittedAt: '2026-10-16T02:00:00Z' },
        acceptedAt: '2026-10-16T03:00:00Z',
        procedure: 'ordinary',
        extended: true,
        decidedAt: '2027-01-05T02:00:00Z',
      },
      new Date('2027-01-06T00:00:00Z'),
      calendar,
    );

    expect(due.map((d) => [d.kind, d.due, d.done])).toEqual([
      ['reconsideration-acceptance-review', '2026-10-23', true],
      ['reconsideration-correction', '2026-10-16', true],
      ['reconsideration-decision', '2027-01-14', true],
      ['suit-after-reconsideration', '2027-01-20', false],
    ]);
  });

  it('rule 15: without a decision in time, the 15 days to sue run from the end of the decision period (行政诉讼法 Art 45)', () => {
    const due = reconsiderationDueDates({ submittedAt: '2026-09-28T02:00:00Z', reviewedAt: '2026-09-28T03:00:00Z', acceptedAt: '2026-09-28T03:00:00Z', procedure: 'simplified' }, new Date('2026-11-20T00:00:00Z'), calendar);

    expect(due.find((d) => d.kind === 'reconsideration-decision')).toMatchObject({ due: '2026-10-28', passed: true, done: false, article: '行政复议法 Art 62(2)' });
    expect(due.find((d) => d.kind === 'suit-after-reconsideration')).toMatchObject({ from: '2026-10-28', due: '2026-11-12', passed: true });
  });
});

describe('requisition deadlines (rules 8, 12)', () => {
  it('rule 12: paperwork is due a number of hours after the taking, to the minute', () => {
    expect(paperworkDueAt('2026-07-01T03:15:00Z', 48)).toBe('2026-07-03T03:15:00.000Z');
  });

  it('rule 8: the return is due a number of calendar days after the termination date in China Standard Time', () => {
    expect(returnDueDate('2026-07-20T15:59:59Z', 15)).toBe('2026-08-04');
    expect(returnDueDate('2026-07-20T16:00:00Z', 15)).toBe('2026-08-05');
  });
});
