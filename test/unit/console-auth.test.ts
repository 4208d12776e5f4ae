// The console's sign-in protocol steps (web/src/auth): PKCE verifiers and S256 challenges (RFC 7636, with its own
// example), the authorization request, the answer refused unless its state is the one sent (and before anything is
// redeemed), the code exchange and refresh as a public client, the ID token's checks, revocation and logout addresses.
import { describe, expect, it } from 'vitest';
import {
  beginSignIn,
  checkIdToken,
  exchangeCode,
  logoutUrl,
  PENDING_TTL_MS,
  providersOf,
  readCallback,
  refreshDelay,
  refreshTokens,
  revoke,
  SignInRefused,
  type Fetch,
  type PendingSignIn,
  type Provider,
} from '../../web/src/auth/oauth.ts';
import { base64url, challengeS256, newVerifier, randomToken, VERIFIER_PATTERN } from '../../web/src/auth/pkce.ts';
import { signInOrigins, type SignInSettings } from '../../web/src/auth/settings.ts';

const COGNITO: SignInSettings = {
  kind: 'cognito',
  pools: {
    staff: { issuer: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Staff', userPoolId: 'ap-east-1_Staff', clientId: 'staffclient', domain: 'https://erp-prod-staff.auth.ap-east-1.amazoncognito.com' },
    citizens: { issuer: 'https://cognito-idp.ap-east-1.amazonaws.com/ap-east-1_Citz', userPoolId: 'ap-east-1_Citz', clientId: 'citizenclient', domain: 'https://erp-prod-citizens.auth.ap-east-1.amazoncognito.com/' },
  },
};
const OIDC: SignInSettings = {
  kind: 'oidc',
  issuer: 'https://idp.example.cn/realms/erp',
  clientId: 'erp-console',
  authorizeUrl: 'https://idp.example.cn/realms/erp/protocol/openid-connect/auth',
  tokenUrl: 'https://login.example.cn/realms/erp/protocol/openid-connect/token',
  logoutUrl: 'https://idp.example.cn/realms/erp/protocol/openid-connect/logout',
  scopes: ['openid', 'profile'],
  claims: { groups: 'roles', division: 'division', level: 'gov_level', org: 'org_id' },
};
const [staff, citizens] = providersOf(COGNITO) as [Provider, Provider];
const oidc = providersOf(OIDC)[0]!;
const NOW = new Date('2026-07-01T08:00:00Z');
const nowS = NOW.getTime() / 1000;

/** An unsigned JWT with these claims: the console reads claims; the API checks signatures. */
const jwt = (claims: Record<string, unknown>) => `${base64url(new TextEncoder().encode('{"alg":"RS256"}'))}.${base64url(new TextEncoder().encode(JSON.stringify(claims)))}.c2ln`;
const idClaims = (over: Record<string, unknown> = {}) => ({ iss: staff.issuer, aud: staff.clientId, sub: 'u-1', exp: nowS + 3600, iat: nowS, token_use: 'id', nonce: 'n-1', ...over });

function pending(over: Partial<PendingSignIn> = {}): PendingSignIn {
  return { provider: 'staff', state: 's-1', nonce: 'n-1', verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', redirectUri: 'https://d111.cloudfront.net/', startedAt: NOW.getTime() - 60_000, ...over };
}

/** A fetch that records each request and answers with `status` and `body`. */
function fakeFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit; form: URLSearchParams }[] = [];
  const fn: Fetch = async (url, init) => {
    calls.push({ url, init, form: new URLSearchParams(String(init.body)) });
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  };
  return { fn, calls };
}

const refusal = (f: () => unknown): SignInRefused => {
  try {
    f();
  } catch (err) {
    if (err instanceof SignInRefused) return err;
    throw err;
  }
  throw new Error('not refused');
};

describe('PKCE (RFC 7636)', () => {
  it('makes verifiers of 43 characters from the unreserved set, a new one each time', () => {
    const verifiers = Array.from({ length: 200 }, newVerifier);
    for (const v of verifiers) {
      expect(v).toHaveLength(43);
      expect(v).toMatch(/^[A-Za-z0-9\-._~]+$/);
      expect(VERIFIER_PATTERN.test(v)).toBe(true);
    }
    expect(new Set(verifiers).size).toBe(verifiers.length);
    expect(randomToken(64)).toHaveLength(86);
  });

  it('derives the S256 challenge of the RFC 7636 appendix B example', async () => {
    // The RFC's verifier is the base64url of these 32 octets, and its challenge that of their SHA-256 digest.
    const octets = [116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37, 77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121];
    expect(base64url(new Uint8Array(octets))).toBe('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk');
    expect(await challengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  });

  it('refuses a verifier outside 43-128 unreserved characters', async () => {
    await expect(challengeS256('short')).rejects.toThrow(/43-128/);
    await expect(challengeS256('a'.repeat(129))).rejects.toThrow(/43-128/);
    await expect(challengeS256(`${'a'.repeat(42)}+`)).rejects.toThrow(/43-128/);
    expect(await challengeS256('a'.repeat(128))).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('writes base64url without padding', () => {
    expect(base64url(new Uint8Array([0xfb, 0xff]))).toBe('-_8');
  });
});

describe('the providers a host offers', () => {
  it('with Cognito: staff then citizens, each at its managed login domain', () => {
    expect(providersOf(COGNITO).map((p) => p.id)).toEqual(['staff', 'citizens']);
    expect(staff).toMatchObject({
      clientId: 'staffclient',
      authorizeUrl: 'https://erp-prod-staff.auth.ap-east-1.amazoncognito.com/oauth2/authorize',
      tokenUrl: 'https://erp-prod-staff.auth.ap-east-1.amazoncognito.com/oauth2/token',
      revokeUrl: 'https://erp-prod-staff.auth.ap-east-1.amazoncognito.com/oauth2/revoke',
      logout: { url: 'https://erp-prod-staff.auth.ap-east-1.amazoncognito.com/logout', style: 'cognito' },
      scopes: ['openid', 'email', 'phone', 'profile'],
      claims: { groups: 'cognito:groups' },
    });
    // A trailing slash on the domain does not double up.
    expect(citizens.tokenUrl).toBe('https://erp-prod-citizens.auth.ap-east-1.amazoncognito.com/oauth2/token');
  });

  it('with OIDC: one, with the issuer endpoints and claim names as set', () => {
    expect(oidc).toMatchObject({ id: 'oidc', clientId: 'erp-console', tokenUrl: OIDC.kind === 'oidc' ? OIDC.tokenUrl : '', logout: { style: 'oidc' }, claims: { groups: 'roles' } });
    expect(oidc.revokeUrl).toBeUndefined();
    expect(providersOf({ kind: 'local', url: '/local/sign-in' })).toEqual([]);
  });

  it('lets the CSP allow exactly the token endpoints origins', () => {
    expect(signInOrigins(COGNITO)).toEqual(['https://erp-prod-staff.auth.ap-east-1.amazoncognito.com', 'https://erp-prod-citizens.auth.ap-east-1.amazoncognito.com']);
    expect(signInOrigins(OIDC)).toEqual(['https://login.example.cn']);
    expect(signInOrigins({ kind: 'none' })).toEqual([]);
  });
});

describe('the authorization request', () => {
  it('asks for a code with an S256 challenge of the verifier it keeps, a fresh state and nonce, and the language', async () => {
    const { url, pending: p } = await beginSignIn(staff, { redirectUri: 'https://d111.cloudfront.net/', returnTo: '/office/plans', lang: 'zh-CN', now: NOW });
    const u = new URL(url);
    expect(`${u.origin}${u.pathname}`).toBe(staff.authorizeUrl);
    const q = Object.fromEntries(u.searchParams);
    expect(q).toEqual({
      response_type: 'code',
      client_id: 'staffclient',
      redirect_uri: 'https://d111.cloudfront.net/',
      scope: 'openid email phone profile',
      state: p.state,
      nonce: p.nonce,
      code_challenge: await challengeS256(p.verifier),
      code_challenge_method: 'S256',
      lang: 'zh-CN',
    });
    expect(p).toMatchObject({ provider: 'staff', returnTo: '/office/plans', startedAt: NOW.getTime() });
    expect(p.state).not.toBe(p.nonce);
    const again = await beginSignIn(staff, { redirectUri: 'https://d111.cloudfront.net/', now: NOW });
    expect(again.pending.state).not.toBe(p.state);
    expect(again.pending.verifier).not.toBe(p.verifier);
    // OIDC issuers take the language as ui_locales.
    expect(new URL((await beginSignIn(oidc, { redirectUri: 'https://x/', lang: 'en', now: NOW })).url).searchParams.get('ui_locales')).toBe('en');
  });
});

describe('the answer from the provider', () => {
  it('gives the code when the state is the one sent', () => {
    expect(readCallback(new URLSearchParams('code=c-1&state=s-1'), pending(), NOW)).toBe('c-1');
  });

  it('refuses an answer whose state is not the one sent, and one with no state at all', () => {
    expect(refusal(() => readCallback(new URLSearchParams('code=c-1&state=forged'), pending(), NOW)).reason).toBe('state-mismatch');
    expect(refusal(() => readCallback(new URLSearchParams('code=c-1'), pending(), NOW)).reason).toBe('state-mismatch');
    // Even a provider error must carry the right state: anyone can write a query string.
    expect(refusal(() => readCallback(new URLSearchParams('error=access_denied&state=forged'), pending(), NOW)).reason).toBe('state-mismatch');
  });

  it('refuses an answer when no sign-in was started in this tab, or it was started too long ago', () => {
    expect(refusal(() => readCallback(new URLSearchParams('code=c-1&state=s-1'), null, NOW)).reason).toBe('no-pending');
    const old = pending({ startedAt: NOW.getTime() - PENDING_TTL_MS - 1 });
    expect(refusal(() => readCallback(new URLSearchParams('code=c-1&state=s-1'), old, NOW)).reason).toBe('expired');
  });

  it("passes on the provider's error code, but only a well-formed one", () => {
    const e = refusal(() => readCallback(new URLSearchParams('error=access_denied&error_description=nope&state=s-1'), pending(), NOW));
    expect(e).toMatchObject({ reason: 'provider-error', code: 'access_denied' });
    expect(refusal(() => readCallback(new URLSearchParams('error=<b>click here</b>&state=s-1'), pending(), NOW)).code).toBeUndefined();
    expect(refusal(() => readCallback(new URLSearchParams('state=s-1'), pending(), NOW)).reason).toBe('provider-error');
  });
});

describe('the token endpoint', () => {
  it('redeems the code as a public client: the verifier, the same redirect URI, no secret and no Authorization header', async () => {
    const { fn, calls } = fakeFetch(200, { id_token: 'id.t.k', access_token: 'a', refresh_token: 'r-1', token_type: 'Bearer', expires_in: 3600 });
    expect(await exchangeCode(staff, pending(), 'c-1', fn)).toEqual({ idToken: 'id.t.k', refreshToken: 'r-1' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe(staff.tokenUrl);
    expect(calls[0]!.init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect(calls[0]!.init.headers).toEqual({ 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
    expect(Object.fromEntries(calls[0]!.form)).toEqual({
      grant_type: 'authorization_code',
      client_id: 'staffclient',
      code: 'c-1',
      redirect_uri: 'https://d111.cloudfront.net/',
      code_verifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
    });
  });

  it('refreshes with the refresh token; keeps none when the answer rotates none', async () => {
    const { fn, calls } = fakeFetch(200, { id_token: 'id.t.2', access_token: 'a' });
    expect(await refreshTokens(staff, 'r-1', fn)).toEqual({ idToken: 'id.t.2' });
    expect(Object.fromEntries(calls[0]!.form)).toEqual({ grant_type: 'refresh_token', client_id: 'staffclient', refresh_token: 'r-1' });
  });

  it('says why it failed: refused (with the OAuth error), unreachable, or no ID token', async () => {
    await expect(exchangeCode(staff, pending(), 'c-1', fakeFetch(400, { error: 'invalid_grant' }).fn)).rejects.toMatchObject({ reason: 'token-endpoint', code: 'invalid_grant' });
    await expect(exchangeCode(staff, pending(), 'c-1', () => Promise.reject(new TypeError('Failed to fetch')))).rejects.toMatchObject({ reason: 'unreachable' });
    await expect(exchangeCode(staff, pending(), 'c-1', fakeFetch(200, { access_token: 'a' }).fn)).rejects.toMatchObject({ reason: 'id-token' });
  });

  it('revokes the refresh token at sign-out where the provider has a revocation endpoint', async () => {
    const { fn, calls } = fakeFetch(200, {});
    expect(await revoke(staff, 'r-1', fn)).toBe(true);
    expect(calls[0]!.url).toBe(staff.revokeUrl);
    expect(Object.fromEntries(calls[0]!.form)).toEqual({ token: 'r-1', token_type_hint: 'refresh_token', client_id: 'staffclient' });
    expect(await revoke(oidc, 'r-1', fn)).toBe(false);
    expect(await revoke(staff, 'r-1', () => Promise.reject(new TypeError('offline')))).toBe(false);
  });
});

describe('the ID token', () => {
  it('is accepted from this issuer, for this client, current, with the nonce sent', () => {
    expect(checkIdToken(jwt(idClaims()), staff, { now: NOW, nonce: 'n-1' })['sub']).toBe('u-1');
    expect(checkIdToken(jwt(idClaims({ aud: ['staffclient', 'erp-api'], azp: 'staffclient' })), staff, { now: NOW, nonce: 'n-1' })['sub']).toBe('u-1');
  });

  it.each([
    ['another issuer', { iss: citizens.issuer }],
    ['another client', { aud: 'citizenclient' }],
    ['several audiences, issued to another party', { aud: ['staffclient', 'other'], azp: 'other' }],
    ['an expired one', { exp: nowS - 3600 }],
    ['one issued in the future', { iat: nowS + 3600 }],
    ['another nonce', { nonce: 'n-2' }],
    ['no nonce', { nonce: undefined }],
    ['an access token', { token_use: 'access' }],
    ['no subject', { sub: '' }],
  ])('is refused: %s', (_name, over) => {
    expect(refusal(() => checkIdToken(jwt(idClaims(over)), staff, { now: NOW, nonce: 'n-1' })).reason).toBe('id-token');
  });

  it('after a refresh, must be for the person signed in', () => {
    expect(checkIdToken(jwt(idClaims({ nonce: undefined })), staff, { now: NOW, sub: 'u-1' })['sub']).toBe('u-1');
    expect(refusal(() => checkIdToken(jwt(idClaims({ sub: 'u-2' })), staff, { now: NOW, sub: 'u-1' })).reason).toBe('id-token');
    expect(refusal(() => checkIdToken('not-a-jwt', staff, { now: NOW })).reason).toBe('id-token');
  });

  it('is renewed five minutes before it expires, at once when that time has passed', () => {
    expect(refreshDelay(nowS + 3600, NOW.getTime())).toBe(55 * 60_000);
    expect(refreshDelay(nowS + 60, NOW.getTime())).toBe(0);
    expect(refreshDelay(nowS - 60, NOW.getTime())).toBe(0);
  });
});

describe('signing out at the provider', () => {
  it("sends Cognito's /logout the client and the console's address; an OIDC issuer the ID token hint too", () => {
    const c = new URL(logoutUrl(staff, 'id.t.k', 'https://d111.cloudfront.net/')!);
    expect(`${c.origin}${c.pathname}`).toBe('https://erp-prod-staff.auth.ap-east-1.amazoncognito.com/logout');
    expect(Object.fromEntries(c.searchParams)).toEqual({ client_id: 'staffclient', logout_uri: 'https://d111.cloudfront.net/' });
    const o = new URL(logoutUrl(oidc, 'id.t.k', 'https://d111.cloudfront.net/')!);
    expect(Object.fromEntries(o.searchParams)).toEqual({ client_id: 'erp-console', post_logout_redirect_uri: 'https://d111.cloudfront.net/', id_token_hint: 'id.t.k' });
    expect(logoutUrl({ ...oidc, logout: undefined } as Provider, 'id.t.k', 'https://x/')).toBeUndefined();
  });
});
