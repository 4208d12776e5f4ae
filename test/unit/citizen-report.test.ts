// Citizens' reports (rule 25; Art 7, 73(8), Price Law Art 14): received from anyone, taken by the office of the division
// through assignment, substantiation or dismissal, referral, a rebuttal of a rumour and a reward, each step once and in
// order; the reporter's status view says the status only, and no step lets the reporter's contact out.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_REPORT_LIMIT,
  REPORT_ACTIONS,
  receiveReport,
  reportStatusView,
  reportWindow,
  transitionReport,
  type CitizenReport,
  type ReportAction,
  type ReportDraft,
  type ReportTransition,
} from '../../shared/domain/citizen-report.ts';
import { gov, hoursAfter, refusal, reportedAt } from './incident-fixtures.ts';

/** The sealed contact as the domain sees it: opaque. */
const SEALED = { name: { sealed: 'n' }, phone: { sealed: 'p' } };

const draft = (o: Partial<ReportDraft> = {}): ReportDraft => ({
  kind: 'rumour',
  divisionCode: '110105',
  description: 'Posts say the dam burst',
  evidence: [{ kind: 'link', reference: 'https://social.example.org/1' }],
  incidentId: 'inc-0001',
  ...o,
});
const received = (o: Partial<ReportDraft> = {}) => receiveReport('rpt-0001', draft(o), SEALED, 'hash-of-code', reportedAt).report;
const rebuttal = (): ReportTransition => ({
  action: 'publish-rebuttal',
  releaseId: 'rel-0001',
  incident: { incidentId: 'inc-0001', category: 'natural-disaster' },
  title: { 'zh-CN': '辟谣', en: 'Rebuttal' },
  body: { 'zh-CN': '大坝完好', en: 'The dam is intact' },
});
const step = (action: ReportAction): ReportTransition => {
  switch (action) {
    case 'assign':
      return { action, department: 'Public information office' };
    case 'substantiate':
      return { action, findings: 'The rumour is false' };
    case 'dismiss':
      return { action, reason: 'Not in our division' };
    case 'refer':
      return { action, to: 'public-security', reference: 'GA-2026-001' };
    case 'publish-rebuttal':
      return rebuttal();
    case 'reward':
      return { action, reason: 'Serious violation reported', amountFen: 50_000 };
  }
};
const take = <C,>(r: CitizenReport<C>, action: ReportAction, at = 1) => transitionReport(r, step(action), gov.county, hoursAfter(at)).report;

describe('receiving a report (rule 25)', () => {
  it('records what was reported and the sealed contact, with no one named as its reporter', () => {
    const { report, change } = receiveReport('rpt-0001', draft(), SEALED, 'hash-of-code', reportedAt);
    expect(report).toEqual({
      reportId: 'rpt-0001',
      kind: 'rumour',
      divisionCode: '110105',
      description: 'Posts say the dam burst',
      evidence: [{ kind: 'link', reference: 'https://social.example.org/1' }],
      incidentId: 'inc-0001',
      contact: SEALED,
      followUpCodeHash: 'hash-of-code',
      status: 'received',
      receivedAt: reportedAt.toISOString(),
      updatedAt: reportedAt.toISOString(),
      rev: 1,
    });
    expect(change).toEqual({ action: 'receive-report', from: null, to: 'received (rumour)' });
  });

  it('keeps no contact when none was given', () => {
    expect(receiveReport('r', draft(), undefined, 'h', reportedAt).report).not.toHaveProperty('contact');
    expect(receiveReport('r', draft(), {}, 'h', reportedAt).report).not.toHaveProperty('contact');
  });

  it('shows the reporter with the code the status and nothing else', () => {
    const r = take(take(received(), 'assign'), 'substantiate', 2);
    expect(reportStatusView(r)).toEqual({ reportId: 'rpt-0001', status: 'substantiated', receivedAt: reportedAt.toISOString(), updatedAt: hoursAfter(2).toISOString() });
  });
});

describe('the office takes a report through its steps', () => {
  it('Art 7: substantiates a rumour as false and publishes a bilingual rebuttal linked to the report and the incident', () => {
    const substantiated = take(received(), 'substantiate');
    const { report, release, change } = transitionReport(substantiated, rebuttal(), gov.county, hoursAfter(2));
    expect(report).toMatchObject({ status: 'rebutted', rebuttal: { releaseId: 'rel-0001', incidentId: 'inc-0001', at: hoursAfter(2).toISOString() }, handledBy: { division: '110105', level: 'county' } });
    expect(release).toEqual({
      releaseId: 'rel-0001',
      incidentId: 'inc-0001',
      divisionCode: '110105',
      category: 'natural-disaster',
      title: { 'zh-CN': '辟谣', en: 'Rebuttal' },
      body: { 'zh-CN': '大坝完好', en: 'The dam is intact' },
      publishedAt: hoursAfter(2).toISOString(),
      releaseKind: 'rebuttal',
      reportId: 'rpt-0001',
    });
    // Rule 25: the public release carries nothing of the report but its id.
    expect(JSON.stringify(release)).not.toContain('sealed');
    expect(change).toEqual({ action: 'publish-rebuttal-report', from: 'substantiated', to: 'rebuttal rel-0001 published' });
  });

  it('Price Law Art 14: refers a substantiated price-gouging report to market regulation and rewards the reporter, each once', () => {
    const referred = take(take(received({ kind: 'price-gouging' }), 'substantiate'), 'refer', 2);
    expect(referred).toMatchObject({ status: 'referred', referral: { to: 'public-security', reference: 'GA-2026-001' } });
    const rewarded = take(referred, 'reward', 3);
    expect(rewarded).toMatchObject({ status: 'rewarded', reward: { reason: 'Serious violation reported', amountFen: 50_000 } });
    expect((refusal(() => take(rewarded, 'refer', 4)) as { code: string }).code).toBe('invalid-transition');
    expect((refusal(() => take(rewarded, 'reward', 4)) as { code: string }).code).toBe('invalid-transition');
  });

  it('rebuts only a rumour (422 rebuttal-only-for-rumours)', () => {
    const err = refusal(() => transitionReport(take(received({ kind: 'hoarding' }), 'substantiate'), rebuttal(), gov.county, hoursAfter(2))) as { code: string };
    expect(err.code).toBe('rebuttal-only-for-rumours');
  });

  it('dismisses for good: nothing follows a dismissal', () => {
    const dismissed = take(received(), 'dismiss');
    for (const action of REPORT_ACTIONS) expect((refusal(() => take(dismissed, action, 2)) as { code: string }).code).toBe('invalid-transition');
  });

  it('is for the office of the report division or one above it: the neighbouring county is refused', () => {
    expect((refusal(() => transitionReport(received(), step('assign'), gov.otherCounty, hoursAfter(1))) as { code: string }).code).toBe('not-in-jurisdiction');
    expect(transitionReport(received(), step('assign'), gov.city, hoursAfter(1)).report.handledBy).toEqual({ division: '110100', level: 'city' });
  });

  it('never lets a step drop or expose the sealed contact, and reaches only the statuses the machine allows', () => {
    const allowed: Record<string, ReportAction[]> = {
      received: ['assign', 'substantiate', 'dismiss'],
      assigned: ['assign', 'substantiate', 'dismiss'],
      substantiated: ['refer', 'publish-rebuttal', 'reward'],
      dismissed: [],
      referred: ['publish-rebuttal', 'reward'],
      rebutted: ['refer', 'reward'],
      rewarded: ['refer', 'publish-rebuttal'],
    };
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...REPORT_ACTIONS), { maxLength: 12 }), (actions) => {
        let r = received();
        const done = new Set<ReportAction>();
        actions.forEach((action, i) => {
          const ok = allowed[r.status]!.includes(action) && !((action === 'refer' || action === 'reward' || action === 'publish-rebuttal') && done.has(action));
          if (!ok) {
            expect(() => take(r, action, i + 1)).toThrow();
            return;
          }
          r = take(r, action, i + 1);
          done.add(action);
          expect(r.contact).toBe(SEALED);
          expect(r.followUpCodeHash).toBe('hash-of-code');
        });
      }),
    );
  });
});

describe('the per-source limit of anonymous reports', () => {
  it('counts in fixed windows of five minutes and says how long until the next', () => {
    expect(ANONYMOUS_REPORT_LIMIT).toEqual({ perWindow: 20, windowSeconds: 300 });
    const at = new Date('2026-11-30T10:02:30Z');
    expect(reportWindow(at)).toEqual({ windowStart: Date.parse('2026-11-30T10:00:00Z') / 1000, secondsLeft: 150 });
  });
});
