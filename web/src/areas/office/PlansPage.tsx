// Office: the plans of a division, by status, page by page.
import { useState } from 'preact/hooks';
import { usePaged } from '../../api/paging.ts';
import type { Plan } from '../../api/types.ts';
import { label, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { Flag, StatusBadge } from '../../ui/Badge.tsx';
import { Button, ButtonLink } from '../../ui/Button.tsx';
import { Page } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { Table } from '../../ui/Table.tsx';
import { filingFlag } from './Dashboard.tsx';
import { planStatusOptions } from './options.ts';

export function PlanTable({ items, caption }: { items: Plan[]; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={items}
      rowKey={(p) => p.planId}
      columns={[
        { header: t('plan.title'), cell: (p) => <a href={`#/office/plans/${encodeURIComponent(p.planId)}`}>{p.title}</a> },
        { header: t('plan.type'), cell: (p) => label('planType', p.type) },
        { header: t('plan.category'), cell: (p) => label('category', p.category) },
        { header: t('plan.division'), cell: (p) => p.divisionCode },
        { header: t('plan.status'), cell: (p) => <StatusBadge status={p.status} /> },
        { header: t('plan.inForce'), cell: (p) => (p.inForceVersion ? `v${p.inForceVersion}` : '—'), numeric: true },
        {
          header: t('dashboard.flags'),
          cell: (p) => (
            <>
              {filingFlag(p)}
              {p.revisionNeeded && <Flag>{t('flag.revisionNeeded')}</Flag>}
            </>
          ),
        },
      ]}
    />
  );
}

export function PlansPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? '';
  const division = query.get('division') ?? '';
  const [draft, setDraft] = useState({ status, division });
  const list = usePaged<Plan>('/v1/plans', { status: status || undefined, division: division || undefined });
  return (
    <Page title={t('page.plans')} actions={<ButtonLink variant="primary" href="#/office/plans/new">{t('plan.new')}</ButtonLink>}>
      <form
        class="filter"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          const q = new URLSearchParams();
          if (draft.status) q.set('status', draft.status);
          if (draft.division.trim()) q.set('division', draft.division.trim());
          navigate(`/office/plans${q.size ? `?${q}` : ''}`);
        }}
      >
        <label for="plan-status-filter">{t('plan.status')}</label>
        <select id="plan-status-filter" value={draft.status} onChange={(e) => setDraft({ ...draft, status: (e.currentTarget as HTMLSelectElement).value })}>
          {planStatusOptions().map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
        <label for="plan-division-filter">{t('filter.division')}</label>
        <input id="plan-division-filter" inputMode="numeric" value={draft.division} onInput={(e) => setDraft({ ...draft, division: (e.currentTarget as HTMLInputElement).value })} />
        <Button type="submit">{t('filter.apply')}</Button>
      </form>
      <PagedList list={list} empty={t('plan.none')}>
        {(items) => <PlanTable items={items} caption={t('page.plans')} />}
      </PagedList>
    </Page>
  );
}

export function DueForDrillPage() {
  const list = usePaged<Plan>('/v1/plans/due-for-drill', {});
  return (
    <Page title={t('page.dueForDrill')} lead={<p>{t('drill.lead')}</p>}>
      <PagedList list={list} empty={t('drill.noneDue')}>
        {(items) => <PlanTable items={items} caption={t('page.dueForDrill')} />}
      </PagedList>
    </Page>
  );
}
