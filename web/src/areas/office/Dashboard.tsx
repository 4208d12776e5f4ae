// Office dashboard: notices past their acknowledgement time, incidents by status with what is overdue, and the plans
// that need something done (filing due or overdue, revision needed, drill due).
import { usePaged } from '../../api/paging.ts';
import { INCIDENT_STATUSES, type Incident, type IncidentStatus, type Notice, type Plan } from '../../api/types.ts';
import { cstToday } from '../../format.ts';
import { formatDate, formatDateTime, label, t } from '../../i18n/index.ts';
import { StatusBadge, Flag, Badge } from '../../ui/Badge.tsx';
import { ButtonLink } from '../../ui/Button.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { Table } from '../../ui/Table.tsx';

export function incidentFlags(i: Incident, today = cstToday()): string[] {
  const flags: string[] = [];
  if (i.investigation && i.investigation.status === 'open' && (i.investigation.overdue ?? i.investigation.dueDate < today)) flags.push(t('flag.investigationOverdue'));
  if (i.recoveryTasks?.some((x) => x.status === 'open' && x.overdue)) flags.push(t('flag.recoveryOverdue'));
  if (i.notices?.some((n) => n.overdue && n.status !== 'acknowledged')) flags.push(t('flag.noticeUnacknowledged'));
  return flags;
}

export function filingFlag(p: Plan) {
  if (!p.filing || p.filing.filedAt) return null;
  if (p.filing.overdue) return <Flag>{t('flag.filingOverdue')}</Flag>;
  return <Badge tone="attention">{t('flag.filingDue', { date: formatDate(p.filing.dueDate), days: p.filing.workingDaysLeft ?? '?' })}</Badge>;
}

function IncidentsOf({ status }: { status: IncidentStatus }) {
  const list = usePaged<Incident>('/v1/incidents', { status });
  return (
    <Section title={label('status', status)} id={`incidents-${status}`}>
      <PagedList list={list} empty={t('dashboard.noIncidents')}>
        {(items) => (
          <Table
            caption={t('dashboard.incidentsCaption', { status: label('status', status) })}
            rows={items}
            rowKey={(i) => i.incidentId}
            columns={[
              { header: t('incident.title'), cell: (i) => <a href={`#/office/incidents/${encodeURIComponent(i.incidentId)}`}>{i.title}</a> },
              { header: t('incident.category'), cell: (i) => label('category', i.category) },
              { header: t('incident.severity'), cell: (i) => (i.severity.level ? t('response.levelName', { level: i.severity.level }) : t('incident.ungraded')) },
              { header: t('incident.response'), cell: (i) => (i.response ? `${t('response.levelName', { level: i.response.level })} · ${label('status', i.response.status)}` : '—') },
              { header: t('incident.occurredAt'), cell: (i) => formatDateTime(i.occurredAt) },
              {
                header: t('dashboard.flags'),
                cell: (i) => {
                  const flags = incidentFlags(i);
                  return flags.length ? flags.map((f) => <Flag key={f}>{f}</Flag>) : i.investigation ? t('incident.investigationDue', { date: formatDate(i.investigation.dueDate) }) : '—';
                },
              },
            ]}
          />
        )}
      </PagedList>
    </Section>
  );
}

/** Notices addressed to this office whose time to acknowledge has passed (Art 17, 61). */
function OverdueNotices() {
  const list = usePaged<Notice>('/v1/inbox', { status: 'overdue' }, { limit: 5 });
  return (
    <Section title={t('dashboard.overdueNotices')} id="dashboard-notices" actions={<ButtonLink href="#/office/inbox">{t('nav.inbox')}</ButtonLink>}>
      <PagedList list={list} empty={t('dashboard.noOverdueNotices')}>
        {(items) => (
          <ul>
            {items.map((n) => (
              <li key={n.noticeId}>
                <Flag>{t('inbox.overdueSince', { at: formatDateTime(n.dueAt) })}</Flag> <a href={`#/office/incidents/${encodeURIComponent(n.incidentId)}`}>{n.title}</a>{' '}
                <span class="muted">{`${n.from.division} · ${label('noticeKind', n.kind)}`}</span>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </Section>
  );
}

function PlansNeedingAttention() {
  const list = usePaged<Plan>('/v1/plans', { status: 'published' });
  const drills = usePaged<Plan>('/v1/plans/due-for-drill', {}, { limit: 5 });
  return (
    <Section title={t('dashboard.plans')} id="dashboard-plans" actions={<ButtonLink href="#/office/plans">{t('nav.plans')}</ButtonLink>}>
      <PagedList list={list} empty={t('dashboard.noPublished')}>
        {(items) => (
          <Table
            caption={t('dashboard.plansCaption')}
            rows={items}
            rowKey={(p) => p.planId}
            columns={[
              { header: t('plan.title'), cell: (p) => <a href={`#/office/plans/${encodeURIComponent(p.planId)}`}>{p.title}</a> },
              { header: t('plan.status'), cell: (p) => <StatusBadge status={p.status} /> },
              { header: t('plan.filing'), cell: (p) => filingFlag(p) ?? (p.filing?.filedAt ? t('plan.filedAt', { at: formatDateTime(p.filing.filedAt) }) : '—') },
              { header: t('plan.revision'), cell: (p) => (p.revisionNeeded ? <Flag>{t('flag.revisionNeeded')}</Flag> : '—') },
            ]}
          />
        )}
      </PagedList>
      <h3>{t('nav.dueForDrill')}</h3>
      <PagedList list={drills} empty={t('drill.noneDue')}>
        {(items) => (
          <ul>
            {items.map((p) => (
              <li key={p.planId}>
                <a href={`#/office/plans/${encodeURIComponent(p.planId)}`}>{p.title}</a> <Flag>{t('flag.drillDue')}</Flag>
              </li>
            ))}
          </ul>
        )}
      </PagedList>
    </Section>
  );
}

export function Dashboard() {
  return (
    <Page
      title={t('page.dashboard')}
      actions={
        <>
          <ButtonLink variant="primary" href="#/office/incidents/new">
            {t('nav.reportIncident')}
          </ButtonLink>
          <ButtonLink href="#/office/plans/new">{t('plan.new')}</ButtonLink>
        </>
      }
    >
      <OverdueNotices />
      <div class="columns">
        {INCIDENT_STATUSES.map((s) => (
          <IncidentsOf key={s} status={s} />
        ))}
      </div>
      <PlansNeedingAttention />
    </Page>
  );
}
