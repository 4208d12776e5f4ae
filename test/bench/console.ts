// Benchmark of the web console: the bytes a first visit downloads (raw and gzip, the initial JavaScript against its
// 60 KB gzip budget) and the time to first render of the office dashboard on a running local host, in Chromium.
// `measureConsole({ url, secret })` takes the platform the benchmark already runs (npm run bench).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { signToken } from '../../infra/local/auth.ts';
import { buildConsoleInto, type ConsoleBuild } from '../../infra/local/console-bundle.ts';
import { INCIDENT_STATUSES } from '../../web/src/api/types.ts';
import { summarize, type Summary } from './stats.ts';

/** The budget of issue 12: initial JavaScript under 60 KB gzip. */
export const INITIAL_JS_GZIP_BUDGET = 60 * 1024;

export interface ConsoleBundleSize {
  /** Loaded before the first render: the entry module and its static imports. */
  initialJs: { raw: number; gzip: number; files: number };
  /** Every JavaScript file, lazy chunks (the English catalogue) included. */
  allJs: { raw: number; gzip: number; files: number };
  css: { raw: number; gzip: number };
  withinBudget: boolean;
}

export interface ConsoleResult {
  bundle: ConsoleBundleSize;
  /** Navigation start to the dashboard heading on screen, each run in a fresh browser profile (cold cache). */
  firstRenderColdMs: Summary;
  /** The same with the files cached (a reload in one profile). */
  firstRenderWarmMs: Summary;
  /** Navigation start to the dashboard's lists loaded from the API (no progress indicator left). */
  dashboardReadyMs: Summary;
}

function sizes(build: ConsoleBuild, paths: string[]) {
  let raw = 0;
  let gzip = 0;
  for (const p of paths) {
    const bytes = readFileSync(join(build.dir, p));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { raw, gzip, files: paths.length };
}

/** Bytes of a fresh production build of web/ (the same build the local host and the CDK stack make). */
export async function consoleBundleSize(): Promise<ConsoleBundleSize> {
  const dir = mkdtempSync(join(tmpdir(), 'erp-console-bench-'));
  try {
    const build = await buildConsoleInto(dir);
    const initialJs = sizes(build, build.initialJs);
    const allJs = sizes(
      build,
      build.files.filter((f) => f.endsWith('.js')),
    );
    const { raw, gzip } = sizes(build, [build.styles]);
    return { initialJs, allJs, css: { raw, gzip }, withinBudget: initialJs.gzip < INITIAL_JS_GZIP_BUDGET };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Records, from the page itself, when the dashboard's heading first appears and when its lists have loaded. The
 * dashboard shows one list per incident status (web/src/areas/office/Dashboard.tsx maps INCIDENT_STATUSES), so the
 * count comes from the console's own list: a hard-coded one waits forever once a status is added.
 */
const RENDER_PROBE = `
(() => {
  const LISTS = ${INCIDENT_STATUSES.length};
  const mark = () => {
    const h = document.getElementById('page-title');
    if (h && window.__firstRender === undefined) window.__firstRender = performance.now();
    // Ready: each status list shows its table or its empty state, and nothing is loading.
    const lists = document.querySelectorAll('section[aria-labelledby^="incidents-"]');
    const shown = [...lists].filter((s) => s.querySelector('table, .empty')).length;
    if (h && window.__ready === undefined && lists.length === LISTS && shown === LISTS && !document.querySelector('.progress, [aria-busy="true"]')) window.__ready = performance.now();
  };
  new MutationObserver(mark).observe(document, { childList: true, subtree: true, attributes: true });
})();`;

export async function measureConsole(opts: { url: string; secret: Uint8Array; runs?: number; chromiumPath?: string }): Promise<ConsoleResult> {
  const runs = opts.runs ?? 5;
  const token = await signToken({ sub: 'bench-office', roles: ['office'], division: '110105', level: 'county' }, opts.secret);
  // The token goes where the console keeps it, before the console's own script runs.
  const session = `sessionStorage.setItem('erp.token', ${JSON.stringify(token)});`;
  const cold: number[] = [];
  const warm: number[] = [];
  const ready: number[] = [];
  const once = async () => {
    const profile = mkdtempSync(join(tmpdir(), 'erp-bench-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: opts.chromiumPath ?? process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      viewport: { width: 1280, height: 900 },
    });
    try {
      await context.addInitScript(session);
      await context.addInitScript(RENDER_PROBE);
      const page = context.pages()[0] ?? (await context.newPage());
      const visit = async (reload: boolean) => {
        if (reload) await page.reload();
        else await page.goto(`${opts.url}/#/office`);
        await page.waitForFunction(() => (window as unknown as { __ready?: number }).__ready !== undefined, undefined, { timeout: 30_000 }).catch(async (err: unknown) => {
          // Say what the probe saw, not only that it waited: the lists found, those shown, and what still loads.
          const seen = await page
            .evaluate(() => {
              const lists = [...document.querySelectorAll('section[aria-labelledby^="incidents-"]')];
              return {
                heading: document.getElementById('page-title') !== null,
                lists: lists.length,
                shown: lists.filter((s) => s.querySelector('table, .empty')).length,
                loading: document.querySelectorAll('.progress, [aria-busy="true"]').length,
                problems: document.querySelectorAll('[role="alert"]').length,
              };
            })
            .catch(() => undefined);
          throw new Error(`the office dashboard was not ready within 30 s (expected ${INCIDENT_STATUSES.length} incident lists): ${JSON.stringify(seen)}`, { cause: err });
        });
        return page.evaluate(() => {
          const w = window as unknown as { __firstRender: number; __ready: number };
          return { first: w.__firstRender, ready: w.__ready };
        });
      };
      const first = await visit(false);
      cold.push(first.first);
      ready.push(first.ready);
      // The same page loaded again, its files now in the browser's cache.
      const again = await visit(true);
      warm.push(again.first);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  };
  for (let i = 0; i < runs; i++) await once();
  return { bundle: await consoleBundleSize(), firstRenderColdMs: summarize(cold), firstRenderWarmMs: summarize(warm), dashboardReadyMs: summarize(ready) };
}
