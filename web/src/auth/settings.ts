// How a host tells the console to sign people in (the `signIn` member of /config.json). One definition for both sides:
// the CDK console stack and the local host write it, the console reads it. Pure: no DOM, no I/O.

/** The scopes the console asks for, and the only ones its Cognito app clients allow. */
export const CONSOLE_SCOPES = ['openid', 'email', 'phone', 'profile'] as const;

/** Which claims of the ID token carry the platform's roles and attributes (an OIDC issuer's names; Cognito's below). */
export interface ClaimNames {
  groups: string;
  division: string;
  level: string;
  org: string;
}

export const COGNITO_CLAIMS: ClaimNames = { groups: 'cognito:groups', division: 'custom:division', level: 'custom:gov_level', org: 'custom:org_id' };

/** One Cognito user pool as the console needs it: its managed login domain and the console's app client there. */
export interface CognitoPoolSettings {
  /** `https://cognito-idp.<region>.amazonaws.com/<poolId>`: the exact `iss` of its tokens. */
  issuer: string;
  userPoolId: string;
  /** The console's public app client (no secret; authorization code grant with PKCE). */
  clientId: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: managed login, /oauth2/authorize, /oauth2/token, /logout. */
  domain: string;
}

/** The user pools by who signs in there: staff (offices, organisations, auditors; MFA required) and citizens. */
export type PoolName = 'staff' | 'citizens';

export type SignInSettings =
  /** The local host's sign-in page (never deployed). */
  | { kind: 'local'; url: string }
  /** No sign-in on this host (an OIDC deployment without the console's client settings). */
  | { kind: 'none' }
  /** Cognito managed login, one pool for staff and one for citizens. */
  | { kind: 'cognito'; pools: Record<PoolName, CognitoPoolSettings> }
  /** An external OIDC issuer (regions without Cognito user pools). */
  | {
      kind: 'oidc';
      issuer: string;
      clientId: string;
      authorizeUrl: string;
      tokenUrl: string;
      /** The issuer's end_session_endpoint; without one, signing out forgets the tokens in this tab only. */
      logoutUrl?: string;
      /** RFC 7009 revocation endpoint: the refresh token is revoked on sign-out when set. */
      revokeUrl?: string;
      scopes: string[];
      claims: ClaimNames;
    };

/**
 * The origins the console fetches from to sign in (token and revocation endpoints), for the CSP's connect-src.
 * Cognito's endpoints sit at the domain itself; the CDK passes the domain's URL, which may be a deploy-time token.
 */
export function signInOrigins(s: SignInSettings): string[] {
  if (s.kind === 'cognito') return [s.pools.staff.domain, s.pools.citizens.domain].map((d) => d.replace(/\/+$/, ''));
  if (s.kind === 'oidc') return [...new Set([s.tokenUrl, ...(s.revokeUrl ? [s.revokeUrl] : [])].map((u) => new URL(u).origin))];
  return [];
}
