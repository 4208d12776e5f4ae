// The local host's token check (infra/local/auth.ts) holds tokens to what Cognito's ID tokens are: signed with the local
// key, for the local issuer and audience, with exp and iat, iat not in the future (a little skew allowed), token_use "id".
import { randomBytes } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { AUDIENCE, CLOCK_SKEW_SECONDS, ISSUER, signToken, verifyBearer } from '../../infra/local/auth.ts';

const secret = randomBytes(32);
const NOW = new Date('2026-06-01T08:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

/** A token signed with the local key; claims set to undefined are left out. */
function token(claims: JWTPayload, key: Uint8Array = secret): Promise<string> {
  const payload: JWTPayload = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'local-office-110105',
    token_use: 'id',
    'cognito:groups': 'office',
    'custom:division': '110105',
    'custom:gov_level': 'county',
    iat: nowSeconds - 10,
    exp: nowSeconds + 3600,
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

describe('local token check', () => {
  it('accepts what npm run token signs, with its claims as strings', async () => {
    // Prepare
    const signed = await signToken({ sub: 'local-office-110105', roles: ['office', 'auditor'], division: '110105', level: 'county' }, secret);

    // Act
    const claims = await verifyBearer(`Bearer ${signed}`, secret);

    // Assess
    expect(claims).toMatchObject({ sub: 'local-office-110105', token_use: 'id', 'cognito:groups': 'office,auditor', 'custom:division': '110105', 'custom:gov_level': 'county' });
  });

  it('accepts a complete ID token at the given instant', async () => {
    expect(await verifyBearer(`Bearer ${await token({})}`, secret, NOW)).toMatchObject({ sub: 'local-office-110105' });
  });

  it.each([
    ['no exp', { exp: undefined }],
    ['no iat', { iat: undefined }],
    ['an iat beyond the allowed skew', { iat: nowSeconds + CLOCK_SKEW_SECONDS + 5 }],
    ['no token_use', { token_use: undefined }],
    ['token_use access', { token_use: 'access' }],
    ['an exp that has passed', { iat: nowSeconds - 7200, exp: nowSeconds - 1 }],
    ['an exp of this very second', { iat: nowSeconds - 7200, exp: nowSeconds }],
    ['no sub', { sub: undefined }],
    ['another issuer', { iss: 'urn:someone-else' }],
    ['another audience', { aud: 'another-api' }],
  ])('refuses a token with %s', async (_what, claims) => {
    expect(await verifyBearer(`Bearer ${await token(claims)}`, secret, NOW)).toBeUndefined();
  });

  it('allows an iat a little ahead of this clock', async () => {
    expect(await verifyBearer(`Bearer ${await token({ iat: nowSeconds + CLOCK_SKEW_SECONDS - 5 })}`, secret, NOW)).toBeDefined();
  });

  it('refuses a token signed with another key, and a header without the Bearer scheme', async () => {
    expect(await verifyBearer(`Bearer ${await token({}, randomBytes(32))}`, secret, NOW)).toBeUndefined();
    expect(await verifyBearer(await token({}), secret, NOW)).toBeUndefined();
    expect(await verifyBearer(undefined, secret, NOW)).toBeUndefined();
  });
});
