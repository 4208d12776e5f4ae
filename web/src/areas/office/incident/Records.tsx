// Incident page: the decisions queued for filing with the people's congress standing committee (rule 9), and the
// timeline of every change with who, when and why.
import { usePaged } from '../../../api/paging.ts';
import type { Filing, TimelineEntry } from '../../../api/types.ts';
import { formatDateTime, label, t } from '../../../i18n/index.ts';
import { StatusBadge } from '../../../ui/Badge.tsx';
import { Section } from '../../../ui/Page.tsx';
import { PagedList } from '../../../ui/PagedList.tsx';
import { Table } from '../../../ui/Table.tsx';
import { incidentPath } from './shared.ts';

export function Filings({ incidentId, generation }: { incidentId: string; generation: number }) {
  const list = usePaged<Filing>(incidentPath(incidentId, '/filings'), {}, { refresh: generation });
  return (
    <Section title={t('incident.filings')} id="incident-filings">
      <PagedList list={list} empty={t('filing.none')}>
        {(items) => (
          <Table
            caption={t('incident.filings')}
            rows={items}
            rowKey={(f) => f.filingId ?? `${f.decision}:${f.decidedAt}`}
            columns={[
              { header: t('filing.decision'), cell: (f) => label('decision', f.decision) },
              { header: t('filing.decidedAt'), cell: (f) => formatDateTime(f.decidedAt) },
              { header: t('filing.decidedBy'), cell: (f) => (f.decidedBy ? `${f.decidedBy.division} · ${label('gov', f.decidedBy.level)}` : '—') },
              { header: t('filing.to'), cell: (f) => (f.to ? `${label('filingBody', f.to.body)} · ${f.to.division}` : '—') },
              { header: t('filing.summary'), cell: (f) => f.summary ?? '' },
              { header: t('filing.status'), cell: (f) => (f.status ? <StatusBadge status={f.status} /> : '—') },
            ]}
          />
        )}
      </PagedList>
    </Section>
  );
}

export function Timeline({ incidentId, generation }: { incidentId: string; generation: number }) {
  const list = usePaged<TimelineEntry>(incidentPath(incidentId, '/timeline'), {}, { refresh: generation });
  return (
    <Section title={t('incident.timeline')} id="incident-timeline">
      <PagedList list={list} empty={t('timeline.none')}>
        {(items) => (
          <ol class="timeline">
            {items.map((e) => (
              <li key={`${e.at}:${e.action}:${e.entityId ?? ''}`}>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> <strong>{label('action', e.action)}</strong>
                <span>
                  {' '}
                  {e.from ? `${e.from} → ` : ''}
                  {e.to}
                </span>
                {e.reason && <span class="muted"> · {t('timeline.reason', { reason: e.reason })}</span>}
                {e.by && <span class="muted"> · {[e.by.role ? label('role', e.by.role) : '', e.by.division].filter(Boolean).join(' ')}</span>}
              </li>
            ))}
          </ol>
        )}
      </PagedList>
    </Section>
  );
}
