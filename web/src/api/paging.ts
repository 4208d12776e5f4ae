// Lists page by page with the API's opaque cursor: the first page on open, more on request, progress shown meanwhile.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, call, get, Unreachable, withQuery } from './client.ts';
import { t } from '../i18n/index.ts';
import type { Page, Problem } from './types.ts';

export interface Paged<T> {
  items: T[];
  loading: boolean;
  /** True once the first page has arrived (or failed). */
  loaded: boolean;
  problem: Problem | null;
  hasMore: boolean;
  loadMore(): void;
  reload(): void;
}

export function problemOf(err: unknown): Problem {
  if (err instanceof ApiError) return err.problem;
  if (err instanceof Unreachable) return { title: t('error.unreachable'), status: 0 };
  return { title: t('error.unexpected'), status: 0 };
}

export function usePaged<T>(path: string | null, query: Record<string, string | number | undefined> = {}, opts: { limit?: number; anonymous?: boolean; /** Read again from the first page whenever this changes. */ refresh?: number } = {}): Paged<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  // Loading from the first render: the page never shows an empty list before its first page is asked for.
  const [loading, setLoading] = useState(path !== null);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [generation, setGeneration] = useState(0);
  const key = path ? withQuery(path, { ...query, limit: opts.limit ?? 20 }) : null;
  const live = useRef(0);

  const fetchPage = useCallback(
    async (after: string | undefined, replace: boolean) => {
      if (!key) return;
      const ticket = ++live.current;
      setLoading(true);
      setProblem(null);
      try {
        const sep = key.includes('?') ? '&' : '?';
        const page = await get<Page<T>>(after ? `${key}${sep}cursor=${encodeURIComponent(after)}` : key, opts.anonymous ? { anonymous: true } : {});
        if (ticket !== live.current) return;
        setItems((prev) => (replace ? page.items : [...prev, ...page.items]));
        setCursor(page.cursor);
      } catch (err) {
        if (ticket !== live.current) return;
        setProblem(problemOf(err));
      } finally {
        if (ticket === live.current) {
          setLoading(false);
          setLoaded(true);
        }
      }
    },
    [key, opts.anonymous],
  );

  useEffect(() => {
    setItems([]);
    setCursor(undefined);
    setLoaded(false);
    void fetchPage(undefined, true);
  }, [fetchPage, generation, opts.refresh]);

  return {
    items,
    loading,
    loaded,
    problem,
    hasMore: cursor !== undefined,
    loadMore: () => void fetchPage(cursor, false),
    reload: () => setGeneration((g) => g + 1),
  };
}

/**
 * A record page that takes steps: the record, the step whose dialog is open, the last step's message, and a generation
 * that moves with every step (the audit trail reads again). `done` takes a step's answer: shown at once, and read again
 * so the next step goes with the new ETag.
 */
export function useRecordSteps<T, A>(path: string) {
  const res = useResource<T>(path);
  const [pending, setPending] = useState<A | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const done = (next: T, text: string) => {
    setPending(null);
    res.setData(next);
    res.reload();
    setGeneration((g) => g + 1);
    setMessage(text);
  };
  return { res, pending, setPending, message, setMessage, generation, done };
}

/** One resource, read on open and again on reload(). */
export function useResource<T>(path: string | null, opts: { anonymous?: boolean } = {}) {
  const [data, setData] = useState<T | undefined>(undefined);
  const [etag, setEtag] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!path) return;
    let stale = false;
    setLoading(true);
    setProblem(null);
    call<T>('GET', path, opts.anonymous ? { anonymous: true } : {})
      .then((r) => {
        if (stale) return;
        setData(r.data);
        setEtag(r.etag);
      })
      .catch((err: unknown) => !stale && setProblem(problemOf(err)))
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [path, generation, opts.anonymous]);
  return { data, etag, problem, loading, reload: () => setGeneration((g) => g + 1), setData };
}
