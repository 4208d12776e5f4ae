// The authorization code flow with PKCE (RFC 6749, RFC 7636, OpenID Connect Core) as the console runs it, against
// Cognito managed login or an external OIDC issuer: the authorization request, the checks on the way back (state
// first, so a forged answer is refused before anything is sent), the code exchange and refresh at the token endpoint,
// the ID token's checks, revocation and the logout address. Pure but for the `fetch` passed in; no DOM.
import { challengeS256, newVerifier, randomToken } from './pkce.ts';
import { COGNITO_CLAIMS, CONSOLE_SCOPES, type ClaimNames, type PoolName, type SignInSettings } from './settings.ts';

export type ProviderId = PoolName | 'oidc';

/** Where and how one identity provider signs people in for the console. */
export interface Provider {
  id: ProviderId;
  issuer: string;
  clientId: string;
  authorizeUrl: string;
  tokenUrl: string;
  revokeUrl?: string;
  /** Cognito's /logout takes `logout_uri`; OIDC RP-initiated logout takes `post_logout_redirect_uri` and `id_token_hint`. */
  logout?: { url: string; style: 'cognito' | 'oidc' };
  scopes: readonly string[];
  claims: ClaimNames;
  /** The parameter that asks for the sign-in page's language: Cognito managed login's `lang`, OIDC's `ui_locales`. */
  localeParam: 'lang' | 'ui_locales';
}

/** The providers a host's settings offer, staff before citizens. */
export function providersOf(s: SignInSettings): Provider[] {
  if (s.kind === 'cognito') {
    return (['staff', 'citizens'] as const).map((id) => {
      const pool = s.pools[id];
      const domain = pool.domain.replace(/\/+$/, '');
      return {
        id,
        issuer: pool.issuer,
        clientId: pool.clientId,
        authorizeUrl: `${domain}/oauth2/authorize`,
        tokenUrl: `${domain}/oauth2/token`,
        revokeUrl: `${domain}/oauth2/revoke`,
        logout: { url: `${domain}/logout`, style: 'cognito' },
        scopes: CONSOLE_SCOPES,
        claims: COGNITO_CLAIMS,
        localeParam: 'lang',
      };
    });
  }
  if (s.kind === 'oidc') {
    return [
      {
        id: 'oidc',
        issuer: s.issuer,
        clientId: s.clientId,
        authorizeUrl: s.authorizeUrl,
        tokenUrl: s.tokenUrl,
        ...(s.revokeUrl ? { revokeUrl: s.revokeUrl } : {}),
        ...(s.logoutUrl ? { logout: { url: s.logoutUrl, style: 'oidc' as const } } : {}),
        scopes: s.scopes,
        claims: s.claims,
        localeParam: 'ui_locales',
      },
    ];
  }
  return [];
}

/** What the tab keeps between sending the person to sign in and their return: never sent anywhere but the token endpoint. */
export interface PendingSignIn {
  provider: ProviderId;
  state: string;
  nonce: string;
  verifier: string;
  redirectUri: string;
  /** The console route to open once signed in. */
  returnTo?: string;
  /** Milliseconds since the epoch. */
  startedAt: number;
}

/** A sign-in left unfinished this long is refused on return (the managed login session itself lasts 10 minutes). */
export const PENDING_TTL_MS = 15 * 60_000;
/** The ID token is renewed this long before it expires. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/** Clocks of browser and issuer may differ by this much. */
export const CLOCK_SKEW_S = 300;

export type RefusalReason = 'no-pending' | 'expired' | 'state-mismatch' | 'provider-error' | 'token-endpoint' | 'unreachable' | 'id-token' | 'failed';

/** Why a sign-in (or a refresh) was not accepted. `code` is the OAuth error code, when the provider sent one. */
export class SignInRefused extends Error {
  readonly reason: RefusalReason;
  readonly code: string | undefined;
  constructor(reason: RefusalReason, message: string, code?: string) {
    super(message);
    this.name = 'SignInRefused';
    this.reason = reason;
    // Only a well-formed error code is kept: it is shown on the page, and the query string is anyone's to write.
    this.code = code !== undefined && /^[\w.-]{1,64}$/.test(code) ? code : undefined;
  }
}

/** The authorization request's address and what to keep until the person comes back. */
export async function beginSignIn(
  p: Provider,
  opts: { redirectUri: string; returnTo?: string; lang?: string; now: Date },
): Promise<{ url: string; pending: PendingSignIn }> {
  const pending: PendingSignIn = {
    provider: p.id,
    state: randomToken(),
    nonce: randomToken(),
    verifier: newVerifier(),
    redirectUri: opts.redirectUri,
    ...(opts.returnTo ? { returnTo: opts.returnTo } : {}),
    startedAt: opts.now.getTime(),
  };
  const url = new URL(p.authorizeUrl);
  const q = url.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', p.clientId);
  q.set('redirect_uri', pending.redirectUri);
  q.set('scope', p.scopes.join(' '));
  q.set('state', pending.state);
  q.set('nonce', pending.nonce);
  q.set('code_challenge', await challengeS256(pending.verifier));
  q.set('code_challenge_method', 'S256');
  if (opts.lang) q.set(p.localeParam, opts.lang);
  return { url: url.toString(), pending };
}

/** True when the address the browser came back to is an authorization response (a code, or an error, with state). */
export function isAuthorizationResponse(params: URLSearchParams): boolean {
  return params.has('state') || params.has('code') || params.has('error');
}

/**
 * The code from an authorization response, or why it is refused: no sign-in started in this tab, a state that is not
 * the one sent (a forged or replayed answer), a sign-in left too long, or the provider's own error.
 */
export function readCallback(params: URLSearchParams, pending: PendingSignIn | null, now: Date): string {
  if (!pending) throw new SignInRefused('no-pending', 'no sign-in was started in this tab');
  if (params.get('state') !== pending.state) throw new SignInRefused('state-mismatch', 'the state of the answer is not the one sent');
  if (now.getTime() - pending.startedAt > PENDING_TTL_MS) throw new SignInRefused('expired', 'the sign-in was started too long ago');
  const error = params.get('error');
  if (error !== null) throw new SignInRefused('provider-error', 'the provider refused the sign-in', error);
  const code = params.get('code');
  if (!code) throw new SignInRefused('provider-error', 'the answer carries no code');
  return code;
}

export type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export interface Tokens {
  idToken: string;
  /** Absent when a refresh does not rotate it: the one held stays valid. */
  refreshToken?: string;
}

async function tokenRequest(p: Provider, form: Record<string, string>, fetchFn: Fetch): Promise<Tokens> {
  let res: Response;
  try {
    res = await fetchFn(p.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch {
    throw new SignInRefused('unreachable', 'the token endpoint could not be reached');
  }
  let json: Record<string, unknown> = {};
  try {
    json = (await res.json()) as Record<string, unknown>;
  } catch {
    /* not JSON: judged by the status below */
  }
  if (!res.ok) throw new SignInRefused('token-endpoint', `the token endpoint answered ${res.status}`, typeof json['error'] === 'string' ? json['error'] : undefined);
  const idToken = json['id_token'];
  if (typeof idToken !== 'string' || !idToken) throw new SignInRefused('id-token', 'the token endpoint sent no ID token');
  const refreshToken = json['refresh_token'];
  return { idToken, ...(typeof refreshToken === 'string' && refreshToken ? { refreshToken } : {}) };
}

/** Redeems the code with the verifier; a public client, so no secret and no Authorization header. */
export function exchangeCode(p: Provider, pending: PendingSignIn, code: string, fetchFn: Fetch): Promise<Tokens> {
  return tokenRequest(p, { grant_type: 'authorization_code', client_id: p.clientId, code, redirect_uri: pending.redirectUri, code_verifier: pending.verifier }, fetchFn);
}

export function refreshTokens(p: Provider, refreshToken: string, fetchFn: Fetch): Promise<Tokens> {
  return tokenRequest(p, { grant_type: 'refresh_token', client_id: p.clientId, refresh_token: refreshToken }, fetchFn);
}

/** RFC 7009: the refresh token stops working at once. Best effort: false when the endpoint could not be reached or refused. */
export async function revoke(p: Provider, refreshToken: string, fetchFn: Fetch): Promise<boolean> {
  if (!p.revokeUrl) return false;
  try {
    const res = await fetchFn(p.revokeUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: refreshToken, token_type_hint: 'refresh_token', client_id: p.clientId }).toString(),
      credentials: 'omit',
      cache: 'no-store',
    });
    return res.ok;
  } catch {
    return false;
  }
}

/** The claims of a JWT, read without checking its signature (the API checks that); null when it is not a JWT. */
export function jwtPayload(token: string): Record<string, unknown> | null {
  try {
    const part = token.split('.')[1];
    if (!part) return null;
    const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)))) as unknown;
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/**
 * OpenID Connect Core 3.1.3.7: the ID token is for this client (aud, azp), from this issuer, current, and (after a
 * code exchange) carries the nonce sent. Its signature is not checked here: it came straight from the token endpoint
 * over TLS (which the same section allows), and the API verifies it on every call. After a refresh, the subject must
 * be the one signed in.
 */
export function checkIdToken(idToken: string, p: Provider, opts: { now: Date; nonce?: string; sub?: string }): Record<string, unknown> {
  const refuse = (why: string): never => {
    throw new SignInRefused('id-token', why);
  };
  const c = jwtPayload(idToken) ?? refuse('the ID token is not a JWT');
  const now = opts.now.getTime() / 1000;
  if (c['iss'] !== p.issuer) refuse('the ID token is from another issuer');
  const aud = c['aud'];
  const auds = Array.isArray(aud) ? aud : [aud];
  if (!auds.includes(p.clientId)) refuse('the ID token is for another client');
  if (auds.length > 1 && c['azp'] !== p.clientId) refuse('the ID token was issued to another party');
  if (typeof c['exp'] !== 'number' || c['exp'] <= now - CLOCK_SKEW_S) refuse('the ID token has expired');
  if (typeof c['iat'] === 'number' && c['iat'] > now + CLOCK_SKEW_S) refuse('the ID token is issued in the future');
  if (c['token_use'] !== undefined && c['token_use'] !== 'id') refuse('the token is not an ID token');
  if (typeof c['sub'] !== 'string' || !c['sub']) refuse('the ID token names no subject');
  if (opts.nonce !== undefined && c['nonce'] !== opts.nonce) refuse('the ID token does not carry the nonce sent');
  if (opts.sub !== undefined && c['sub'] !== opts.sub) refuse('the refreshed ID token is for someone else');
  return c;
}

/** Milliseconds until the token should be renewed: REFRESH_MARGIN_MS before its `exp` (seconds), never negative. */
export function refreshDelay(exp: number, nowMs: number): number {
  return Math.max(0, exp * 1000 - REFRESH_MARGIN_MS - nowMs);
}

/** Where to send the browser to end the provider's session too, coming back to `redirectUri`; undefined without one. */
export function logoutUrl(p: Provider, idToken: string | null, redirectUri: string): string | undefined {
  if (!p.logout) return undefined;
  const url = new URL(p.logout.url);
  url.searchParams.set('client_id', p.clientId);
  if (p.logout.style === 'cognito') {
    url.searchParams.set('logout_uri', redirectUri);
  } else {
    url.searchParams.set('post_logout_redirect_uri', redirectUri);
    if (idToken) url.searchParams.set('id_token_hint', idToken);
  }
  return url.toString();
}
