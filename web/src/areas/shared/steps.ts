// Which steps a record's state offers, for the buttons of its page (the API decides every step; these only leave out
// the ones it would surely refuse, and never offer an office to answer a deployment for a volunteer, rule 21), and what
// a claimant does next and by when, in plain words (rules 14-15). No I/O.
import type { Claim, Deployment, DueDate, Report, ReportAction } from '../../api/types.ts';
import { formatDate, formatMoney, label, t } from '../../i18n/index.ts';

export type ClaimAction = 'request-correction' | 'accept' | 'extend' | 'approve' | 'reject' | 'serve-notice' | 'pay' | 'close';

/** The office steps the claim's state allows (the API decides; this only hides steps it would surely refuse). */
export function claimActions(c: Claim): ClaimAction[] {
  switch (c.status) {
    case 'submitted':
      return ['accept', 'request-correction'];
    case 'accepted':
      return c.extension ? ['approve', 'reject'] : ['approve', 'reject', 'extend'];
    case 'decided':
      return ['serve-notice'];
    case 'served':
      return (c.owedFen ?? 0) > 0 ? ['pay'] : ['close'];
    case 'paid':
      return ['close'];
    default:
      return [];
  }
}

/** The steps a report's state allows (as the API's state machine has them). */
export function reportActions(r: Report): ReportAction[] {
  switch (r.status) {
    case 'received':
    case 'assigned':
      return ['assign', 'substantiate', 'dismiss'];
    case 'substantiated':
      return r.kind === 'rumour' ? ['refer', 'publish-rebuttal', 'reward'] : ['refer', 'reward'];
    case 'referred':
      return r.kind === 'rumour' ? ['publish-rebuttal', 'reward'] : ['reward'];
    case 'rebutted':
      return ['refer', 'reward'];
    case 'rewarded':
      return r.kind === 'rumour' ? ['refer', 'publish-rebuttal'] : ['refer'];
    default:
      return [];
  }
}

export type DeploymentArea = 'office' | 'org' | 'citizen';
export type DeploymentAction = 'accept' | 'decline' | 'arrive' | 'withdraw' | 'record-hours' | 'stand-down';

/** What the reader may do now (the API decides; this only offers what it would not surely refuse). */
export function deploymentActions(d: Deployment, area: DeploymentArea): DeploymentAction[] {
  const out: DeploymentAction[] = [];
  const pending = d.people.some((p) => p.answer === 'pending');
  if (area !== 'office' && d.status === 'requested' && pending) out.push('accept', 'decline');
  if (d.status === 'accepted') out.push('arrive');
  if (d.status === 'arrived') out.push('withdraw');
  if (d.status === 'arrived' || d.status === 'withdrawn') out.push('record-hours');
  if (area === 'office' && (d.status === 'requested' || d.status === 'accepted' || d.status === 'withdrawn')) out.push('stand-down');
  return out;
}

/** One due date in plain words: what happens or may be done, and by when. */
export function deadlineSentence(d: DueDate): string {
  return t('deadline.sentence', { what: label('deadlineText', d.kind), date: formatDate(d.due) });
}

/** The first due date still running: what the claimant or the office waits for now. */
export const nextDue = (deadlines: DueDate[]): DueDate | undefined => deadlines.find((d) => !d.done && !d.passed);

const find = (deadlines: DueDate[], kind: string) => deadlines.find((d) => d.kind === kind);

/** Whether the claimant may apply for reconsideration of the current decision now. */
export function mayApplyForReconsideration(c: Claim): boolean {
  const w = find(c.deadlines, 'reconsideration-application');
  return !!c.decision && !!w && !w.done && !w.passed && c.reconsideration?.decisionSeq !== c.decision.seq;
}

/**
 * What the claimant does next, and by when, in plain words: the steps the law gives them at this stage of the claim,
 * each with its computed last day.
 */
export function claimantNextSteps(c: Claim): string[] {
  const steps: string[] = [];
  const due = (kind: string) => find(c.deadlines, kind);
  switch (c.status) {
    case 'submitted': {
      const d = due('claim-acceptance-review');
      steps.push(t('next.submitted', { date: d ? formatDate(d.due) : '—' }));
      break;
    }
    case 'needs-correction':
      steps.push(t('next.needsCorrection'));
      break;
    case 'accepted': {
      const d = due('claim-decision');
      steps.push(t('next.accepted', { date: d ? formatDate(d.due) : '—' }));
      break;
    }
    case 'decided':
    case 'served':
    case 'paid':
    case 'closed': {
      if (c.status === 'decided') steps.push(t('next.decided'));
      if (c.status === 'served' && (c.owedFen ?? 0) > 0) steps.push(t('next.served', { amount: formatMoney(c.owedFen ?? 0) }));
      if (c.status === 'paid' || c.status === 'closed') steps.push(t('next.paid', { amount: formatMoney(c.paidFen) }));
      const r = due('reconsideration-application');
      if (r && !r.done && !r.passed) steps.push(t('next.reconsider', { date: formatDate(r.due) }));
      else if (r?.passed && !r.done) steps.push(t('next.reconsiderPassed', { date: formatDate(r.due) }));
      const s = due('suit-direct');
      if (s && !s.passed) steps.push(t('next.sue', { date: formatDate(s.due) }));
      if (c.reconsideration?.status === 'pending') steps.push(t('next.reconsiderationPending'));
      break;
    }
  }
  return steps;
}
