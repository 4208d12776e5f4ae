// Who is signed in: the ID token kept for this browser tab (sessionStorage) and the claims read from it for display
// and navigation. The API verifies the token; the console only reads it. Where sign-in goes through Cognito managed
// login or an OIDC issuer (auth/managed-login.ts), the refresh token and the provider that issued both are kept beside
// it, and forgotten with it.
import { jwtPayload } from './auth/oauth.ts';
import { COGNITO_CLAIMS, type ClaimNames } from './auth/settings.ts';
import { config } from './config.ts';
import { store } from './store.ts';
import type { GovLevel, Role } from './api/types.ts';

export const TOKEN_KEY = 'erp.token';
/** The refresh token of a managed or OIDC sign-in (none for the local host's tokens). */
export const REFRESH_KEY = 'erp.refresh';
/** Which provider (`staff`, `citizens`, `oidc`) issued the tokens: refresh and sign-out go back to it. */
export const PROVIDER_KEY = 'erp.provider';

export interface Session {
  token: string;
  sub: string;
  roles: Role[];
  division?: string;
  level?: GovLevel;
  orgId?: string;
  /** Seconds since the epoch. */
  exp?: number;
}

/** The claim names of this host's tokens: Cognito's (also the local host's), or the OIDC issuer's from /config.json. */
function claimNames(): ClaimNames {
  const signIn = config.get().signIn;
  return signIn.kind === 'oidc' ? signIn.claims : COGNITO_CLAIMS;
}

function decode(token: string, names: ClaimNames = claimNames()): Session | null {
  const claims = jwtPayload(token);
  if (!claims) return null;
  const groups = claims[names.groups];
  const roles = (Array.isArray(groups) ? groups.map(String) : String(groups ?? '').split(',')).filter(Boolean) as Role[];
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] : undefined;
  if (exp !== undefined && exp * 1000 < Date.now()) return null;
  const s: Session = { token, sub: String(claims['sub'] ?? ''), roles };
  if (claims[names.division]) s.division = String(claims[names.division]);
  if (claims[names.level]) s.level = String(claims[names.level]) as GovLevel;
  if (claims[names.org]) s.orgId = String(claims[names.org]);
  if (exp !== undefined) s.exp = exp;
  return s;
}

function load(): Session | null {
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    return token ? decode(token) : null;
  } catch {
    return null;
  }
}

export const session = store<Session | null>(load());

/** Forgets the tokens in this tab (the provider's own session is ended by auth/managed-login.ts signOutEverywhere). */
export function signOut(): void {
  try {
    for (const key of [TOKEN_KEY, REFRESH_KEY, PROVIDER_KEY]) sessionStorage.removeItem(key);
  } catch {
    /* nothing kept */
  }
  session.set(null);
}

/** Reads the token again (an expired one counts as signed out). */
export function refreshSession(): Session | null {
  const s = load();
  session.set(s);
  return s;
}

export const hasRole = (s: Session | null, role: Role) => !!s && s.roles.includes(role);
