// Public: one warning with its area on the map, its Art 66/67 checklist and its CAP document. Read from the active
// list (the API has no single-warning JSON route); a lifted warning still has its CAP document.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../../api/client.ts';
import { problemOf } from '../../api/paging.ts';
import type { Page as ApiPage, Problem, PublicWarning } from '../../api/types.ts';
import { language, t } from '../../i18n/index.ts';
import { MapPanel } from '../../map/MapPanel.tsx';
import { useStore } from '../../store.ts';
import { ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { pick, WarningCard } from './WarningsPage.tsx';

/** Pages through the active warnings for one id (there are few active warnings at any time). */
export async function findActiveWarning(warningId: string): Promise<PublicWarning | undefined> {
  let cursor: string | undefined;
  for (let i = 0; i < 20; i++) {
    const page = await get<ApiPage<PublicWarning>>(`/v1/public/warnings?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { anonymous: true });
    const hit = page.items.find((w) => w.warningId === warningId);
    if (hit || !page.cursor) return hit;
    cursor = page.cursor;
  }
  return undefined;
}

export function WarningPage({ params }: { params: Record<string, string> }) {
  const id = params['warningId']!;
  const [state, setState] = useState<{ w?: PublicWarning; problem?: Problem; done: boolean }>({ done: false });
  const { lang } = useStore(language);
  useEffect(() => {
    setState({ done: false });
    findActiveWarning(id)
      .then((w) => setState({ ...(w ? { w } : {}), done: true }))
      .catch((err: unknown) => setState({ problem: problemOf(err), done: true }));
  }, [id]);
  const w = state.w;
  return (
    <Page title={w ? pick(w.title, lang) : t('page.warning')}>
      {!state.done && <Progress>{t('list.loading')}</Progress>}
      {state.problem && <ProblemNotice problem={state.problem} />}
      {state.done && !w && !state.problem && (
        <div class="notice notice-info">
          <p>{t('warning.notActive')}</p>
          <p>
            <a href={`/v1/public/warnings/${encodeURIComponent(id)}.cap`}>{t('warning.capLink')}</a>
          </p>
        </div>
      )}
      {w && (
        <>
          <MapPanel title={t('map.title')} warnings={[{ level: w.level, area: w.area, label: pick(w.title, lang) }]} />
          <WarningCard w={w} />
          {w.checklist && w.checklist.length > 0 && (
            <Section title={t('warning.checklist')} id="checklist">
              <ul>
                {w.checklist.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </Page>
  );
}
