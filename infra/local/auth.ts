// Local stand-in for the Cognito user pool: HS256 tokens signed with a key kept under LOCAL_DATA_DIR.
// The server verifies them and passes the claims on as the Cognito authorizer does (all values strings).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';
import { GOV_LEVELS, type GovLevel } from '../../shared/domain/division.ts';
import { ROLES, type Role } from '../../shared/domain/actor.ts';

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
  expiresIn?: string;
}

export async function signToken(spec: TokenSpec, secret: Uint8Array): Promise<string> {
  const claims: Record<string, string> = { 'cognito:groups': spec.roles.join(','), token_use: 'id' };
  if (spec.division) claims['custom:division'] = spec.division;
  if (spec.level) claims['custom:gov_level'] = spec.level;
  if (spec.orgId) claims['custom:org_id'] = spec.orgId;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(spec.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(spec.expiresIn ?? '12h')
    .sign(secret);
}

/** Verified claims as strings, or undefined for a missing, unsigned, expired or tampered token. */
export async function verifyBearer(authorization: string | undefined, secret: Uint8Array): Promise<Record<string, string> | undefined> {
  const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!m) return undefined;
  try {
    const { payload } = await jwtVerify(m[1]!, secret, { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] });
    const claims: Record<string, string> = {};
    for (const [k, v] of Object.entries(payload)) claims[k] = Array.isArray(v) ? v.join(',') : String(v);
    return claims;
  } catch {
    return undefined;
  }
}

export function parseTokenArgs(argv: string[]): TokenSpec {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new Error(`Unexpected argument ${a}`);
    const [k, inline] = a.slice(2).split('=', 2) as [string, string | undefined];
    const v = inline ?? argv[++i];
    if (v === undefined) throw new Error(`--${k} needs a value`);
    args.set(k, v);
  }
  for (const k of args.keys()) if (!['role', 'division', 'level', 'org', 'sub', 'expires'].includes(k)) throw new Error(`Unknown option --${k}`);
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
  return spec;
}
