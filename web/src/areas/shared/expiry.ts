// When a volunteer's insurance and certificates run out (rule 21: a risky or professional task needs them valid on
// every day): days left, the policy in force, and what needs renewing, flagged 30 days ahead. No I/O.
import type { InsurancePolicy, Volunteer } from '../../api/types.ts';
import { cstToday } from '../../format.ts';
import { formatDate, label, t } from '../../i18n/index.ts';

/** Days from today (CST) to a date; negative once it has passed. */
export function daysUntil(date: string, today = cstToday()): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

/** Within this many days an expiry is flagged ahead: time to renew before a deployment needs it. */
export const EXPIRY_NOTICE_DAYS = 30;

/** The insurance that covers today, if any, else the latest policy. */
export function currentPolicy(policies: InsurancePolicy[]): InsurancePolicy | undefined {
  const today = cstToday();
  return policies.find((p) => p.coversFrom <= today && today <= p.coversTo) ?? [...policies].sort((a, b) => a.coversTo.localeCompare(b.coversTo)).at(-1);
}

/** What needs attention on a volunteer: no valid insurance, expired or soon-expiring insurance and certificates. */
export function volunteerWarnings(v: Pick<Volunteer, 'insurance' | 'qualifications'>): string[] {
  const out: string[] = [];
  const p = currentPolicy(v.insurance);
  if (!p) out.push(t('volunteer.noInsurance'));
  else if (daysUntil(p.coversTo) < 0) out.push(t('volunteer.insuranceExpired', { date: formatDate(p.coversTo) }));
  else if (daysUntil(p.coversTo) <= EXPIRY_NOTICE_DAYS) out.push(t('volunteer.insuranceExpiresSoon', { date: formatDate(p.coversTo) }));
  for (const q of v.qualifications) {
    const d = daysUntil(q.validUntil);
    if (d < 0) out.push(t('volunteer.qualificationExpired', { kind: label('qualification', q.kind), date: formatDate(q.validUntil) }));
    else if (d <= EXPIRY_NOTICE_DAYS) out.push(t('volunteer.qualificationExpiresSoon', { kind: label('qualification', q.kind), date: formatDate(q.validUntil) }));
  }
  return out;
}
