// The console's pure logic behind the pages of requisitions and claims, social forces and reports: what to tell a
// claimant to do next and by when, which steps each state offers (never an office answering for a volunteer), the
// report body from what was typed, volunteers' expiry warnings, API error paths with indices reaching their row's
// field, and the outbox keeping a report's answer (its follow-up code) until the person lets it go.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Claim, Deployment, DueDate, Report } from '../../web/src/api/types.ts';
import { citizenReportBody } from '../../web/src/areas/public/report-body.ts';
import { daysUntil, volunteerWarnings } from '../../web/src/areas/shared/expiry.ts';
import { claimActions, claimantNextSteps, deploymentActions, mayApplyForReconsideration, nextDue, reportActions } from '../../web/src/areas/shared/steps.ts';
import { cstToday } from '../../web/src/format.ts';
import { language } from '../../web/src/i18n/index.ts';
import { zhCN } from '../../web/src/i18n/zh-CN.ts';
import { zhCNPages } from '../../web/src/i18n/zh-CN.pages.ts';
import { Outbox, type KeyValueStorage } from '../../web/src/offline/outbox.ts';
import { attach, fieldPath } from '../../web/src/ui/form.ts';

beforeAll(() => {
  // As on a page that loaded the pages' messages.
  language.set({ lang: 'zh-CN', messages: { ...zhCN, ...zhCNPages } });
});

const today = cstToday();
const plus = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const due = (kind: string, days: number, o: Partial<DueDate> = {}): DueDate => ({ kind, from: today, due: plus(days), passed: days < 0, article: 'Art', done: false, ...o });

function claim(o: Partial<Claim>): Claim {
  return {
    claimId: 'c-00000001',
    source: { kind: 'requisition', requisitionId: 'r-00000001' },
    incidentId: 'i-00000001',
    divisionCode: '110105',
    category: 'natural-disaster',
    claimant: { kind: 'owner', ownerKind: 'individual' },
    items: [],
    claimedFen: 1_100_000,
    documents: [],
    bankAccount: { bank: 'ICBC', accountName: '张*', accountNumber: '**** 7665' },
    status: 'submitted',
    submittedAt: `${today}T01:00:00Z`,
    lastSubmittedAt: `${today}T01:00:00Z`,
    submissions: 1,
    corrections: [],
    earlierDecisions: [],
    payments: [],
    paidFen: 0,
    deadlines: [due('claim-acceptance-review', 7)],
    updatedAt: `${today}T01:00:00Z`,
    ...o,
  };
}

const decision = {
  seq: 1,
  outcome: 'partly-approved' as const,
  claimedFen: 1_100_000,
  approvedFen: 700_000,
  reasons: ['part of the invoice'],
  decidedBy: { division: '110105', level: 'county' as const },
  decidedAt: `${today}T02:00:00Z`,
  remedies: {
    reconsideration: { organ: { division: '110100', level: 'city' as const }, within: { days: 60, from: 'service' as const }, article: 'Art 20' },
    litigation: { court: 'peoples-court' as const, within: { months: 6, from: 'service' as const }, article: 'Art 46' },
    unserved: { withinYears: 1, article: 'Art 20(3)' },
    text: { 'zh-CN': '如不服……', en: 'If you disagree…' },
  },
};

describe("a claimant's next steps, in plain words with their dates (rules 14-15)", () => {
  it('tells a claimant under review that nothing is needed and when the office must answer', () => {
    const steps = claimantNextSteps(claim({}));
    expect(steps).toHaveLength(1);
    expect(steps[0]).toContain('决定是否受理');
    expect(steps[0]).not.toContain('{date}');
  });

  it('after a decision, names the last day to apply for reconsideration and to sue, and offers the application', () => {
    const c = claim({ status: 'served', decision, approvedFen: 700_000, owedFen: 700_000, deadlines: [due('claim-acceptance-review', -50, { done: true }), due('reconsideration-application', 59), due('suit-direct', 180)] });
    const steps = claimantNextSteps(c).join('\n');
    expect(steps).toContain('申请行政复议');
    expect(steps).toContain('直接向人民法院起诉');
    expect(steps).toContain('¥7,000.00');
    expect(mayApplyForReconsideration(c)).toBe(true);
    expect(nextDue(c.deadlines)?.kind).toBe('reconsideration-application');
  });

  it('says the window has closed once it passed, and offers no application', () => {
    const c = claim({ status: 'decided', decision, deadlines: [due('reconsideration-application', -1)] });
    expect(claimantNextSteps(c).join('\n')).toContain('已于');
    expect(mayApplyForReconsideration(c)).toBe(false);
  });

  it('offers no second application on a decision already under reconsideration', () => {
    const c = claim({ status: 'served', decision, deadlines: [due('reconsideration-application', 59, { done: true })], reconsideration: { reconsiderationId: 'x-00000001', decisionSeq: 1, appliedAt: `${today}T03:00:00Z`, status: 'pending' } });
    expect(mayApplyForReconsideration(c)).toBe(false);
  });
});

describe('the steps each state offers', () => {
  const deployment = (status: Deployment['status'], answer: 'pending' | 'accepted' = 'pending'): Deployment => ({
    deploymentId: 'd-00000001',
    incidentId: 'i-00000001',
    divisionCode: '110105',
    category: 'natural-disaster',
    organizationId: 'org-1',
    people: [{ volunteerId: 'v-00000001', answer }],
    task: { title: 'Boats', kind: 'water-rescue', risky: true, requiredQualifications: [] },
    from: today,
    to: plus(2),
    place: 'river',
    reportTo: 'post',
    status,
    requestedBy: { division: '110105', level: 'county' },
    requestedAt: `${today}T01:00:00Z`,
    hours: [],
    totalHours: 0,
    contacts: [],
    updatedAt: `${today}T01:00:00Z`,
  });

  it('rule 21: never offers an office to accept or decline for a volunteer; offers the organisation and the volunteer both', () => {
    expect(deploymentActions(deployment('requested'), 'office')).toEqual(['stand-down']);
    expect(deploymentActions(deployment('requested'), 'org')).toEqual(['accept', 'decline']);
    expect(deploymentActions(deployment('requested'), 'citizen')).toEqual(['accept', 'decline']);
  });

  it('asks a team on site to report its withdrawal before the office stands it down', () => {
    expect(deploymentActions(deployment('arrived', 'accepted'), 'office')).toEqual(['withdraw', 'record-hours']);
    expect(deploymentActions(deployment('withdrawn', 'accepted'), 'office')).toEqual(['record-hours', 'stand-down']);
  });

  it('offers payment while something is owed and closing once nothing is, and extends a decision period once', () => {
    expect(claimActions(claim({ status: 'served', owedFen: 700_000 }))).toEqual(['pay']);
    expect(claimActions(claim({ status: 'served', owedFen: 0 }))).toEqual(['close']);
    expect(claimActions(claim({ status: 'accepted' }))).toContain('extend');
    expect(claimActions(claim({ status: 'accepted', extension: { at: `${today}T01:00:00Z`, reason: 'survey' } }))).not.toContain('extend');
  });

  it('offers a rebuttal only for a rumour, once substantiated', () => {
    const report = (kind: Report['kind'], status: Report['status']) => ({ kind, status }) as Report;
    expect(reportActions(report('rumour', 'substantiated'))).toContain('publish-rebuttal');
    expect(reportActions(report('price-gouging', 'substantiated'))).not.toContain('publish-rebuttal');
    expect(reportActions(report('rumour', 'received'))).toEqual(['assign', 'substantiate', 'dismiss']);
    expect(reportActions(report('rumour', 'dismissed'))).toEqual([]);
  });
});

describe('the citizen report as sent', () => {
  it('sends only what was typed: no location, evidence or contact left blank', () => {
    const body = citizenReportBody({ kind: 'hoarding', divisionCode: ' 110105 ', description: '囤积口罩', 'location.address': '', 'location.lat': '', 'location.lng': '', incidentId: '', 'contact.name': '', 'contact.phone': '', 'contact.email': '', 'evidence.0.kind': 'photo', 'evidence.0.reference': ' ' }, 1);
    expect(body).toEqual({ kind: 'hoarding', divisionCode: '110105', description: '囤积口罩', evidence: [] });
  });

  it('sends a location with a malformed coordinate as NaN (null in JSON) so the API names that field, and a phone without spaces', () => {
    const body = citizenReportBody({ kind: 'rumour', divisionCode: '110105', description: 'x', 'location.address': '朝阳路', 'location.lat': '39.9', 'location.lng': 'east', incidentId: '', 'contact.name': '', 'contact.phone': '138 1234 5678', 'contact.email': '' }, 0);
    expect(body.location).toEqual({ lat: 39.9, lng: Number.NaN, address: '朝阳路' });
    expect(JSON.parse(JSON.stringify(body)).location.lng).toBeNull();
    expect(body.contact).toEqual({ phone: '13812345678' });
  });
});

describe("volunteers' expiry warnings", () => {
  it('flags no valid insurance, and certificates expired or expiring within 30 days', () => {
    const q = (validUntil: string) => ({ kind: 'first-aid', certificateNo: 'c', issuer: 'i', validUntil, recordedAt: `${today}T00:00:00Z` });
    const p = (coversTo: string) => ({ policyNo: 'p', insurer: 'i', kind: 'personal-accident' as const, coversFrom: plus(-100), coversTo });
    expect(daysUntil(plus(10))).toBe(10);
    expect(volunteerWarnings({ insurance: [], qualifications: [] })).toEqual(['没有有效保险']);
    expect(volunteerWarnings({ insurance: [p(plus(365))], qualifications: [q(plus(365))] })).toEqual([]);
    const w = volunteerWarnings({ insurance: [p(plus(5))], qualifications: [q(plus(-1)), q(plus(29))] });
    expect(w).toHaveLength(3);
    expect(w[0]).toContain('保险将于');
    expect(w[1]).toContain('已于');
    expect(w[2]).toContain('将于');
  });
});

describe('API errors with indices', () => {
  it("puts `body.entries[1].hours` and `body.volunteerIds[0]` beside the row's field and the group", () => {
    expect(fieldPath('body.entries[1].hours')).toBe('entries.1.hours');
    const errors = attach(
      [
        { path: 'body.entries[1].hours', message: 'too many' },
        { path: 'body.volunteerIds[0]', message: 'uninsured' },
      ],
      ['entries.0.hours', 'entries.1.hours', 'volunteerIds'],
    );
    expect(errors.map((e) => e.field)).toEqual(['entries.1.hours', 'volunteerIds']);
  });
});

describe('the outbox keeping an answer', () => {
  const storage = (): KeyValueStorage => {
    const data = new Map<string, string>();
    return { getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
  };

  it("keeps a sent report's follow-up code until the person lets it go, and sends an anonymous one as such", async () => {
    const store = storage();
    const seen: boolean[] = [];
    const box = new Outbox('citizen-report', store, async (s) => {
      seen.push(s.anonymous === true);
      return { outcome: 'sent', result: { reportId: 'r-1', followUpCode: 'abcdefghijklmnopqrstuvwx' } };
    });
    box.add({ kind: 'citizen-report', method: 'POST', path: '/v1/reports', body: {}, idempotencyKey: 'k-1', summary: '哄抬价格 · 110105', anonymous: true, keepResult: true });
    await box.flush();
    expect(seen).toEqual([true]);
    expect(box.list()).toEqual([]);
    // A reload finds the answer still there.
    const again = new Outbox('citizen-report', store, async () => ({ outcome: 'retry' }));
    expect(again.kept().map((k) => [k.id, (k.result as { followUpCode: string }).followUpCode])).toEqual([['k-1', 'abcdefghijklmnopqrstuvwx']]);
    again.forget('k-1');
    expect(again.kept()).toEqual([]);
  });
});
