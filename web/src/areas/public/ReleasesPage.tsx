// Public: information releases, newest first, page by page.
import { usePaged } from '../../api/paging.ts';
import type { Release } from '../../api/types.ts';
import { formatDateTime, label, language, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { useStore } from '../../store.ts';
import { Page } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { DivisionFilter } from './DivisionFilter.tsx';
import { pick } from './WarningsPage.tsx';

export function ReleaseCard({ r }: { r: Release }) {
  const { lang } = useStore(language);
  return (
    <article class="card">
      <h2 class="card-title">{pick(r.title, lang)}</h2>
      <p class="muted">
        {formatDateTime(r.publishedAt)} · {label('category', r.category)} · {r.divisionCode}
      </p>
      <p class="prose">{pick(r.body, lang)}</p>
    </article>
  );
}

export function ReleasesPage({ query }: { query: URLSearchParams }) {
  const division = query.get('division') ?? '';
  const list = usePaged<Release>('/v1/public/releases', { division: division || undefined }, { anonymous: true });
  return (
    <Page title={t('page.releases')} lead={<p>{t('public.releasesLead')}</p>}>
      <DivisionFilter value={division} onApply={(d) => navigate(d ? `/releases?division=${encodeURIComponent(d)}` : '/releases')} />
      <PagedList list={list} empty={t('public.noReleases')}>
        {(items) => (
          <div class="cards">
            {items.map((r) => (
              <ReleaseCard key={r.releaseId} r={r} />
            ))}
          </div>
        )}
      </PagedList>
    </Page>
  );
}
