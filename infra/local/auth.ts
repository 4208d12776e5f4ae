// Local stand-in for the Cognito user pool: HS256 tokens signed with a key kept under LOCAL_DATA_DIR.
// The server verifies them and passes the claims on as the Cognito authorizer does (all values strings).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { GOV_LEVELS, type GovLevel } from '../../shared/domain/division.ts';
import { ROLES, type Role } from '../../shared/domain/actor.ts';
import { isResidentId, normaliseResidentId, toE164Mobile } from '../../shared/pii/identifiers.ts';

export const ISSUER = 'urn:emergency-platform:local';
export const AUDIENCE = 'emergency-platform-api';

export function loadOrCreateSecret(dataDir: string): Uint8Array {
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
}

export interface TokenSpec {
  sub: string;
  roles: Role[];
  division?: string;
  level?: GovLevel;
  orgId?: string;
  /** `phone_number` in E.164, and whether the identity provider verified it (`phone_number_verified`), as Cognito has them. */
  phone?: string;
  phoneVerified?: boolean;
  /** `custom:id_number`: the resident ID number the identity provider verified (citizens). */
  idNumber?: string;
  expiresIn?: string;
}

export async function signToken(spec: TokenSpec, secret: Uint8Array): Promise<string> {
  const claims: Record<string, string | boolean> = { 'cognito:groups': spec.roles.join(','), token_use: 'id' };
  if (spec.division) claims['custom:division'] = spec.division;
  if (spec.level) claims['custom:gov_level'] = spec.level;
  if (spec.orgId) claims['custom:org_id'] = spec.orgId;
  if (spec.idNumber) claims['custom:id_number'] = spec.idNumber;
  if (spec.phone) {
    claims['phone_number'] = spec.phone;
    claims['phone_number_verified'] = spec.phoneVerified === true;
  }
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(spec.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(spec.expiresIn ?? '12h')
    .sign(secret);
}

/** A token signed on another machine may carry a clock a little ahead of this one; expiry allows no skew. */
export const CLOCK_SKEW_SECONDS = 60;

/** Why a bearer token was not accepted: none sent, not a JWT at all, past its `exp`, or not ours (signature, claims). */
export type TokenRefusal = 'missing' | 'malformed' | 'expired' | 'invalid';

/**
 * Verified claims as strings, or why there are none: a missing, malformed, expired, unsigned or tampered token, or one
 * that is not an ID token as Cognito issues them (`exp` and `iat` present, `iat` not in the future, `token_use` "id").
 */
export async function checkBearer(
  authorization: string | undefined,
  secret: Uint8Array,
  now: Date = new Date(),
): Promise<{ claims: Record<string, string> } | { refused: TokenRefusal }> {
  const m = /^Bearer\s+(.*)$/i.exec(authorization ?? '');
  if (!m) return { refused: 'missing' };
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(m[1]!.trim())) return { refused: 'malformed' };
  try {
    const { payload } = await jwtVerify(m[1]!.trim(), secret, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['exp', 'iat', 'sub', 'token_use'],
      currentDate: now,
    });
    if (typeof payload.iat !== 'number' || payload.iat > now.getTime() / 1000 + CLOCK_SKEW_SECONDS) return { refused: 'invalid' };
    if (payload['token_use'] !== 'id') return { refused: 'invalid' };
    const claims: Record<string, string> = {};
    for (const [k, v] of Object.entries(payload)) claims[k] = Array.isArray(v) ? v.join(',') : String(v);
    return { claims };
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (code === 'ERR_JWT_EXPIRED') return { refused: 'expired' };
    // Parts that are not base64url JSON: a broken token, not a forged one.
    if (code === 'ERR_JWS_INVALID' || code === 'ERR_JWT_INVALID') return { refused: 'malformed' };
    return { refused: 'invalid' };
  }
}

/** Verified claims as strings, or undefined for any token checkBearer refuses. */
export async function verifyBearer(authorization: string | undefined, secret: Uint8Array, now: Date = new Date()): Promise<Record<string, string> | undefined> {
  const r = await checkBearer(authorization, secret, now);
  return 'claims' in r ? r.claims : undefined;
}

export function parseTokenArgs(argv: string[]): TokenSpec {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`Unexpected argument ${a}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    // A switch without a value.
    if (k === 'phone-verified' && inline === undefined) {
      args.set(k, 'true');
      continue;
    }
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    args.set(k, v);
  }
  for (const k of args.keys()) if (!['role', 'division', 'level', 'org', 'sub', 'expires', 'phone', 'phone-verified', 'id-number'].includes(k)) throw new Error(`Unknown option --${k}`);
  const roles = (args.get('role') ?? '').split(',').filter(Boolean);
  if (roles.length === 0 || !roles.every((r) => (ROLES as readonly string[]).includes(r))) {
    throw new Error(`--role must be one or more of ${ROLES.join(', ')}`);
  }
  const level = args.get('level');
  if (level !== undefined && !(GOV_LEVELS as readonly string[]).includes(level)) throw new Error(`--level must be one of ${GOV_LEVELS.join(', ')}`);
  if (roles.includes('office') && (!args.get('division') || !level)) throw new Error('an office token needs --division and --level');
  if (roles.includes('org') && !args.get('org')) throw new Error('an org token needs --org');
  const spec: TokenSpec = { sub: args.get('sub') ?? `local-${roles[0]}-${args.get('division') ?? args.get('org') ?? 'user'}`, roles: roles as Role[] };
  if (args.get('division')) spec.division = args.get('division')!;
  if (level) spec.level = level as GovLevel;
  if (args.get('org')) spec.orgId = args.get('org')!;
  if (args.get('expires')) spec.expiresIn = args.get('expires')!;
  const phone = args.get('phone');
  if (phone !== undefined) {
    // Cognito keeps phone numbers in E.164; a mainland number may be given in any usual spelling.
    const e164 = toE164Mobile(phone) ?? (/^\+\d{6,15}$/.test(phone) ? phone : undefined);
    if (!e164) throw new Error('--phone must be a phone number in E.164 (+8613812345678) or a mainland mobile number');
    spec.phone = e164;
  }
  const idNumber = args.get('id-number');
  if (idNumber !== undefined) {
    if (!isResidentId(idNumber, new Date())) throw new Error('--id-number must be an 18-character resident ID number with a valid check digit');
    spec.idNumber = normaliseResidentId(idNumber);
  }
  const verified = args.get('phone-verified');
  if (verified !== undefined) {
    if (verified !== 'true' && verified !== 'false') throw new Error('--phone-verified takes no value, or =true / =false');
    if (!phone) throw new Error('--phone-verified needs --phone');
    spec.phoneVerified = verified === 'true';
  }
  return spec;
}

/**
 * checkBearer with the results of accepted tokens kept, as API Gateway's Cognito authorizer caches them (five minutes
 * by default): a token seen before is not verified again until its `exp`. Only acceptances are kept, per token and per
 * secret, and a kept token is still judged against the clock (expiry, `iat` skew) on every use.
 */
export function cachedBearerCheck(secret: Uint8Array, ttlSeconds = 300, max = 10_000) {
  const accepted = new Map<string, { claims: Record<string, string>; exp: number; iat: number; until: number }>();
  return async (authorization: string | undefined, now: Date = new Date()): ReturnType<typeof checkBearer> => {
    const token = /^Bearer\s+(.*)$/i.exec(authorization ?? '')?.[1]?.trim();
    const seconds = now.getTime() / 1000;
    const hit = token ? accepted.get(token) : undefined;
    if (hit && seconds < hit.exp && seconds < hit.until && hit.iat <= seconds + CLOCK_SKEW_SECONDS) return { claims: hit.claims };
    const checked = await checkBearer(authorization, secret, now);
    if (token && 'claims' in checked) {
      if (accepted.size >= max) accepted.clear();
      accepted.set(token, { claims: checked.claims, exp: Number(checked.claims['exp']), iat: Number(checked.claims['iat']), until: seconds + ttlSeconds });
    }
    return checked;
  };
}
