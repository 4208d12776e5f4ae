// Sign-in through Cognito managed login (staff or citizen pool) or the deployment's OIDC issuer, in this tab: sends
// the person to the provider with a PKCE challenge, finishes when the browser comes back to `/` with a code, keeps the
// ID token fresh with the refresh token, and signs out at the provider. The tokens live in sessionStorage (this tab
// only, gone when it closes); the local host's own sign-in page (infra/local/console.ts) does not come through here.
import { config } from '../config.ts';
import { language } from '../i18n/index.ts';
import { navigate } from '../router.ts';
import { PROVIDER_KEY, REFRESH_KEY, refreshSession, session, signOut, TOKEN_KEY } from '../session.ts';
import { store } from '../store.ts';
import type { Role } from '../api/types.ts';
import {
  beginSignIn,
  checkIdToken,
  exchangeCode,
  isAuthorizationResponse,
  jwtPayload,
  logoutUrl,
  providersOf,
  readCallback,
  refreshDelay,
  refreshTokens,
  revoke,
  SignInRefused,
  type Fetch,
  type PendingSignIn,
  type Provider,
  type ProviderId,
  type RefusalReason,
  type Tokens,
} from './oauth.ts';

const PENDING_KEY = 'erp.signIn.pending';
/** After a refresh that never got an answer (offline), try again this much later. */
const RETRY_MS = 30_000;

/** Why the last sign-in in this tab did not complete, for the sign-in page to say. */
export const signInProblem = store<{ reason: RefusalReason; code?: string } | null>(null);

const fetchFn: Fetch = (input, init) => fetch(input, init);
const redirectUri = () => `${location.origin}/`;

export function providers(): Provider[] {
  return providersOf(config.get().signIn);
}

const providerById = (id: string | null): Provider | undefined => providers().find((p) => p.id === id);

const HOME: Partial<Record<Role, string>> = { office: '/office', org: '/org', citizen: '/citizen' };

/** The page a person lands on after signing in: their area's home, or the public warnings. */
export function homeFor(roles: readonly Role[]): string {
  for (const r of roles) if (HOME[r]) return HOME[r];
  return '/';
}

function read(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

/** The pending sign-in, removed as it is read: an answer is accepted at most once. */
function takePending(): PendingSignIn | null {
  const raw = read(PENDING_KEY);
  try {
    sessionStorage.removeItem(PENDING_KEY);
  } catch {
    /* storage off: nothing was kept either */
  }
  if (!raw) return null;
  try {
    return JSON.parse(raw) as PendingSignIn;
  } catch {
    return null;
  }
}

/**
 * Opens a console route in place of the provider's answer in the history, before the shell renders: the router's
 * location is set at once (replaceState fires no hashchange), so the first render already shows that page.
 */
function land(path: string): void {
  history.replaceState(null, '', `${location.pathname}#${path}`);
  navigate(path);
}

/** Sends the browser to the provider's sign-in page. `returnTo` is the console route to open afterwards. */
export async function startSignIn(id: ProviderId, returnTo?: string): Promise<void> {
  const p = providerById(id);
  if (!p) throw new Error(`no sign-in provider ${id} on this host`);
  const safeReturn = returnTo && /^\/(?!\/)/.test(returnTo) && returnTo !== '/sign-in' ? returnTo : undefined;
  const { url, pending } = await beginSignIn(p, { redirectUri: redirectUri(), ...(safeReturn ? { returnTo: safeReturn } : {}), lang: language.get().lang, now: new Date() });
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  signInProblem.set(null);
  location.assign(url);
}

function keep(p: Provider, tokens: Tokens): void {
  sessionStorage.setItem(TOKEN_KEY, tokens.idToken);
  if (tokens.refreshToken) sessionStorage.setItem(REFRESH_KEY, tokens.refreshToken);
  sessionStorage.setItem(PROVIDER_KEY, p.id);
  refreshSession();
  keepFresh();
}

/**
 * On start: if the browser came back from the provider (`/?code=...&state=...` or `?error=...`), checks the answer
 * against the sign-in this tab started, redeems the code and opens the page asked for. A refused answer leaves any
 * existing session as it was and says why on the sign-in page.
 */
export async function finishSignIn(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (!isAuthorizationResponse(params)) return;
  const pending = takePending();
  // The code is single-use; still, it has no place in the address bar or the history.
  history.replaceState(null, '', `${location.pathname}${location.hash}`);
  try {
    const code = readCallback(params, pending, new Date());
    const p = providerById(pending!.provider);
    if (!p) throw new SignInRefused('no-pending', 'the provider of this sign-in is not offered here');
    const tokens = await exchangeCode(p, pending!, code, fetchFn);
    checkIdToken(tokens.idToken, p, { now: new Date(), nonce: pending!.nonce });
    keep(p, tokens);
    signInProblem.set(null);
    land(pending!.returnTo ?? homeFor(session.get()?.roles ?? []));
  } catch (err) {
    // Anything else (storage full or off) still ends on the sign-in page, never on a blank console.
    const refused = err instanceof SignInRefused ? err : new SignInRefused('failed', (err as Error).message);
    signInProblem.set({ reason: refused.reason, ...(refused.code ? { code: refused.code } : {}) });
    land('/sign-in');
  }
}

let timer: ReturnType<typeof setTimeout> | undefined;

async function renew(): Promise<void> {
  const refresh = read(REFRESH_KEY);
  const p = providerById(read(PROVIDER_KEY));
  const current = read(TOKEN_KEY);
  if (!refresh || !p || !current) return;
  const sub = jwtPayload(current)?.['sub'];
  try {
    const tokens = await refreshTokens(p, refresh, fetchFn);
    checkIdToken(tokens.idToken, p, { now: new Date(), ...(typeof sub === 'string' ? { sub } : {}) });
    // Another sign-in or a sign-out may have happened while the refresh was under way.
    if (read(REFRESH_KEY) !== refresh) return;
    keep(p, tokens);
  } catch (err) {
    if (err instanceof SignInRefused && err.reason === 'unreachable') {
      timer = setTimeout(() => void renew(), RETRY_MS);
      return;
    }
    // Refused (revoked, expired, another user): the refresh token is no use; the session ends with its ID token.
    try {
      sessionStorage.removeItem(REFRESH_KEY);
    } catch {
      /* nothing kept */
    }
  }
}

/** Schedules the renewal of the ID token REFRESH_MARGIN_MS before it expires (at once when it is due or past). */
export function keepFresh(): void {
  clearTimeout(timer);
  const token = read(TOKEN_KEY);
  if (!token || !read(REFRESH_KEY)) return;
  const exp = jwtPayload(token)?.['exp'];
  if (typeof exp !== 'number') return;
  timer = setTimeout(() => void renew(), refreshDelay(exp, Date.now()));
}

/** Timers stop in a sleeping laptop or a background tab: look again when the page is back or the network returns. */
export function wireRefresh(): void {
  keepFresh();
  addEventListener('online', keepFresh);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') keepFresh();
  });
}

/** Signs out here and at the provider: revokes the refresh token, forgets the tokens, then ends the provider's session. */
export async function signOutEverywhere(): Promise<void> {
  clearTimeout(timer);
  const p = providerById(read(PROVIDER_KEY));
  const idToken = read(TOKEN_KEY);
  const refresh = read(REFRESH_KEY);
  signOut();
  if (!p) {
    navigate('/');
    return;
  }
  if (refresh) await revoke(p, refresh, fetchFn);
  const url = logoutUrl(p, idToken, redirectUri());
  if (url) location.assign(url);
  else navigate('/');
}
