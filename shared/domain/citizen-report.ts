// Citizens' reports (举报) of price gouging, hoarding, counterfeits, rumours and incidents (Art 7, 73(8); Price Law
// Art 14), from receipt to substantiation or dismissal, referral, a published rebuttal of a rumour and a reward. Rule 25:
// the reporter's identity is never shown to the reported party or the public, so nothing here carries it but the sealed
// contact, which no view reads. Pure: no I/O.
import { InvalidTransition, RuleViolation } from '../errors.ts';
import { requireJurisdiction, type Government } from './actor.ts';
import type { Bilingual } from './warning.ts';
import type { Category } from './categories.ts';
import type { Change } from './change.ts';

export const REPORT_KINDS = ['price-gouging', 'hoarding', 'counterfeit', 'rumour', 'incident'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** The last step taken: received, assigned, then substantiated or dismissed; after substantiation referred, rebutted, rewarded. */
export const REPORT_STATUSES = ['received', 'assigned', 'substantiated', 'dismissed', 'referred', 'rebutted', 'rewarded'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Market regulation takes price and market-order violations (Price Law Art 14); public security takes rumours (Art 97). */
export const REFERRAL_AGENCIES = ['market-regulation', 'public-security'] as const;
export type ReferralAgency = (typeof REFERRAL_AGENCIES)[number];

export const REPORT_ACTIONS = ['assign', 'substantiate', 'dismiss', 'refer', 'publish-rebuttal', 'reward'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/**
 * Reports without a token are limited per source: this many in a fixed window, on AWS by the WAF rate rule (per address)
 * and in the reports function itself (per pseudonymous source) on both hosts. A flood past it gets 429 and writes nothing.
 */
export const ANONYMOUS_REPORT_LIMIT = { perWindow: 20, windowSeconds: 300 } as const;

/** The data-key scope of a report's contact when no incident's data holds it (rule 16): the report's own. */
export const ownReportScope = (reportId: string) => `report-${reportId}`;
export const isOwnReportScope = (scope: string) => scope.startsWith('report-');
/** The report a scope of its own belongs to. */
export const reportOfScope = (scope: string) => scope.slice('report-'.length);

/**
 * A contact no incident's destruction reaches (a report of no incident, or one made after its incident's report data
 * was destroyed) is kept this long after the report's last step, then destroyed like an incident's (rule 17; PIPL
 * Art 19, the shortest period the purpose needs): long enough to ask about the evidence and pay a reward.
 */
export const REPORT_CONTACT_KEPT_DAYS = 180;

/** The fixed window an instant falls in, and how long until it ends (for Retry-After). */
export function reportWindow(now: Date, windowSeconds: number = ANONYMOUS_REPORT_LIMIT.windowSeconds): { windowStart: number; secondsLeft: number } {
  const t = now.getTime() / 1000;
  const windowStart = Math.floor(t / windowSeconds) * windowSeconds;
  return { windowStart, secondsLeft: windowStart + windowSeconds - t };
}

export const EVIDENCE_KINDS = ['photo', 'video', 'audio', 'document', 'link', 'other'] as const;

export interface Evidence {
  kind: (typeof EVIDENCE_KINDS)[number];
  /** A link or a file reference the reporter gives; never opened by the platform. */
  reference: string;
}

/** The reporter's voluntary contact: sealed values (`C` is the sealed form) under purpose `report`. */
export interface ReporterContact<C> {
  name?: C;
  phone?: C;
  email?: C;
}

export interface ReportDraft {
  kind: ReportKind;
  divisionCode: string;
  location?: { lat: number; lng: number; address?: string };
  description: string;
  evidence: Evidence[];
  incidentId?: string;
}

export interface CitizenReport<C = unknown> extends ReportDraft {
  reportId: string;
  /** Rule 25: sealed, read only through the kernel's logged reveal; no view, list, alert, release or export has it. */
  contact?: ReporterContact<C>;
  /** A hash of the secret follow-up code the reporter got; the code itself is never stored. */
  followUpCodeHash: string;
  status: ReportStatus;
  assignment?: { department: string; at: string };
  findings?: { text: string; at: string };
  dismissal?: { reason: string; at: string };
  referral?: { to: ReferralAgency; reference: string; at: string };
  rebuttal?: { releaseId: string; incidentId: string; at: string };
  reward?: { reason: string; amountFen?: number; at: string };
  /** The government that took the last step (never the reporter). */
  handledBy?: { division: string; level: string };
  receivedAt: string;
  updatedAt: string;
  rev: number;
}

export interface ReportChange<C> {
  report: CitizenReport<C>;
  change: Change;
}

/** A report as received, from anyone: whoever reports is not asked who they are (rule 25). */
export function receiveReport<C>(reportId: string, draft: ReportDraft, contact: ReporterContact<C> | undefined, followUpCodeHash: string, now: Date): ReportChange<C> {
  const at = now.toISOString();
  const hasContact = contact !== undefined && Object.values(contact).some((v) => v !== undefined);
  const report: CitizenReport<C> = {
    reportId,
    kind: draft.kind,
    divisionCode: draft.divisionCode,
    ...(draft.location ? { location: draft.location } : {}),
    description: draft.description,
    evidence: draft.evidence,
    ...(draft.incidentId ? { incidentId: draft.incidentId } : {}),
    ...(hasContact ? { contact } : {}),
    followUpCodeHash,
    status: 'received',
    receivedAt: at,
    updatedAt: at,
    rev: 1,
  };
  return { report, change: { action: 'receive-report', from: null, to: `received (${draft.kind})` } };
}

/** The incident a rebuttal is published for: what the public release carries of it. */
export interface RebuttalIncident {
  incidentId: string;
  category: Category;
  exercise?: true;
}

/** A rebuttal (辟谣) as the public sees it: a release of kind `rebuttal`, in Chinese and English, linked to the report and the incident. */
export interface RebuttalRelease {
  releaseId: string;
  incidentId: string;
  divisionCode: string;
  category: Category;
  title: Required<Bilingual>;
  body: Required<Bilingual>;
  publishedAt: string;
  releaseKind: 'rebuttal';
  reportId: string;
  exercise?: true;
}

export type ReportTransition =
  | { action: 'assign'; department: string }
  | { action: 'substantiate'; findings: string }
  | { action: 'dismiss'; reason: string }
  | { action: 'refer'; to: ReferralAgency; reference: string }
  | { action: 'publish-rebuttal'; releaseId: string; incident: RebuttalIncident; title: Required<Bilingual>; body: Required<Bilingual> }
  | { action: 'reward'; reason: string; amountFen?: number };

const FROM: Record<ReportAction, readonly ReportStatus[]> = {
  assign: ['received', 'assigned'],
  substantiate: ['received', 'assigned'],
  dismiss: ['received', 'assigned'],
  refer: ['substantiated', 'rebutted', 'rewarded'],
  'publish-rebuttal': ['substantiated', 'referred', 'rewarded'],
  reward: ['substantiated', 'referred', 'rebutted'],
};

const NEXT: Record<ReportAction, ReportStatus> = {
  assign: 'assigned',
  substantiate: 'substantiated',
  dismiss: 'dismissed',
  refer: 'referred',
  'publish-rebuttal': 'rebutted',
  reward: 'rewarded',
};

function once(done: unknown, what: string): void {
  if (done !== undefined) throw new InvalidTransition(`The report was ${what} already.`);
}

/**
 * Whether the step may be taken at all: by an office with jurisdiction, from the report's status, once, and a rebuttal
 * only of a rumour. What the step needs besides (the incident of a rebuttal) is looked up only after this.
 */
export function checkReportTransition(r: Pick<CitizenReport, 'reportId' | 'divisionCode' | 'status' | 'kind' | 'referral' | 'rebuttal' | 'reward'>, action: ReportAction, gov: Government): void {
  requireJurisdiction(gov, r.divisionCode, `Report ${r.reportId}`);
  if (!FROM[action].includes(r.status)) throw new InvalidTransition(`A ${r.status} report cannot be ${NEXT[action]}.`);
  if (action === 'refer') once(r.referral, 'referred');
  if (action === 'reward') once(r.reward, 'rewarded');
  if (action === 'publish-rebuttal') {
    // Art 7: governments publish clarifications of false information; only a rumour is rebutted.
    if (r.kind !== 'rumour') throw new RuleViolation('rebuttal-only-for-rumours', `A ${r.kind} report is not rebutted; only a rumour is (Art 7).`, [{ path: 'body.action', message: 'not a rumour' }]);
    once(r.rebuttal, 'rebutted');
  }
}

/** The office of the report's division (or one above it) takes each step; a rebuttal is also a public release. */
export function transitionReport<C>(r: CitizenReport<C>, t: ReportTransition, gov: Government, now: Date): ReportChange<C> & { release?: RebuttalRelease } {
  checkReportTransition(r, t.action, gov);
  const at = now.toISOString();
  const base = { ...r, status: NEXT[t.action], handledBy: { division: gov.division, level: gov.level }, updatedAt: at, rev: r.rev + 1 };
  const change = (to: string, reason?: string): Change => ({ action: `${t.action}-report`, from: r.status, to, ...(reason ? { reason } : {}) });
  switch (t.action) {
    case 'assign':
      return { report: { ...base, assignment: { department: t.department, at } }, change: change(`assigned to ${t.department}`) };
    case 'substantiate':
      return { report: { ...base, findings: { text: t.findings, at } }, change: change('substantiated') };
    case 'dismiss':
      return { report: { ...base, dismissal: { reason: t.reason, at } }, change: change('dismissed', t.reason) };
    case 'refer':
      return { report: { ...base, referral: { to: t.to, reference: t.reference, at } }, change: change(`referred to ${t.to} (${t.reference})`) };
    case 'reward':
      return { report: { ...base, reward: { reason: t.reason, ...(t.amountFen !== undefined ? { amountFen: t.amountFen } : {}), at } }, change: change('rewarded', t.reason) };
    case 'publish-rebuttal': {
      const release: RebuttalRelease = {
        releaseId: t.releaseId,
        incidentId: t.incident.incidentId,
        divisionCode: r.divisionCode,
        category: t.incident.category,
        title: t.title,
        body: t.body,
        publishedAt: at,
        releaseKind: 'rebuttal',
        reportId: r.reportId,
        ...(t.incident.exercise ? { exercise: true as const } : {}),
      };
      return {
        report: { ...base, rebuttal: { releaseId: t.releaseId, incidentId: t.incident.incidentId, at } },
        change: change(`rebuttal ${t.releaseId} published`),
        release,
      };
    }
  }
}

/** What the reporter sees with the follow-up code: the status, nothing else. */
export function reportStatusView(r: Pick<CitizenReport, 'reportId' | 'status' | 'receivedAt' | 'updatedAt'>) {
  return { reportId: r.reportId, status: r.status, receivedAt: r.receivedAt, updatedAt: r.updatedAt };
}
