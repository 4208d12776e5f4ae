// Office: one incident. Facts and map, figures with severity and its basis, follow-ups, warnings, the graded response,
// recovery and the investigation, releases, filings and the timeline, and links to the incident's requisitions,
// claims, deployments and retention assessments; each change reads the incident and its records again.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api/client.ts';
import { useResource } from '../../api/paging.ts';
import type { Incident, Page as ApiPage, PublicWarning } from '../../api/types.ts';
import { formatDateTime, label, language, t } from '../../i18n/index.ts';
import { MapPanel } from '../../map/MapPanel.tsx';
import { useStore } from '../../store.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { ProblemNotice, Progress, Success } from '../../ui/Notice.tsx';
import { Page } from '../../ui/Page.tsx';
import { lazyPart } from '../../ui/Lazy.tsx';
import { Facts } from '../../ui/Table.tsx';
import { pick } from '../public/WarningsPage.tsx';
import { Figures, severityText } from './incident/FollowUp.tsx';
import { Filings, Timeline } from './incident/Records.tsx';
import { Releases } from './incident/Releases.tsx';
import { Response } from './incident/Response.tsx';
import { incidentPath, type IncidentCtx } from './incident/shared.ts';
import { Warnings } from './incident/Warnings.tsx';

// Recovery work is read and done once the response has ended: its code comes when an incident page first needs it.
const RecoverySection = lazyPart(() => import('./incident/Recovery.tsx').then((m) => m.Recovery));

/** Pages of the incident's records beyond this page. */
function IncidentLinks({ id }: { id: string }) {
  const base = `#/office/incidents/${encodeURIComponent(id)}`;
  return (
    <nav class="section" aria-labelledby="incident-links">
      <h2 id="incident-links">{t('incident.records')}</h2>
      <ul class="inline-list">
        <li>
          <a href={`${base}/requisitions`}>{t('page.requisitions')}</a>
        </li>
        <li>
          <a href={`#/office/claims?incident=${encodeURIComponent(id)}`}>{t('page.claims')}</a>
        </li>
        <li>
          <a href={`${base}/deployments`}>{t('page.deploy')}</a>
        </li>
        <li>
          <a href={`${base}/retention`}>{t('page.retention')}</a>
        </li>
      </ul>
    </nav>
  );
}

/** The public details (area, hazards, measures) of an incident's active warnings, for the map and the adjust form. */
function useWarningDetails(incidentId: string, generation: number): PublicWarning[] {
  const [items, setItems] = useState<PublicWarning[]>([]);
  useEffect(() => {
    let stale = false;
    (async () => {
      const found: PublicWarning[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await get<ApiPage<PublicWarning>>(`/v1/public/warnings?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { anonymous: true });
        found.push(...page.items.filter((w) => w.incidentId === incidentId));
        if (!page.cursor) break;
        cursor = page.cursor;
      }
      if (!stale) setItems(found);
    })().catch(() => undefined);
    return () => {
      stale = true;
    };
  }, [incidentId, generation]);
  return items;
}

export function IncidentPage({ params }: { params: Record<string, string> }) {
  const id = params['incidentId']!;
  const res = useResource<Incident>(incidentPath(id));
  const [generation, setGeneration] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const details = useWarningDetails(id, generation);
  const { lang } = useStore(language);
  const i = res.data;
  const ctx: IncidentCtx | null = i
    ? {
        incident: i,
        etag: res.etag,
        changed(msg) {
          setMessage(msg ?? null);
          setGeneration((g) => g + 1);
          res.reload();
        },
      }
    : null;
  return (
    <Page title={i ? i.title : t('page.incident')}>
      {res.loading && !i && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {i && ctx && (
        <>
          <Facts
            items={[
              [t('incident.status'), <StatusBadge status={i.status} />],
              [t('incident.severity'), severityText(i)],
              [t('incident.category'), `${label('category', i.category)} · ${i.type}`],
              [t('plan.division'), i.divisionCode],
              [t('incident.occurredAt'), formatDateTime(i.occurredAt)],
              [t('incident.reportedAt'), formatDateTime(i.reportedAt)],
              [t('incident.location'), `${i.location.address} (${i.location.lat}, ${i.location.lng})`],
              [t('incident.description'), i.description],
            ]}
          />
          <MapPanel
            title={t('map.title')}
            points={[{ lat: i.location.lat, lng: i.location.lng, label: i.location.address }]}
            warnings={details.map((w) => ({ level: w.level, area: w.area, label: pick(w.title, lang) }))}
          />
          <Figures ctx={ctx} />
          <Warnings ctx={ctx} details={details} />
          <Response ctx={ctx} />
          {(i.investigation || i.recoveryTasks?.length || i.status === 'recovery') && <RecoverySection ctx={ctx} />}
          <IncidentLinks id={id} />
          <Releases ctx={ctx} generation={generation} />
          <Filings incidentId={id} generation={generation} />
          <Timeline incidentId={id} generation={generation} />
        </>
      )}
    </Page>
  );
}
