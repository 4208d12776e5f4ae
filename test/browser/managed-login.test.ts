// Sign-in through an identity provider, in the browser: the console runs the authorization code flow with PKCE against
// a small authorization server started here (authorize redirects back with a code; the token endpoint checks the
// verifier against the challenge and returns an ID token signed with a test key; refresh; logout). The console is
// served as a host that signs in through it (its CSP allowing that token endpoint and nothing else), with the real API
// under /v1, which trusts the same key: the console must end up signed in and call the API with the issued token.
// Served as a Cognito host, the console offers staff and citizen sign-in, each sent to its own pool's managed login.
import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT } from 'jose';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AUDIENCE, ISSUER } from '../../infra/local/auth.ts';
import { localConsole } from '../../infra/local/console.ts';
import { createLocalServer } from '../../infra/local/server.ts';
import { COGNITO_CLAIMS } from '../../web/src/auth/settings.ts';
import { zhCN as zh } from '../../web/src/i18n/zh-CN.ts';
import { startTestPlatform, type TestPlatform } from '../support/http.ts';
import { captureFailure, expectAccessible, launch, screenshots, settled } from './support.ts';

interface Grant {
  challenge: string;
  nonce: string;
  redirectUri: string;
}

/** The authorization server: one person signs in, as an office of Chaoyang. Everything it was asked is recorded. */
class FakeIssuer {
  server!: Server;
  url = '';
  consoleOrigin = '';
  /** Seconds the next ID token from a code lasts (refreshed ones last an hour). */
  codeTokenTtl = 3600;
  /** Answer the authorization request with a page instead of a redirect: the person is still signing in. */
  hold = false;
  readonly authorizeRequests: URLSearchParams[] = [];
  readonly tokenRequests: URLSearchParams[] = [];
  readonly logouts: URLSearchParams[] = [];
  /** Requests to the Cognito-shaped endpoints (`/<pool>/oauth2/authorize`), by path. */
  readonly managedLogin: { path: string; query: URLSearchParams }[] = [];
  readonly issued: string[] = [];
  private readonly codes = new Map<string, Grant>();
  private readonly refreshTokens = new Set<string>();
  private readonly key: Uint8Array;

  constructor(key: Uint8Array) {
    this.key = key;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => void this.handle(req, res).catch((err: Error) => this.send(res, 500, { error: 'server_error', detail: err.message })));
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    // The console calls the token endpoint from its own origin: CORS for that origin only.
    res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Access-Control-Allow-Origin': this.consoleOrigin, Vary: 'Origin' });
    res.end(JSON.stringify(body));
  }

  private async idToken(ttl: number, nonce?: string): Promise<string> {
    const token = await new SignJWT({ 'cognito:groups': 'office', 'custom:division': '110105', 'custom:gov_level': 'county', token_use: 'id', ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject('idp-office-110105')
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${ttl}s`)
      .sign(this.key);
    this.issued.push(token);
    return token;
  }

  private holdPage(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><html lang="en"><title>Sign in</title><link rel="icon" href="data:," /><main><h1>Signing in…</h1></main></html>');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    if (url.pathname.endsWith('/oauth2/authorize')) {
      this.managedLogin.push({ path: url.pathname, query: url.searchParams });
      return this.holdPage(res);
    }
    if (url.pathname === '/authorize' && req.method === 'GET') {
      const q = url.searchParams;
      this.authorizeRequests.push(q);
      const valid =
        q.get('response_type') === 'code' &&
        q.get('client_id') === AUDIENCE &&
        q.get('redirect_uri') === `${this.consoleOrigin}/` &&
        q.get('code_challenge_method') === 'S256' &&
        /^[A-Za-z0-9_-]{43}$/.test(q.get('code_challenge') ?? '') &&
        (q.get('scope') ?? '').split(' ').includes('openid') &&
        !!q.get('state') &&
        !!q.get('nonce');
      if (!valid) return this.send(res, 400, { error: 'invalid_request' });
      if (this.hold) return this.holdPage(res);
      const code = randomUUID();
      this.codes.set(code, { challenge: q.get('code_challenge')!, nonce: q.get('nonce')!, redirectUri: q.get('redirect_uri')! });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state')!);
      res.writeHead(302, { Location: back.toString() });
      return void res.end();
    }
    if (url.pathname === '/token' && req.method === 'POST') {
      let raw = '';
      for await (const chunk of req) raw += String(chunk);
      const form = new URLSearchParams(raw);
      this.tokenRequests.push(form);
      if (req.headers.authorization || form.has('client_secret') || form.get('client_id') !== AUDIENCE) return this.send(res, 401, { error: 'invalid_client' });
      if (form.get('grant_type') === 'authorization_code') {
        const grant = this.codes.get(form.get('code') ?? '');
        this.codes.delete(form.get('code') ?? '');
        // RFC 7636 4.6: BASE64URL(SHA256(ASCII(code_verifier))) must equal the challenge sent with the authorization request.
        const verified = grant && createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') === grant.challenge;
        if (!grant || !verified || form.get('redirect_uri') !== grant.redirectUri) return this.send(res, 400, { error: 'invalid_grant' });
        const refresh = randomUUID();
        this.refreshTokens.add(refresh);
        return this.send(res, 200, { id_token: await this.idToken(this.codeTokenTtl, grant.nonce), access_token: randomUUID(), refresh_token: refresh, token_type: 'Bearer', expires_in: this.codeTokenTtl });
      }
      if (form.get('grant_type') === 'refresh_token' && this.refreshTokens.has(form.get('refresh_token') ?? '')) {
        return this.send(res, 200, { id_token: await this.idToken(3600), access_token: randomUUID(), token_type: 'Bearer', expires_in: 3600 });
      }
      return this.send(res, 400, { error: 'invalid_grant' });
    }
    if (url.pathname === '/logout' && req.method === 'GET') {
      this.logouts.push(url.searchParams);
      res.writeHead(302, { Location: url.searchParams.get('post_logout_redirect_uri') ?? '/' });
      return void res.end();
    }
    this.send(res, 404, { error: 'not_found' });
  }
}

let platform: TestPlatform;
let issuer: FakeIssuer;
let host: Server;
let cognitoHost: Server;
let consoleUrl = '';
let cognitoConsoleUrl = '';
let browser: { context: BrowserContext; close(): Promise<void> };
let page: Page;
let pageErrors: string[] = [];

beforeAll(async () => {
  platform = await startTestPlatform();
  issuer = new FakeIssuer(platform.secret);
  await issuer.start();
  // The console as a host that signs in through the issuer, the API (the platform's handlers and table) under /v1.
  const consoleHandler = localConsole({
    secret: platform.secret,
    signIn: {
      kind: 'oidc',
      issuer: ISSUER,
      clientId: AUDIENCE,
      authorizeUrl: `${issuer.url}/authorize`,
      tokenUrl: `${issuer.url}/token`,
      logoutUrl: `${issuer.url}/logout`,
      scopes: ['openid', 'profile'],
      claims: COGNITO_CLAIMS,
    },
  });
  await consoleHandler.ready();
  host = createLocalServer({ secret: platform.secret, console: consoleHandler });
  host.listen(0, '127.0.0.1');
  await once(host, 'listening');
  consoleUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
  issuer.consoleOrigin = consoleUrl;
  // The same console as a Cognito host: two pools, each with its managed login domain (here, paths of the issuer).
  const pool = (name: string) => ({ issuer: `${issuer.url}/${name}`, userPoolId: `ap-east-1_${name}`, clientId: `${name}-console`, domain: `${issuer.url}/${name}` });
  const cognitoConsole = localConsole({ secret: platform.secret, signIn: { kind: 'cognito', pools: { staff: pool('staff'), citizens: pool('citizens') } } });
  cognitoHost = createLocalServer({ secret: platform.secret, console: cognitoConsole });
  cognitoHost.listen(0, '127.0.0.1');
  await once(cognitoHost, 'listening');
  cognitoConsoleUrl = `http://127.0.0.1:${(cognitoHost.address() as AddressInfo).port}`;
  browser = await launch();
  browser.context.setDefaultTimeout(10_000);
});
afterAll(async () => {
  await browser?.close();
  host?.close();
  cognitoHost?.close();
  issuer?.server.close();
  await platform?.close();
});

beforeEach(async () => {
  // A tab of its own each time: sessionStorage (tokens, the pending sign-in) belongs to the tab.
  page = await browser.context.newPage();
  pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  // A refused connection (the CSP) is a console error; so is anything else the page logs as one.
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
  });
  issuer.hold = false;
  issuer.codeTokenTtl = 3600;
});
afterEach(async (ctx) => {
  if (ctx.task.result?.state === 'fail') await captureFailure(page, ctx.task.name);
  await page.close();
});

const stored = (key: string) => page.evaluate((k) => sessionStorage.getItem(k), key);

/** From a page that needs signing in, through the sign-in page and the issuer, back to that page. */
async function signInThroughIssuer(route: string): Promise<void> {
  await page.goto(`${consoleUrl}/#${route}`);
  await settled(page, zh['page.signInNeeded']);
  await page.getByRole('link', { name: zh['nav.signIn'] }).last().click();
  await settled(page, zh['page.signIn']);
  await page.getByRole('button', { name: zh['signIn.oidcButton'] }).click();
}

describe('signing in through Cognito managed login', () => {
  it('offers staff and citizen sign-in, each at its own pool, with a PKCE challenge and the chosen language', async () => {
    await page.goto(`${cognitoConsoleUrl}/#/sign-in`);
    await settled(page, zh['page.signIn']);
    await page.getByRole('heading', { name: zh['signIn.staff'] }).waitFor({ state: 'visible' });
    await page.getByRole('heading', { name: zh['signIn.citizen'] }).waitFor({ state: 'visible' });
    await expectAccessible(page, 'managed-sign-in');
    await screenshots(page, 'managed-sign-in');
    for (const [button, name] of [
      [zh['signIn.citizenButton'], 'citizens'],
      [zh['signIn.staffButton'], 'staff'],
    ] as const) {
      await page.goto(`${cognitoConsoleUrl}/#/sign-in`);
      await settled(page, zh['page.signIn']);
      await page.getByRole('button', { name: button }).click();
      await page.waitForURL((u) => u.pathname === `/${name}/oauth2/authorize`);
      const q = Object.fromEntries(issuer.managedLogin.at(-1)!.query);
      expect(q).toMatchObject({
        response_type: 'code',
        client_id: `${name}-console`,
        redirect_uri: `${cognitoConsoleUrl}/`,
        scope: 'openid email phone profile',
        code_challenge_method: 'S256',
        lang: 'zh-CN',
      });
      expect(q['code_challenge']).toMatch(/^[A-Za-z0-9_-]{43}$/);
    }
    expect(pageErrors).toEqual([]);
  });
});

describe('signing in through an identity provider (authorization code flow with PKCE)', () => {
  it('offers the sign-in, accessibly, with the CSP letting the console reach the token endpoint only', async () => {
    const res = await page.goto(`${consoleUrl}/#/sign-in`);
    expect(res!.headers()['content-security-policy']).toContain(`connect-src 'self' ${issuer.url};`);
    await settled(page, zh['page.signIn']);
    await page.getByRole('heading', { name: zh['signIn.oidc'] }).waitFor({ state: 'visible' });
    await expectAccessible(page, 'oidc-sign-in');
    await screenshots(page, 'oidc-sign-in');
    expect(await (await page.request.get(`${consoleUrl}/config.json`)).json()).toMatchObject({ signIn: { kind: 'oidc', tokenUrl: `${issuer.url}/token` } });
  });

  it('signs an office in and calls the API with the ID token the issuer signed', async () => {
    const plans = page.waitForResponse((r) => new URL(r.url()).pathname === '/v1/plans' && r.request().method() === 'GET');
    await signInThroughIssuer('/office/plans');
    const response = await plans;
    await settled(page, zh['page.plans']);
    // The code exchange: one, as a public client, with a verifier whose S256 is the challenge (the issuer checks it).
    const exchanges = issuer.tokenRequests.filter((f) => f.get('grant_type') === 'authorization_code');
    expect(exchanges).toHaveLength(1);
    expect(exchanges[0]!.get('code_verifier')).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    const challenge = issuer.authorizeRequests.at(-1)!.get('code_challenge');
    expect(createHash('sha256').update(exchanges[0]!.get('code_verifier')!).digest('base64url')).toBe(challenge);
    // Signed in with the issuer's token, and the API accepted it.
    const token = issuer.issued.at(-1)!;
    expect(await stored('erp.token')).toBe(token);
    expect(response.request().headers()['authorization']).toBe(`Bearer ${token}`);
    expect(response.status()).toBe(200);
    expect(await page.locator('.who').textContent()).toContain('110105');
    // Back on the page asked for, with the code gone from the address bar.
    const url = new URL(page.url());
    expect(url.search).toBe('');
    expect(url.hash).toBe('#/office/plans');
    expect(pageErrors).toEqual([]);
  });

  it('refuses an answer whose state is not the one sent, and redeems nothing', async () => {
    issuer.hold = true;
    await signInThroughIssuer('/office');
    await page.waitForURL((u) => u.pathname === '/authorize');
    const before = issuer.tokenRequests.length;
    // A forged answer (someone else's code) arrives in the tab that has a sign-in under way.
    await page.goto(`${consoleUrl}/?code=stolen-code&state=forged-state`);
    await settled(page, zh['page.signIn']);
    const alert = page.getByRole('alert').filter({ hasText: zh['signIn.failed'] });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(zh['signIn.refused.state-mismatch']);
    expect(issuer.tokenRequests.length).toBe(before);
    expect(await stored('erp.token')).toBeNull();
    expect(new URL(page.url()).search).toBe('');
    // The sign-in under way was dropped with it: its real answer could not be used afterwards either.
    expect(await stored('erp.signIn.pending')).toBeNull();
    await expectAccessible(page, 'oidc-sign-in-refused');
    expect(pageErrors).toEqual([]);
  });

  it('renews the ID token with the refresh token before it expires, and calls the API with the new one', async () => {
    // Two minutes is inside the renewal margin: the console renews at once.
    issuer.codeTokenTtl = 120;
    await signInThroughIssuer('/office');
    await settled(page, zh['page.dashboard']);
    await expect.poll(() => issuer.tokenRequests.filter((f) => f.get('grant_type') === 'refresh_token').length).toBe(1);
    const renewed = issuer.issued.at(-1)!;
    await expect.poll(() => stored('erp.token')).toBe(renewed);
    const plans = page.waitForRequest((r) => new URL(r.url()).pathname === '/v1/plans');
    await page.getByRole('navigation').getByRole('link', { name: zh['nav.plans'] }).click();
    expect((await plans).headers()['authorization']).toBe(`Bearer ${renewed}`);
    expect(pageErrors).toEqual([]);
  });

  it('signs out at the issuer and forgets the tokens', async () => {
    await signInThroughIssuer('/office');
    await settled(page, zh['page.dashboard']);
    const token = (await stored('erp.token'))!;
    await page.getByRole('button', { name: zh['nav.signOut'] }).click();
    await page.waitForURL((u) => u.origin === consoleUrl && u.hash === '');
    await settled(page);
    expect(Object.fromEntries(issuer.logouts.at(-1)!)).toEqual({ client_id: AUDIENCE, post_logout_redirect_uri: `${consoleUrl}/`, id_token_hint: token });
    expect(await stored('erp.token')).toBeNull();
    expect(await stored('erp.refresh')).toBeNull();
    await page.getByRole('link', { name: zh['nav.signIn'] }).first().waitFor({ state: 'visible' });
    expect(pageErrors).toEqual([]);
  });
});
