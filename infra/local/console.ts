// The web console on the local host (never deployed): the console's static files at `/` of the API's port, built
// first when any web/ source is newer than the build, with the console's security headers; and a LOCAL-ONLY sign-in
// (GET /local/sign-in, POST /local/token) that signs a token with the local host's key for the role, division,
// level and org a person picks. The AWS host serves the same files from S3 behind CloudFront instead. A host may offer
// an OIDC issuer's sign-in instead (the console's own authorization code flow; the browser tests' fake issuer).
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import type { SignInSettings } from '../../web/src/auth/settings.ts';
import { parseTokenArgs, signToken } from './auth.ts';
import { consoleCsp, ensureConsoleBuilt, LOCAL_BUILD_DIR, tileOriginOf, type ConsoleBuild } from './console-bundle.ts';

export interface ConsoleHandler {
  handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** The build being served (made on start when stale). */
  ready(): Promise<ConsoleBuild>;
}

export interface LocalConsoleOptions {
  /** The local host's token key (infra/local/auth.ts); the sign-in endpoint signs with it. */
  secret: Uint8Array;
  buildDir?: string;
  /** A base-map tile URL template; off unless set (CONSOLE_TILE_URL), so the map calls nothing outside. */
  tileUrl?: string | null;
  tileAttribution?: string;
  /** How /config.json tells the console to sign in: the local sign-in page unless given (which stays served either way). */
  signIn?: SignInSettings;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** True for what the API serves; everything else belongs to the console. */
export function isApiPath(pathname: string): boolean {
  return pathname === '/v1' || pathname.startsWith('/v1/');
}

const TOKEN_BODY_LIMIT = 4096;

function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), payment=()',
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function signInPage(styles: string): string {
  const roles = ['office', 'org', 'citizen', 'auditor'];
  const levels = ['national', 'province', 'city', 'county', 'township'];
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>本地登录 · Local sign-in</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml" />
<link rel="stylesheet" href="${escapeHtml(styles)}" />
<script type="module" src="/local/sign-in.js"></script>
</head>
<body>
<main class="sign-in" id="main">
<h1>本地登录 · Local sign-in</h1>
<p class="notice notice-info">仅用于本地开发主机，不会部署。令牌由本地密钥签发。<br />Local development host only; never deployed. The token is signed with the local key.</p>
<form id="sign-in" class="form" novalidate>
<div class="field"><label for="role">角色 · Role</label>
<select id="role" name="role">${roles.map((r) => `<option value="${r}">${r}</option>`).join('')}</select></div>
<div class="field"><label for="division">行政区划代码 · Division code</label>
<p class="field-hint" id="division-hint">GB/T 2260，如 110105 (Chaoyang); 100000 = 全国 the nation</p>
<input id="division" name="division" inputmode="numeric" value="110105" aria-describedby="division-hint" /></div>
<div class="field"><label for="level">政府层级 · Government level</label>
<select id="level" name="level">${levels.map((l) => `<option value="${l}"${l === 'county' ? ' selected' : ''}>${l}</option>`).join('')}</select></div>
<div class="field"><label for="org">组织编号 · Organisation id</label>
<p class="field-hint" id="org-hint">社会组织角色需要 · needed for the org role</p>
<input id="org" name="org" aria-describedby="org-hint" /></div>
<div class="field"><label for="idNumber">已核验的身份证号码 · Verified ID number</label>
<p class="field-hint" id="idNumber-hint">公民可填：如同身份提供方已核验 (custom:id_number) · citizens: as if the identity provider verified it</p>
<input id="idNumber" name="idNumber" autocomplete="off" aria-describedby="idNumber-hint" /></div>
<div class="field"><label for="sub">用户编号 · User id (sub)</label>
<p class="field-hint" id="sub-hint">可留空 · optional; a stable id per person</p>
<input id="sub" name="sub" aria-describedby="sub-hint" /></div>
<p id="sign-in-error" class="field-error" role="alert" hidden></p>
<div class="form-actions"><button type="submit" class="btn btn-primary">登录 · Sign in</button>
<a class="btn btn-secondary" href="/">返回 · Back</a></div>
</form>
</main>
</body>
</html>`;
}

/** The sign-in page's script: a static file (the CSP allows no inline script). It keeps the token where the console reads it. */
const SIGN_IN_JS = `// Local sign-in: asks the local host for a token and hands it to the console (sessionStorage, this tab only).
const form = document.getElementById('sign-in');
const error = document.getElementById('sign-in-error');
const HOME = { office: '/office', org: '/org', citizen: '/citizen', auditor: '/' };
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  error.hidden = true;
  const data = Object.fromEntries(new FormData(form));
  const body = { role: data.role };
  for (const k of ['division', 'level', 'org', 'sub', 'idNumber']) if (String(data[k] ?? '').trim()) body[k] = String(data[k]).trim();
  if (body.role !== 'office') delete body.level;
  try {
    const res = await fetch('/local/token', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok) throw new Error(json.detail || json.title);
    sessionStorage.setItem('erp.token', json.token);
    location.href = '/#' + (HOME[body.role] || '/');
  } catch (err) {
    error.textContent = err.message;
    error.hidden = false;
  }
});
`;

export function localConsole(opts: LocalConsoleOptions): ConsoleHandler {
  const outRoot = opts.buildDir ?? LOCAL_BUILD_DIR;
  const tileUrl = opts.tileUrl === undefined ? (process.env['CONSOLE_TILE_URL'] ?? null) : opts.tileUrl;
  const tileAttribution = opts.tileAttribution ?? process.env['CONSOLE_TILE_ATTRIBUTION'];
  const signIn: SignInSettings = opts.signIn ?? { kind: 'local', url: '/local/sign-in' };
  const csp = consoleCsp(tileOriginOf(tileUrl), signIn);
  const headers = securityHeaders(csp);
  let building: Promise<ConsoleBuild> = ensureConsoleBuilt(outRoot);
  // Built on start; a failure is shown on the next request, never an unhandled rejection.
  building.catch(() => undefined);
  let lastCheck = 0;

  /** The build; on a page load, at most once a second, made again when web/ changed since. */
  const current = (recheck: boolean): Promise<ConsoleBuild> => {
    if (recheck && Date.now() - lastCheck > 1000) {
      lastCheck = Date.now();
      building = building.then(
        () => ensureConsoleBuilt(outRoot),
        () => ensureConsoleBuilt(outRoot),
      );
    }
    return building;
  };

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}, head = false) => {
    res.writeHead(status, { ...headers, 'Content-Type': type, 'Content-Length': String(Buffer.byteLength(body)), ...extra });
    res.end(head ? undefined : body);
  };
  const problem = (res: ServerResponse, status: number, title: string, detail?: string, extra: Record<string, string> = {}) =>
    send(res, status, 'application/problem+json', JSON.stringify({ type: 'about:blank', title, status, ...(detail ? { detail } : {}) }), { 'Cache-Control': 'no-store', ...extra });

  async function token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return problem(res, 415, 'Send application/json');
    let raw = '';
    for await (const chunk of req) {
      raw += String(chunk);
      if (raw.length > TOKEN_BODY_LIMIT) return problem(res, 413, 'The request body is too large');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
      if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch {
      return problem(res, 400, 'The request body is not valid JSON');
    }
    // The same checks as `npm run token`: the flags are built from the form and parsed by its own parser.
    const argv: string[] = [];
    const flags: Record<string, string> = { role: 'role', division: 'division', level: 'level', org: 'org', sub: 'sub', idNumber: 'id-number' };
    for (const [k, v] of Object.entries(body)) {
      if (!(k in flags) || typeof v !== 'string') return problem(res, 400, 'The request is not valid', `unknown or non-text field ${k}`);
      argv.push(`--${flags[k]}`, v);
    }
    try {
      const spec = parseTokenArgs(argv);
      const signed = await signToken(spec, opts.secret);
      send(res, 200, 'application/json; charset=utf-8', JSON.stringify({ token: signed, sub: spec.sub, roles: spec.roles }), { 'Cache-Control': 'no-store' });
    } catch (err) {
      problem(res, 400, 'The request is not valid', (err as Error).message);
    }
  }

  async function file(build: ConsoleBuild, path: string, res: ServerResponse, head: boolean): Promise<boolean> {
    // Only the files of the build are served: no path from the request ever reaches the file system unchecked.
    if (!build.files.includes(path)) return false;
    const body = await readFile(join(build.dir, path));
    const cache = path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
    send(res, 200, TYPES[extname(path)] ?? 'application/octet-stream', body, { 'Cache-Control': cache }, head);
    return true;
  }

  return {
    ready: () => building,
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const head = method === 'HEAD';
      try {
        if (url.pathname === '/local/token') {
          if (method !== 'POST') return problem(res, 405, 'Method not allowed', undefined, { Allow: 'POST' });
          return await token(req, res);
        }
        if (method !== 'GET' && !head) return problem(res, 405, 'Method not allowed', undefined, { Allow: 'GET, HEAD' });
        const isPage = url.pathname === '/' || url.pathname === '/index.html';
        const build = await current(isPage);
        if (isPage) {
          await file(build, '/index.html', res, head);
          return;
        }
        if (url.pathname === '/config.json') {
          const config = { signIn, tileUrl, ...(tileAttribution ? { tileAttribution } : {}) };
          return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(config), { 'Cache-Control': 'no-store' }, head);
        }
        if (url.pathname === '/local/sign-in') return send(res, 200, TYPES['.html']!, signInPage(build.styles), { 'Cache-Control': 'no-store' }, head);
        if (url.pathname === '/local/sign-in.js') return send(res, 200, TYPES['.js']!, SIGN_IN_JS, { 'Cache-Control': 'no-store' }, head);
        if (await file(build, url.pathname, res, head)) return;
        send(res, 404, TYPES['.html']!, '<!doctype html><html lang="en"><title>Not found</title><p>Not found. <a href="/">Console</a></p></html>', {}, head);
      } catch (err) {
        // Local only: a failed build says why (an esbuild error in web/), to the developer at the browser.
        if (!res.headersSent) problem(res, 500, 'The console could not be served', (err as Error).message);
        else res.destroy();
      }
    },
  };
}
