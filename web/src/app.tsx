// The console's shell: skip link, header with the areas the signed-in roles may use, language choice, sign-in
// state, and the page for the current hash route (or why it cannot be shown).
import type { ComponentChildren } from 'preact';
import { useEffect, useErrorBoundary, useRef } from 'preact/hooks';
import { LANGS, language, setLanguage, t, type Lang } from './i18n/index.ts';
import { currentLocation, href, resolve, type Area, type PageDef } from './router.ts';
import { PAGES } from './pages.ts';
import { signOutEverywhere } from './auth/managed-login.ts';
import { session, type Session } from './session.ts';
import { useStore } from './store.ts';
import { online } from './offline/online.ts';
import { Page } from './ui/Page.tsx';

const AREA_ORDER: Area[] = ['public', 'office', 'org', 'citizen', 'account'];

function allowed(page: PageDef, s: Session | null): boolean {
  if (page.access === 'public') return true;
  if (!s) return false;
  if (page.access === 'signed-in') return true;
  return page.access.some((r) => s.roles.includes(r));
}

function Nav({ s, path }: { s: Session | null; path: string }) {
  const entries = AREA_ORDER.flatMap((area) => PAGES.filter((p) => p.area === area && p.nav && allowed(p, s)));
  return (
    <nav class="nav" aria-label={t('nav.label')}>
      <ul>
        {entries.map((p) => (
          <li key={p.path}>
            <a href={href(p.path)} aria-current={p.path === path ? 'page' : undefined}>
              {t(p.nav!)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function LanguagePicker({ lang }: { lang: Lang }) {
  return (
    <div class="lang">
      <label for="lang-select">{t('app.language')}</label>
      <select id="lang-select" value={lang} onChange={(e) => void setLanguage((e.currentTarget as HTMLSelectElement).value as Lang)}>
        {LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {l === 'zh-CN' ? '中文' : 'English'}
          </option>
        ))}
      </select>
    </div>
  );
}

function Who({ s }: { s: Session | null }) {
  if (!s) {
    return (
      <a class="btn btn-secondary" href="#/sign-in">
        {t('nav.signIn')}
      </a>
    );
  }
  const who = [s.roles.map((r) => t(`role.${r}` as 'role.office')).join(', '), s.division, s.level ? t(`gov.${s.level}` as 'gov.county') : '', s.orgId]
    .filter(Boolean)
    .join(' · ');
  return (
    <div class="who">
      <span>{t('app.signedInAs', { who })}</span>
      <button
        type="button"
        class="btn btn-quiet"
        onClick={() => void signOutEverywhere()}
      >
        {t('nav.signOut')}
      </button>
    </div>
  );
}

/** A page that fails to render says so (and can be tried again) instead of leaving a blank screen. */
function PageBoundary({ children, path }: { children: ComponentChildren; path: string }) {
  const [error, reset] = useErrorBoundary();
  useEffect(() => {
    if (error) reset();
    // Navigating elsewhere clears the failure.
  }, [path]);
  if (error) {
    return (
      <Page title={t('error.unexpected')}>
        <p class="notice notice-error" role="alert">
          {t('error.page')}
        </p>
        <button type="button" class="btn btn-secondary" onClick={reset}>
          {t('action.retry')}
        </button>
      </Page>
    );
  }
  return <>{children}</>;
}

function Blocked({ s, path }: { s: Session | null; path: string }) {
  return (
    <Page title={s ? t('page.forbidden') : t('page.signInNeeded')}>
      <p>{s ? t('blocked.role') : t('blocked.signIn')}</p>
      {!s && (
        <p>
          <a class="btn btn-primary" href={`#/sign-in?next=${encodeURIComponent(path)}`}>
            {t('nav.signIn')}
          </a>
        </p>
      )}
    </Page>
  );
}

export function App() {
  const { lang } = useStore(language);
  const loc = useStore(currentLocation);
  const s = useStore(session);
  const isOnline = useStore(online);
  const found = resolve(PAGES, loc.path);

  // After navigating inside the console, start at the new page's heading (keyboard and screen-reader users land on
  // the new content); a freshly loaded document starts at the top, with the skip link first.
  const firstPath = useRef(loc.path);
  useEffect(() => {
    if (firstPath.current === loc.path) return;
    firstPath.current = '';
    const h = document.getElementById('page-title');
    if (h && document.activeElement !== h) h.focus();
  }, [loc.path]);

  let content;
  if (!found) {
    content = (
      <Page title={t('page.notFound')}>
        <p>
          <a href="#/">{t('nav.warnings')}</a>
        </p>
      </Page>
    );
  } else if (!allowed(found.page, s)) {
    content = <Blocked s={s} path={loc.path} />;
  } else {
    content = found.page.render({ params: found.params, query: loc.query });
  }

  return (
    <>
      <a class="skip-link" href="#main" onClick={(e) => {
        e.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {t('app.skip')}
      </a>
      <header class="top">
        <div class="top-row">
          <a class="brand" href="#/">
            {t('app.name')}
          </a>
          <div class="top-tools">
            <LanguagePicker lang={lang} />
            <Who s={s} />
          </div>
        </div>
        <Nav s={s} path={loc.path} />
      </header>
      {!isOnline && (
        <p class="offline-bar" role="status">
          {t('app.offline')}
        </p>
      )}
      <main id="main" tabIndex={-1}>
        <PageBoundary path={loc.path}>{content}</PageBoundary>
      </main>
      <footer class="foot">
        <p>
          <a href="/v1/public/warnings.cap">{t('public.feed')}</a> · <a href="/v1/openapi.json">{t('app.apiDoc')}</a>
        </p>
      </footer>
    </>
  );
}
