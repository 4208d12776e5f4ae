// Which claims of an external OIDC issuer's ID token become the claims the API reads (shared/http/principal.ts), named
// as the Cognito authorizer names them. Shared by the authorizer and the CDK app, which passes the map as a setting.

/** The claims the API reads besides `sub`, under the names Cognito gives them. */
export const PLATFORM_CLAIMS = [
  'cognito:groups',
  'custom:division',
  'custom:gov_level',
  'custom:org_id',
  'custom:id_number',
  'phone_number',
  'phone_number_verified',
] as const;

export type PlatformClaim = (typeof PLATFORM_CLAIMS)[number];

/** For each platform claim, the name of the issuer's claim that carries it. */
export type ClaimMap = Record<PlatformClaim, string>;

/**
 * What a generic OIDC issuer is assumed to send: `groups` (the common name for group membership) and the platform's
 * attributes without Cognito's `custom:` prefix; phone claims are standard OIDC. Deployments override any of them.
 */
export const DEFAULT_CLAIM_MAP: ClaimMap = {
  'cognito:groups': 'groups',
  'custom:division': 'division',
  'custom:gov_level': 'gov_level',
  'custom:org_id': 'org_id',
  'custom:id_number': 'id_number',
  phone_number: 'phone_number',
  phone_number_verified: 'phone_number_verified',
};

/** The default map with `overrides` (a JSON object of platform claim -> issuer claim) applied; unknown keys are refused. */
export function claimMapFrom(overrides: string | Record<string, unknown> | undefined): ClaimMap {
  if (overrides === undefined || overrides === '') return { ...DEFAULT_CLAIM_MAP };
  let parsed: unknown;
  try {
    parsed = typeof overrides === 'string' ? JSON.parse(overrides) : overrides;
  } catch {
    throw new Error('the OIDC claim map must be a JSON object, e.g. {"cognito:groups":"roles"}');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the OIDC claim map must be a JSON object');
  const map: ClaimMap = { ...DEFAULT_CLAIM_MAP };
  for (const [key, value] of Object.entries(parsed)) {
    if (!(PLATFORM_CLAIMS as readonly string[]).includes(key)) {
      throw new Error(`the OIDC claim map names ${JSON.stringify(key)}, which is none of ${PLATFORM_CLAIMS.join(', ')}`);
    }
    if (typeof value !== 'string' || !/^[\w:.\-/]{1,128}$/.test(value)) throw new Error(`the OIDC claim map gives ${key} an invalid claim name`);
    map[key as PlatformClaim] = value;
  }
  return map;
}
