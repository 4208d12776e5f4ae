// Status badges. Warning badges use the statutory colours (rule 1: 1 red, 2 orange, 3 yellow, 4 blue) and always carry
// the colour and level in words, so nothing depends on seeing the colour.
import { label, t } from '../i18n/index.ts';
import type { WarningLevel } from '../api/types.ts';

export function WarningBadge({ level }: { level: WarningLevel }) {
  return <span class={`badge badge-warning-${level}`}>{t('warning.badge', { colour: label('colour', COLOUR[level]), level })}</span>;
}

export const COLOUR: Record<WarningLevel, 'red' | 'orange' | 'yellow' | 'blue'> = { '1': 'red', '2': 'orange', '3': 'yellow', '4': 'blue' };

type Tone = 'neutral' | 'good' | 'attention' | 'danger' | 'info';

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: string }) {
  return <span class={`badge badge-${tone}`}>{children}</span>;
}

const STATUS_TONE: Record<string, Tone> = {
  draft: 'neutral',
  'under-review': 'info',
  approved: 'info',
  published: 'good',
  filed: 'good',
  retired: 'neutral',
  replaced: 'neutral',
  superseded: 'neutral',
  reported: 'attention',
  responding: 'danger',
  recovery: 'info',
  active: 'danger',
  lifted: 'neutral',
  terminated: 'neutral',
  queued: 'info',
  'pending-confirmation': 'attention',
  'pending-code': 'attention',
  'code-expired': 'danger',
  confirmed: 'good',
  lapsed: 'neutral',
  open: 'attention',
  done: 'good',
  // requisitions
  issued: 'info',
  taken: 'attention',
  'handed-over': 'info',
  returned: 'good',
  // claims and reconsiderations
  submitted: 'info',
  'needs-correction': 'attention',
  accepted: 'info',
  extended: 'attention',
  decided: 'good',
  served: 'good',
  paid: 'good',
  closed: 'neutral',
  pending: 'attention',
  // organisations and deployments
  registered: 'good',
  suspended: 'danger',
  revoked: 'neutral',
  requested: 'attention',
  declined: 'neutral',
  arrived: 'danger',
  withdrawn: 'info',
  'stood-down': 'neutral',
  // reports, notices, retention
  received: 'attention',
  assigned: 'info',
  substantiated: 'good',
  dismissed: 'neutral',
  referred: 'info',
  rebutted: 'good',
  rewarded: 'good',
  overdue: 'danger',
  acknowledged: 'good',
  'in-force': 'good',
  ended: 'neutral',
  expired: 'neutral',
};

/** A status in words; `prefix` names where its words are when a status means something else for a record of that kind. */
export function StatusBadge({ status, prefix = 'status' }: { status: string; prefix?: string }) {
  return <Badge tone={STATUS_TONE[status] ?? 'neutral'}>{label(prefix, status)}</Badge>;
}

/** A flag that needs action: overdue filing, drill due, revision needed. */
export function Flag({ children }: { children: string }) {
  return <span class="badge badge-danger flag">{children}</span>;
}
