// The browser tests' harness: the local platform in-process on a free port (console included), Debian's Chromium
// driven by playwright-core with a fresh profile, axe-core on every page, and screenshots at phone and desktop width.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Caller } from '../support/callers.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { REPO_ROOT } from '../../infra/local/console-bundle.ts';

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'screenshots');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface Harness {
  platform: TestPlatform;
  context: BrowserContext;
  page: Page;
  /** Problems the pages reported: uncaught errors, CSP violations, console errors other than expected HTTP failures. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** Launches Chromium with its own profile directory (`--user-data-dir` of a fresh temporary directory). */
export async function launch(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'erp-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function startHarness(): Promise<Harness> {
  const platform = await startTestPlatform();
  const browser = await launch();
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  browser.context.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  const watch = (p: Page) => {
    p.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
    p.on('console', (m) => {
      // A refused request logs "Failed to load resource"; the tests provoke those on purpose. CSP reports do not.
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${m.text()}`);
    });
  };
  watch(page);
  browser.context.on('page', watch);
  return {
    platform,
    context: browser.context,
    page,
    pageErrors,
    async close() {
      await browser.close();
      await platform.close();
    },
  };
}

/** After a failed test: what the page showed, for the person reading the failure. */
export async function captureFailure(page: Page | undefined, name: string): Promise<void> {
  if (!page) return;
  mkdirSync(join(REPO_ROOT, 'test-output', 'failures'), { recursive: true });
  await page.screenshot({ path: join(REPO_ROOT, 'test-output', 'failures', `${name.replace(/[^\w-]+/g, '_').slice(0, 80)}.png`), fullPage: true }).catch(() => undefined);
}

/** Waits until the page shows its heading and no list or form is still loading. */
export async function settled(page: Page, heading?: string): Promise<void> {
  const h1 = page.locator('h1');
  if (heading) await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  else await h1.first().waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.progress, [aria-busy="true"]').length === 0);
}

/** axe-core on the page as it is now: no serious or critical violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${name}: ${JSON.stringify(serious, null, 2)}`).toEqual([]);
}

/** Full-page screenshots at 390 px (a phone) and 1280 px wide, under test-output/screenshots. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

/** Opens a console route (`/office/plans`), waits for it, checks it with axe and takes its screenshots. */
export async function visit(page: Page, baseUrl: string, route: string, name: string, heading?: string): Promise<void> {
  await page.goto(`${baseUrl}/#${route}`);
  await settled(page, heading);
  await expectAccessible(page, name);
  await screenshots(page, name);
}

/** Signs in through the local sign-in page, as a person would. */
export async function signIn(page: Page, baseUrl: string, who: { role: string; division?: string; level?: string; org?: string; idNumber?: string; sub?: string }): Promise<void> {
  await page.goto(`${baseUrl}/local/sign-in`);
  await page.selectOption('#role', who.role);
  await page.fill('#division', who.division ?? '');
  if (who.level) await page.selectOption('#level', who.level);
  await page.fill('#org', who.org ?? '');
  await page.fill('#idNumber', who.idNumber ?? '');
  await page.fill('#sub', who.sub ?? '');
  await Promise.all([page.waitForURL((u) => u.pathname === '/' && u.hash.length > 1), page.click('button[type=submit]')]);
  await settled(page);
}

/**
 * Signs in with a token the test signs itself, kept where the console keeps it: for a person the local sign-in page
 * cannot describe, such as a citizen whose sign-in verified a resident ID number (Cognito's custom:id_number).
 */
export async function signInWithToken(page: Page, platform: TestPlatform, caller: Caller, route: string): Promise<void> {
  const token = await platform.token(caller);
  await page.goto(`${platform.url}/local/sign-in`);
  await page.evaluate((t) => sessionStorage.setItem('erp.token', t), token);
  await page.goto(`${platform.url}/#${route}`);
  await settled(page);
}
