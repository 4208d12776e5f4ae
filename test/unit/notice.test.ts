// Information reporting and linkage (Art 17, 61, 64; issue 11): every report goes one level up within its category's
// deadline, warnings also to the neighbours named, only the office addressed acknowledges (late after the deadline),
// and the deadline sweep flags an unacknowledged notice once.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATEGORIES } from '../../shared/domain/categories.ts';
import {
  acknowledgeNotice,
  checkNeighbours,
  flagOverdue,
  incidentSubject,
  isOverdue,
  parseReportingDeadlines,
  reportUpward,
  warningNotices,
  warningSubject,
  type Notice,
} from '../../shared/domain/notice.ts';
import { issueWarning } from '../../shared/domain/warning.ts';
import { figures, gov, hoursAfter, refusal, reported, reportedAt, warningDraft } from './incident-fixtures.ts';

const deadlines = parseReportingDeadlines(undefined);
let n = 0;
const ids = () => `notice-${String(++n).padStart(4, '0')}`;

function countyReport(o: { exercise?: boolean } = {}): Notice {
  const incident = reported(figures({ deaths: 2 }), o.exercise ? { exercise: true } : {});
  return reportUpward('notice-0001', 'incident-report', gov.county, incidentSubject(incident), reportedAt, deadlines)!;
}

describe('REPORTING_DEADLINE_MINUTES (one value per category)', () => {
  it('is 120 minutes for every category when not set', () => {
    expect(parseReportingDeadlines(undefined)).toEqual(Object.fromEntries(CATEGORIES.map((c) => [c, 120])));
  });

  it('takes one number for all, or a JSON object per category whose missing categories keep 120', () => {
    expect(parseReportingDeadlines('90')).toEqual(Object.fromEntries(CATEGORIES.map((c) => [c, 90])));
    expect(parseReportingDeadlines('{"accident":60,"public-health":120,"natural-disaster":240}')).toEqual({ 'natural-disaster': 240, accident: 60, 'public-health': 120, 'social-security': 120 });
  });

  it.each([
    ['zero', '0'],
    ['a fraction', '{"accident":1.5}'],
    ['an unknown category', '{"earthquake":60}'],
    ['more than a week', '{"accident":10081}'],
    ['not JSON', '{accident:60}'],
    ['a list', '[60]'],
  ])('refuses %s', (_what, raw) => {
    expect(() => parseReportingDeadlines(raw)).toThrow(RangeError);
  });
});

describe('reporting upward (Art 17, 61)', () => {
  it('sends a county report to the city office, due within the deadline of its category', () => {
    const notice = countyReport();
    expect(notice).toMatchObject({
      kind: 'incident-report',
      relation: 'superior',
      from: { division: '110105', level: 'county' },
      to: { division: '110100', level: 'city' },
      incidentId: 'inc-0001',
      category: 'accident',
      status: 'pending',
      sentAt: reportedAt.toISOString(),
      dueAt: hoursAfter(2).toISOString(),
      rev: 1,
    });
    expect(notice.summary).toContain('2 dead');
    expect(notice).not.toHaveProperty('exercise');
  });

  it('takes each category its own deadline', () => {
    const fast = parseReportingDeadlines('{"accident":60}');
    const incident = reported();
    expect(reportUpward('x', 'incident-report', gov.county, incidentSubject(incident), reportedAt, fast)!.dueAt).toBe(hoursAfter(1).toISOString());
  });

  it('goes from a township to its county and from a province to the nation; the nation reports to nobody', () => {
    const subject = incidentSubject(reported());
    expect(reportUpward('x', 'incident-report', gov.township, subject, reportedAt, deadlines)!.to).toEqual({ division: '110105', level: 'county' });
    expect(reportUpward('x', 'incident-report', gov.province, subject, reportedAt, deadlines)!.to).toEqual({ division: '100000', level: 'national' });
    expect(reportUpward('x', 'incident-report', gov.national, subject, reportedAt, deadlines)).toBeUndefined();
  });

  it('numbers a follow-up and marks an exercise, so the office above knows it is a drill', () => {
    const incident = reported(figures({ deaths: 3 }), { exercise: true });
    const notice = reportUpward('x', 'incident-update', gov.county, incidentSubject(incident, 2), reportedAt, deadlines)!;
    expect(notice).toMatchObject({ kind: 'incident-update', updateSeq: 2, exercise: true });
  });
});

describe('neighbouring governments a warning names (Art 64)', () => {
  it('accepts divisions of the same level under the same superior, once each', () => {
    expect(checkNeighbours(gov.county, ['110108', '110101', '110108'])).toEqual(['110108', '110101']);
    expect(checkNeighbours(gov.province, ['120000', '310000'])).toEqual(['120000', '310000']);
  });

  it.each([
    ['the issuer itself', ['110105'], 'is your own division'],
    ['a county of another city', ['120101'], '120101 is not a county division under 110100'],
    ['the city above', ['110100'], '110100 is not a county division under 110100'],
    ['a township', ['110105001'], '110105001 is not a county division under 110100'],
  ])('refuses %s with 422 not-a-neighbour naming the entry', (_what, notify, message) => {
    const err = refusal(() => checkNeighbours(gov.county, notify)) as { code: string; errors: unknown[] };
    expect(err.code).toBe('not-a-neighbour');
    expect(err.errors).toEqual([{ path: 'body.notify.0', message }]);
  });

  it('reports a warning one level up and notifies each neighbour named, all due within the deadline', () => {
    const w = issueWarning('warn-0001', reported(), { ...warningDraft(), notify: ['110108', '110101'] }, gov.county, reportedAt).warning;
    expect(w.notify).toEqual(['110108', '110101']);
    const notices = warningNotices(ids, 'warning-issued', gov.county, w.notify!, warningSubject(w, 'warning-issued'), reportedAt, deadlines);
    expect(notices.map((x) => [x.relation, x.to.division, x.kind, x.warningId])).toEqual([
      ['superior', '110100', 'warning-issued', 'warn-0001'],
      ['neighbour', '110108', 'warning-issued', 'warn-0001'],
      ['neighbour', '110101', 'warning-issued', 'warn-0001'],
    ]);
    expect(new Set(notices.map((x) => x.dueAt))).toEqual(new Set([hoursAfter(2).toISOString()]));
    expect(notices[0]!.summary).toBe('Level 3 (yellow) warning issued for 110105');
  });

  it('refuses a warning whose notify list names a non-neighbour before anything is issued', () => {
    const err = refusal(() => issueWarning('w', reported(), { ...warningDraft(), notify: ['310101'] }, gov.county, reportedAt)) as { code: string };
    expect(err.code).toBe('not-a-neighbour');
  });
});

describe('acknowledging (Art 61: no late, concealed or missing report)', () => {
  it('lets only the office addressed acknowledge, once, with who and when on the receipt', () => {
    const notice = countyReport();
    expect((refusal(() => acknowledgeNotice(notice, gov.county, hoursAfter(1))) as { code: string }).code).toBe('not-in-jurisdiction');
    expect((refusal(() => acknowledgeNotice(notice, gov.province, hoursAfter(1))) as { code: string }).code).toBe('not-in-jurisdiction');
    const { notice: acked, change } = acknowledgeNotice(notice, gov.city, hoursAfter(1));
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgement: { at: hoursAfter(1).toISOString(), by: { division: '110100', level: 'city' }, late: false }, rev: 2 });
    expect(change).toEqual({ action: 'acknowledge-notice', from: 'pending', to: 'acknowledged' });
    expect((refusal(() => acknowledgeNotice(acked, gov.city, hoursAfter(2))) as { code: string }).code).toBe('invalid-transition');
  });

  it('counts an acknowledgement after the due time as late', () => {
    const { notice, change } = acknowledgeNotice(countyReport(), gov.city, hoursAfter(3));
    expect(notice.acknowledgement?.late).toBe(true);
    expect(change.to).toBe('acknowledged late');
    expect(isOverdue(notice, hoursAfter(3))).toBe(true);
  });
});

describe('the deadline sweep', () => {
  it('flags a pending notice past due once, announcing notice.overdue to the recipient division without personal data', () => {
    const notice = countyReport();
    expect((refusal(() => flagOverdue(notice, hoursAfter(2))) as { code: string }).code).toBe('invalid-transition');
    const flagged = flagOverdue(notice, hoursAfter(2.5));
    expect(flagged.notice).toMatchObject({ status: 'overdue', flaggedOverdueAt: hoursAfter(2.5).toISOString(), rev: 2 });
    expect(flagged.event).toEqual({
      type: 'notice.overdue',
      division: '110100',
      category: 'accident',
      level: 'none',
      noticeId: 'notice-0001',
      incidentId: 'inc-0001',
      kind: 'incident-report',
      fromDivision: '110105',
      toDivision: '110100',
      dueAt: hoursAfter(2).toISOString(),
    });
    expect((refusal(() => flagOverdue(flagged.notice, hoursAfter(3))) as { code: string }).code).toBe('invalid-transition');
    // Acknowledged after the flag: late.
    expect(acknowledgeNotice(flagged.notice, gov.city, hoursAfter(3)).notice.acknowledgement).toMatchObject({ late: true });
  });

  it("carries an exercise's notice overdue as exercise=true", () => {
    expect(flagOverdue(countyReport({ exercise: true }), hoursAfter(3)).event.attributes).toEqual({ exercise: 'true' });
  });

  it('agrees with isOverdue at every instant: overdue exactly when past due and not acknowledged in time', () => {
    const notice = countyReport();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 * 60 }), fc.option(fc.integer({ min: 0, max: 6 * 60 })), (at, ackAt) => {
        const now = hoursAfter(at / 60);
        const state = ackAt === null ? notice : acknowledgeNotice(notice, gov.city, hoursAfter(ackAt / 60)).notice;
        const expected = ackAt === null ? at > 120 : ackAt > 120;
        expect(isOverdue(state, now)).toBe(expected);
      }),
    );
  });
});
