// Public: the active warnings with their colour, level, area and measures, each with its CAP document; the Atom feed.
import { usePaged } from '../../api/paging.ts';
import type { Localized, PublicWarning } from '../../api/types.ts';
import { formatDateTime, label, language, t } from '../../i18n/index.ts';
import { MapPanel } from '../../map/MapPanel.tsx';
import { navigate } from '../../router.ts';
import { useStore } from '../../store.ts';
import { WarningBadge } from '../../ui/Badge.tsx';
import { Page } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { DivisionFilter } from './DivisionFilter.tsx';

/** The text in the chosen language: English when chosen and given, else the Chinese. */
export const pick = (text: Localized, lang: string): string => (typeof text === 'string' ? text : lang === 'en' && text.en ? text.en : text['zh-CN']);
/** Whether `pick` fell back to Chinese while English is chosen (the element then says lang="zh-CN"). */
export const fellBack = (text: Localized, lang: string): boolean => lang === 'en' && (typeof text === 'string' || !text.en);

export function WarningCard({ w, headingLevel = 2 }: { w: PublicWarning; headingLevel?: 2 | 3 }) {
  const { lang } = useStore(language);
  const H = headingLevel === 2 ? 'h2' : 'h3';
  const Sub = headingLevel === 2 ? 'h3' : 'h4';
  return (
    <article class={`card warning-card warn-edge-${w.level}`}>
      <div class="card-head">
        <WarningBadge level={w.level} />
        <H class="card-title" lang={fellBack(w.title, lang) ? 'zh-CN' : undefined}>
          <a href={`#/warnings/${encodeURIComponent(w.warningId)}`}>{pick(w.title, lang)}</a>
        </H>
      </div>
      <dl class="facts compact">
        <div class="fact">
          <dt>{t('warning.category')}</dt>
          <dd>{label('category', w.category)}</dd>
        </div>
        <div class="fact">
          <dt>{t('warning.area')}</dt>
          <dd>{[w.area.description, w.area.divisions.join(', ')].filter(Boolean).join(' · ')}</dd>
        </div>
        <div class="fact">
          <dt>{t('warning.startsAt')}</dt>
          <dd>{formatDateTime(w.startsAt)}</dd>
        </div>
        <div class="fact">
          <dt>{t('warning.issuer')}</dt>
          <dd>
            {w.issuer.division} · {label('gov', w.issuer.level)} · {formatDateTime(w.issuedAt)}
          </dd>
        </div>
      </dl>
      <Sub class="sub">{t('warning.hazards')}</Sub>
      <ul>
        {w.hazards.map((x, i) => (
          <li key={i} lang={fellBack(x, lang) ? 'zh-CN' : undefined}>
            {pick(x, lang)}
          </li>
        ))}
      </ul>
      <Sub class="sub">{t('warning.measures')}</Sub>
      <ul>
        {w.measures.map((x, i) => (
          <li key={i} lang={fellBack(x, lang) ? 'zh-CN' : undefined}>
            {pick(x, lang)}
          </li>
        ))}
      </ul>
      <p class="card-links">
        <a href={w.cap} type="application/cap+xml">
          {t('warning.capLink')}
        </a>
      </p>
    </article>
  );
}

export function WarningsPage({ query }: { query: URLSearchParams }) {
  const division = query.get('division') ?? '';
  const list = usePaged<PublicWarning>('/v1/public/warnings', { division: division || undefined }, { anonymous: true });
  const { lang } = useStore(language);
  return (
    <Page
      title={t('page.warnings')}
      lead={
        <p>
          {t('public.warningsLead')} <a href="/v1/public/warnings.cap">{t('public.feed')}</a>
        </p>
      }
    >
      <DivisionFilter value={division} onApply={(d) => navigate(d ? `/?division=${encodeURIComponent(d)}` : '/')} />
      {list.items.length > 0 && (
        <MapPanel title={t('map.title')} warnings={list.items.map((w) => ({ level: w.level, area: w.area, label: pick(w.title, lang) }))} />
      )}
      <PagedList list={list} empty={t('public.noWarnings')}>
        {(items) => (
          <div class="cards">
            {items.map((w) => (
              <WarningCard key={w.warningId} w={w} />
            ))}
          </div>
        )}
      </PagedList>
    </Page>
  );
}
