// The local host's console: static files at `/` with their content types and security headers (a CSP without
// 'unsafe-inline', no framing, nosniff), the API untouched under /v1/, the local sign-in endpoint signing with the
// host's key and refusing what `npm run token` refuses, and the build made again when a web/ source changes.
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureConsoleBuilt, isStale, WEB_DIR } from '../../infra/local/console-bundle.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(async () => {
  await platform?.close();
});

const get = (path: string, init?: RequestInit) => fetch(`${platform.url}${path}`, init);
const token = (body: unknown, contentType = 'application/json') =>
  get('/local/token', { method: 'POST', headers: { 'Content-Type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('the console on the local host', () => {
  it('serves the page and its assets with their content types and the security headers', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    const html = await page.text();
    // No inline script: every <script> has a src on this origin.
    expect(html.match(/<script\b[^>]*>/g)?.every((tag) => / src="\/assets\/[\w-]+\.js"/.test(tag))).toBe(true);
    const script = /src="(\/assets\/[\w-]+\.js)"/.exec(html)![1]!;
    const styles = /href="(\/assets\/[\w-]+\.css)"/.exec(html)![1]!;
    const js = await get(script);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(js.headers.get('content-security-policy')).toBe(csp);
    expect((await get(styles)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect((await get('/favicon.svg')).headers.get('content-type')).toBe('image/svg+xml');
  });

  it('says in /config.json that sign-in is local and that no base-map is set', async () => {
    const r = await get('/config.json');
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await r.json()).toEqual({ signIn: { kind: 'local', url: '/local/sign-in' }, tileUrl: null });
  });

  it('serves nothing outside the build, and leaves /v1/ to the API', async () => {
    for (const path of ['/package.json', '/../package.json', '/%2e%2e/package.json', '/assets/../index.html', '/web/src/main.tsx']) {
      const r = await get(path);
      expect([404, 200], path).toContain(r.status);
      if (r.status === 200) expect(await r.text(), path).toContain('<div id="app">');
      else expect(await r.text(), path).not.toContain('"name": "emergency-response-platform"');
    }
    const api = await get('/v1/nothing-here');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toBe('application/problem+json');
    expect((await get('/', { method: 'DELETE' })).status).toBe(405);
  });

  it('signs a token for the person picked, which the API then accepts', async () => {
    const r = await token({ role: 'office', division: '110105', level: 'county' });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const body = (await r.json()) as { token: string; roles: string[] };
    expect(body.roles).toEqual(['office']);
    const plans = await get('/v1/plans', { headers: { Authorization: `Bearer ${body.token}` } });
    expect(plans.status).toBe(200);
  });

  it('refuses what npm run token refuses, and anything but a JSON POST', async () => {
    expect((await token({ role: 'office', division: '110105' })).status).toBe(400); // an office needs its level
    expect((await token({ role: 'org' })).status).toBe(400); // an org user needs its org
    expect((await token({ role: 'superuser' })).status).toBe(400);
    expect((await token({ role: 'office', division: '110105', level: 'county', expires: '100y' })).status).toBe(400);
    expect((await token('{"role":')).status).toBe(400);
    expect((await token('role=office', 'application/x-www-form-urlencoded')).status).toBe(415);
    expect((await get('/local/token')).status).toBe(405);
  });
});

describe('the console build', () => {
  it('is made again when a web/ source changes, and not otherwise', async () => {
    const web = mkdtempSync(join(tmpdir(), 'erp-web-'));
    const out = mkdtempSync(join(tmpdir(), 'erp-console-'));
    try {
      cpSync(WEB_DIR, web, { recursive: true });
      // The copy's tsconfig cannot extend the repository's from where it sits: the same JSX settings, standalone.
      writeFileSync(join(web, 'tsconfig.json'), JSON.stringify({ compilerOptions: { jsx: 'react-jsx', jsxImportSource: 'preact' } }));
      expect(isStale(out, web)).toBe(true);
      const first = await ensureConsoleBuilt(out, web);
      expect(isStale(out, web)).toBe(false);
      expect(await ensureConsoleBuilt(out, web)).toEqual(first);
      const later = new Date(Date.now() + 5000);
      utimesSync(join(web, 'styles', 'app.css'), later, later);
      expect(isStale(out, web)).toBe(true);
      const second = await ensureConsoleBuilt(out, web);
      expect(second.dir).not.toBe(first.dir);
      expect(readFileSync(join(second.dir, 'index.html'), 'utf8')).toContain(second.script);
    } finally {
      rmSync(web, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
