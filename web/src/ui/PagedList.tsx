// A list read page by page with the API cursor: progress while loading, the problem if a page fails, an empty
// state, and a "load more" button that says how many are shown.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.ts';
import type { Paged } from '../api/paging.ts';
import { Empty, ProblemNotice, Progress } from './Notice.tsx';
import { Button } from './Button.tsx';

export function PagedList<T>({ list, empty, children }: { list: Paged<T>; empty: string; children(items: T[]): ComponentChildren }) {
  return (
    <div class="paged" aria-busy={list.loading}>
      {list.items.length > 0 && children(list.items)}
      {list.loading && <Progress>{list.items.length ? t('list.loadingMore', { n: list.items.length }) : t('list.loading')}</Progress>}
      {list.problem && <ProblemNotice problem={list.problem} onRetry={list.items.length ? list.loadMore : list.reload} />}
      {list.loaded && !list.loading && !list.problem && list.items.length === 0 && <Empty>{empty}</Empty>}
      {list.hasMore && !list.loading && !list.problem && (
        <p class="pager">
          <span class="muted">{t('list.shown', { n: list.items.length })}</span>{' '}
          <Button onClick={list.loadMore}>{t('list.more')}</Button>
        </p>
      )}
    </div>
  );
}
