// Hash routing (`#/office/incidents/<id>`): the console is static files, so any host (S3, the local host) serves it
// from `/` with no rewrite rules. Each area lists its pages (areas/*/index.ts); new capabilities add entries there.
import type { ComponentChild } from 'preact';
import type { MessageKey } from './i18n/index.ts';
import type { Role } from './api/types.ts';
import { store } from './store.ts';

export type Area = 'public' | 'office' | 'org' | 'citizen' | 'account';

export interface PageProps {
  params: Record<string, string>;
  query: URLSearchParams;
}

export interface PageDef {
  /** `/office/plans/:planId`; `:name` segments become params. */
  path: string;
  area: Area;
  /** Who may open it: 'public' needs no sign-in; 'signed-in' any role. */
  access: 'public' | 'signed-in' | readonly Role[];
  /** The page's heading and document title. */
  title: MessageKey;
  /** Shown in the navigation of its area under this label. */
  nav?: MessageKey;
  render(props: PageProps): ComponentChild;
}

export interface Location {
  path: string;
  query: URLSearchParams;
}

function read(): Location {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path = '/', q = ''] = raw.split('?', 2);
  return { path: path.startsWith('/') ? path : `/${path}`, query: new URLSearchParams(q) };
}

export const currentLocation = store<Location>(read());
addEventListener('hashchange', () => currentLocation.set(read()));

export function navigate(path: string): void {
  if (location.hash === `#${path}`) currentLocation.set(read());
  else location.hash = path;
}

export function href(path: string): string {
  return `#${path}`;
}

export function match(pattern: string, path: string): Record<string, string> | undefined {
  const p = pattern.split('/');
  const s = path.split('/');
  if (p.length !== s.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = s[i]!;
    if (seg.startsWith(':')) {
      if (!val) return undefined;
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return undefined;
      }
    } else if (seg !== val) return undefined;
  }
  return params;
}

/** The page for a path: literal segments win over `:params`, as the API's router does. */
export function resolve(pages: readonly PageDef[], path: string): { page: PageDef; params: Record<string, string> } | undefined {
  const hits = pages
    .map((page) => ({ page, params: match(page.path, path) }))
    .filter((h): h is { page: PageDef; params: Record<string, string> } => h.params !== undefined)
    .sort((a, b) => Object.keys(a.params).length - Object.keys(b.params).length);
  return hits[0];
}
