// What an organisation and the offices both read of its registration (rule 22) and its group insurance (Art 40).
import type { Organization } from '../../api/types.ts';
import { formatDate, formatDateTime, formatNumber, label, t } from '../../i18n/index.ts';
import { Badge, Flag, StatusBadge } from '../../ui/Badge.tsx';
import { Facts, Table } from '../../ui/Table.tsx';
import { expiryBadge } from './volunteers.tsx';

export const organizationPath = (id: string, rest = '') => `/v1/organizations/${encodeURIComponent(id)}${rest}`;

/** The registration as the organisation and offices read it. */
export function OrganizationFacts({ o }: { o: Organization }) {
  return (
    <>
      <Facts
        items={[
          [t('org.status'), <>{<StatusBadge status={o.status} />} {o.deployableToday ? <Badge tone="good">{t('org.deployable')}</Badge> : <Flag>{t('org.notDeployable')}</Flag>}</>],
          [t('org.validUntil'), o.registration ? <>{expiryBadge(o.registration.validUntil)}</> : '—'],
          [t('org.approvedBy'), o.registration ? `${o.registration.approvedBy.division} · ${label('gov', o.registration.approvedBy.level)} · ${formatDateTime(o.registration.approvedAt)}` : '—'],
          [t('org.kind'), label('orgKind', o.kind)],
          [t('org.creditCode'), o.creditCode],
          [t('plan.division'), o.divisionCode],
          [t('org.memberCount'), formatNumber(o.memberCount)],
          [t('org.capabilities'), o.capabilities.map((c) => label('capability', c)).join(', ')],
          [t('org.contact'), `${o.contact.name} · ${o.contact.phone}`],
          [t('org.submittedAt'), formatDateTime(o.submittedAt)],
          ...(o.suspension ? ([[t('org.suspended'), `${o.suspension.reason} (${formatDateTime(o.suspension.at)})`]] as [string, string][]) : []),
          ...(o.revocation ? ([[t('org.revoked'), `${o.revocation.reason} (${formatDateTime(o.revocation.at)})`]] as [string, string][]) : []),
        ]}
      />
      {o.equipment.length > 0 && (
        <Table
          caption={t('org.equipment')}
          rows={o.equipment}
          rowKey={(e) => e.name}
          columns={[
            { header: t('org.equipmentName'), cell: (e) => e.name },
            { header: t('org.quantity'), cell: (e) => formatNumber(e.quantity), numeric: true },
          ]}
        />
      )}
    </>
  );
}

export function GroupInsurance({ o }: { o: Organization }) {
  if (!o.insurance) return <p class="empty">{t('org.noGroupInsurance')}</p>;
  const p = o.insurance;
  return (
    <Facts
      items={[
        [t('insurance.policyNo'), p.policyNo],
        [t('insurance.insurer'), p.insurer],
        [t('insurance.covers'), `${formatDate(p.coversFrom)} – ${formatDate(p.coversTo)}`],
        [t('volunteer.validity'), expiryBadge(p.coversTo)],
        [t('insurance.insuredCount'), `${formatNumber(p.insuredCount)} / ${formatNumber(o.memberCount)}`],
        [t('org.coversAll'), o.groupCoverCountsForAll ? t('org.coversAllYes') : t('org.coversAllNo')],
      ]}
    />
  );
}
