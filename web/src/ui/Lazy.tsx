// Pages loaded when first opened: the area lists stay in the first download (navigation and routing need them), each
// page's code comes as its own chunk, with the messages of such pages in the chosen language. While they load the page
// frame shows progress; a chunk that cannot be fetched (offline before it was ever opened) says so and can be tried
// again.
import type { ComponentChildren, ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { loadPageMessages, t, type MessageKey } from '../i18n/index.ts';
import { ProblemNotice, Progress } from './Notice.tsx';
import { Page } from './Page.tsx';

/** A page: while its code loads, the page frame with its title and progress. */
export function lazy<P extends object>(title: MessageKey, load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return loader(load, (body) => <Page title={t(title)}>{body}</Page>);
}

/** A part of a page (a section): while its code loads, progress only. */
export function lazyPart<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  return loader(load, (body) => <div class="section">{body}</div>);
}

function loader<P extends object>(load: () => Promise<ComponentType<P>>, frame: (body: ComponentChildren) => ComponentChildren): ComponentType<P> {
  let loaded: ComponentType<P> | undefined;
  let pending: Promise<ComponentType<P>> | undefined;
  return function LazyPage(props: P) {
    const [, setReady] = useState(0);
    const [failed, setFailed] = useState(false);
    useEffect(() => {
      if (loaded || failed) return;
      let live = true;
      pending ??= Promise.all([load(), loadPageMessages()]).then(([c]) => c);
      pending.then(
        (c) => {
          loaded = c;
          if (!live) return;
          // The loading frame's heading had the focus after navigating: the page's own heading takes it over.
          const focused = document.activeElement?.id === 'page-title';
          setReady((n) => n + 1);
          if (focused) requestAnimationFrame(() => document.getElementById('page-title')?.focus());
        },
        () => {
          pending = undefined;
          if (live) setFailed(true);
        },
      );
      return () => {
        live = false;
      };
    }, [failed]);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    return <>{frame(failed ? <ProblemNotice problem={{ title: t('error.chunk'), status: 0 }} onRetry={() => setFailed(false)} /> : <Progress>{t('list.loading')}</Progress>)}</>;
  };
}
