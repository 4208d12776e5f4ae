// Office: one version of a plan as it was written, with its life-cycle dates.
import { useResource } from '../../api/paging.ts';
import type { PlanVersion } from '../../api/types.ts';
import { formatDateTime, t } from '../../i18n/index.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { Facts } from '../../ui/Table.tsx';
import { ContentView } from './PlanPage.tsx';

export function PlanVersionPage({ params }: { params: Record<string, string> }) {
  const { planId = '', version = '' } = params;
  const res = useResource<PlanVersion>(`/v1/plans/${encodeURIComponent(planId)}/versions/${encodeURIComponent(version)}`);
  const v = res.data;
  return (
    <Page title={v ? `${v.title} · ${t('plan.versionN', { n: v.version })}` : t('page.planVersion')}>
      <p>
        <a href={`#/office/plans/${encodeURIComponent(planId)}`}>{t('plan.back')}</a>
      </p>
      {res.loading && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {v && (
        <>
          <Facts
            items={[
              [t('plan.status'), <StatusBadge status={v.status} />],
              [t('version.createdAt'), formatDateTime(v.createdAt)],
              [t('version.submittedAt'), formatDateTime(v.submittedAt) || '—'],
              [t('version.approvedAt'), formatDateTime(v.approvedAt) || '—'],
              [t('version.publishedAt'), formatDateTime(v.publishedAt) || '—'],
              [t('version.filedAt'), formatDateTime(v.filedAt) || '—'],
              [t('version.endedAt'), formatDateTime(v.endedAt) || '—'],
            ]}
          />
          <Section title={t('plan.content')} id="version-content">
            <ContentView content={v} />
          </Section>
        </>
      )}
    </Page>
  );
}
