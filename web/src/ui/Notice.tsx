// Messages on a page: a problem from the API (its title in the chosen language), progress while work goes on, an
// empty state, and a success note. Progress and results are announced to screen readers.
import type { ComponentChildren } from 'preact';
import { t } from '../i18n/index.ts';
import type { Problem } from '../api/types.ts';

export function ProblemNotice({ problem, onRetry }: { problem: Problem; onRetry?: () => void }) {
  return (
    <div class="notice notice-error" role="alert">
      <p class="notice-title">{problem.title}</p>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.status === 401 && (
        <p>
          <a href="#/sign-in">{t('nav.signIn')}</a>
        </p>
      )}
      {onRetry && (
        <button type="button" class="btn btn-secondary" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

export function Progress({ children }: { children: ComponentChildren }) {
  return (
    <p class="progress" role="status">
      <span class="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

export function Success({ children }: { children: ComponentChildren }) {
  return (
    <div class="notice notice-success" role="status">
      {children}
    </div>
  );
}

export function Info({ children }: { children: ComponentChildren }) {
  return <div class="notice notice-info">{children}</div>;
}
