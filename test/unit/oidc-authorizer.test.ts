// The OIDC token authorizer (functions/authorizer): what it accepts and refuses, how it maps an issuer's claims to the
// ones the Cognito authorizer gives, that shared/http/principal.ts reads both shapes alike, and how it caches the JWKS.
// Keys are generated here; the remote key set is served from a loopback HTTP server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JSONWebKeySet, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { claimMapFrom, DEFAULT_CLAIM_MAP } from '../../functions/authorizer/claims.ts';
import { CLOCK_SKEW_SECONDS, JWKS_CACHE, oidcVerifier, remoteKeys, TokenRefused, type Verifier } from '../../functions/authorizer/oidc.ts';
import { principalFrom } from '../../shared/http/principal.ts';

const ISSUER = 'https://idp.example.cn/realms/erp';
const AUDIENCE = 'erp-api';
const NOW = new Date('2026-06-01T08:00:00Z');
const nowSeconds = NOW.getTime() / 1000;
const METHOD_ARN = 'arn:aws-cn:execute-api:cn-north-1:123456789012:abcde12345/prod/POST/v1/plans';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;
let signing: KeyPair;
let other: KeyPair;
let jwks: JSONWebKeySet;

async function publicJwk(pair: KeyPair, kid: string) {
  return { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' };
}

/** An ID token as the issuer would sign it; `claims` may remove standard claims by setting them to undefined. */
async function idToken(claims: JWTPayload = {}, opts: { key?: KeyPair; kid?: string; alg?: string } = {}): Promise<string> {
  const payload: JWTPayload = {
    iss: ISSUER,
    aud: AUDIENCE,
    sub: 'user-0001',
    iat: nowSeconds - 60,
    exp: nowSeconds + 3600,
    groups: ['office'],
    division: '110105',
    gov_level: 'county',
    ...claims,
  };
  for (const [k, v] of Object.entries(payload)) if (v === undefined) delete payload[k];
  return new SignJWT(payload).setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? 'key-1', typ: 'JWT' }).sign((opts.key ?? signing).privateKey);
}

function verifierWith(keys: JWTVerifyGetKey = createLocalJWKSet(jwks), claimMap = DEFAULT_CLAIM_MAP): Verifier {
  return oidcVerifier({ issuer: ISSUER, audience: AUDIENCE, keys, claimMap, now: () => NOW });
}

async function refusal(verify: Verifier, token: string): Promise<TokenRefused> {
  const err = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TokenRefused);
  return err as TokenRefused;
}

/** The handler module reads its settings at load, as on Lambda. */
async function loadHandler() {
  vi.stubEnv('OIDC_ISSUER', ISSUER);
  vi.stubEnv('OIDC_AUDIENCE', AUDIENCE);
  vi.stubEnv('OIDC_JWKS_URL', 'https://idp.example.cn/realms/erp/certs');
  return import('../../functions/authorizer/handler.ts');
}

function tokenEvent(authorizationToken: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken, methodArn: METHOD_ARN };
}

beforeAll(async () => {
  signing = await generateKeyPair('RS256');
  other = await generateKeyPair('RS256');
  jwks = { keys: [await publicJwk(signing, 'key-1')] };
});

afterAll(() => {
  vi.unstubAllEnvs();
});

describe('token verification', () => {
  it('accepts an ID token of the issuer for this audience and maps its claims to the Cognito names', async () => {
    // Prepare
    const token = await idToken({
      groups: ['office', 'auditor'],
      org_id: 'org-7',
      id_number: '11010519491231002X',
      phone_number: '+8613800138000',
      phone_number_verified: true,
      email: 'someone@example.cn',
    });

    // Act
    const claims = await verifierWith()(token);

    // Assess
    expect(claims).toEqual({
      sub: 'user-0001',
      'cognito:groups': 'office,auditor',
      'custom:division': '110105',
      'custom:gov_level': 'county',
      'custom:org_id': 'org-7',
      'custom:id_number': '11010519491231002X',
      phone_number: '+8613800138000',
      phone_number_verified: 'true',
    });
  });

  it('reads the issuer claims named in a claim map, and only those', async () => {
    // Prepare
    const map = claimMapFrom('{"cognito:groups":"roles","custom:division":"region_code"}');
    const token = await idToken({ roles: 'office', region_code: '110105', groups: ['auditor'], division: '120000' });

    // Act
    const claims = await verifierWith(undefined, map)(token);

    // Assess
    expect(claims['cognito:groups']).toBe('office');
    expect(claims['custom:division']).toBe('110105');
  });

  it('refuses a claim map that names a claim the platform does not read, or is not a JSON object', () => {
    expect(() => claimMapFrom('{"custom:role":"role"}')).toThrow(/none of/);
    expect(() => claimMapFrom('{"__proto__":"x"}')).toThrow(/none of/);
    expect(() => claimMapFrom('["groups"]')).toThrow(/JSON object/);
    expect(() => claimMapFrom('{groups')).toThrow(/JSON object/);
  });

  it.each([
    ['another issuer', { iss: 'https://evil.example.cn/realms/erp' }],
    ['another audience', { aud: 'some-other-client' }],
    ['no subject', { sub: undefined }],
    ['an empty subject', { sub: '' }],
    ['no expiry', { exp: undefined }],
    ['no issue time', { iat: undefined }],
    ['an issue time beyond the allowed clock skew', { iat: nowSeconds + CLOCK_SKEW_SECONDS + 5 }],
  ])('refuses a token with %s as invalid', async (_what, claims) => {
    const err = await refusal(verifierWith(), await idToken(claims));
    expect(err.reason).toBe('invalid');
  });

  it('accepts an issue time slightly ahead of this clock, within the skew', async () => {
    const claims = await verifierWith()(await idToken({ iat: nowSeconds + CLOCK_SKEW_SECONDS - 5 }));
    expect(claims.sub).toBe('user-0001');
  });

  it('refuses an expired token as expired, with no grace after exp', async () => {
    const err = await refusal(verifierWith(), await idToken({ iat: nowSeconds - 7200, exp: nowSeconds }));
    expect(err.reason).toBe('expired');
  });

  it('refuses a token signed by a key the issuer did not publish', async () => {
    const sameKid = await refusal(verifierWith(), await idToken({}, { key: other, kid: 'key-1' }));
    const unknownKid = await refusal(verifierWith(), await idToken({}, { key: other, kid: 'key-2' }));
    expect(sameKid.reason).toBe('invalid');
    expect(unknownKid.reason).toBe('invalid');
  });

  it('refuses an unsigned token and one signed with a shared secret', async () => {
    // Prepare
    const unsigned = new UnsecuredJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'user-0001', iat: nowSeconds, exp: nowSeconds + 60 }).encode();
    const hmac = await new SignJWT({ iss: ISSUER, aud: AUDIENCE, sub: 'user-0001', iat: nowSeconds, exp: nowSeconds + 60 })
      .setProtectedHeader({ alg: 'HS256', kid: 'key-1' })
      .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));

    // Act / Assess
    await refusal(verifierWith(), unsigned);
    await refusal(verifierWith(), hmac);
  });

  it('refuses text that is not a signed JWT as malformed', async () => {
    const err = await refusal(verifierWith(), 'aGVsbG8.d29ybGQ.c2lnbmF0dXJl');
    expect(err.reason).toBe('malformed');
  });
});

describe('the authorizer result', () => {
  it('allows every route of the stage with the claims as one JSON string, which principalFrom reads like Cognito claims', async () => {
    // Prepare
    const { authorize } = await loadHandler();
    const token = await idToken({ groups: ['office'], phone_number: '+8613800138000', phone_number_verified: 'true' });

    // Act
    const result = await authorize(tokenEvent(`Bearer ${token}`), verifierWith());
    const viaLambda = principalFrom({ requestContext: { authorizer: { principalId: result.principalId, ...result.context } } } as unknown as APIGatewayProxyEvent);
    const viaCognito = principalFrom({ requestContext: { authorizer: { claims: JSON.parse(String(result.context!['claims'])) } } } as unknown as APIGatewayProxyEvent);

    // Assess
    expect(result.policyDocument.Statement).toEqual([
      { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: 'arn:aws-cn:execute-api:cn-north-1:123456789012:abcde12345/prod/*' },
    ]);
    expect(result.principalId).toBe('user-0001');
    expect(viaLambda).toEqual({ kind: 'user', sub: 'user-0001', roles: ['office'], division: '110105', level: 'county', verifiedPhone: '+8613800138000' });
    expect(viaLambda).toEqual(viaCognito);
  });

  it.each([
    ['no scheme', (t: string) => t, 'malformed'],
    ['another scheme', (t: string) => `Basic ${t}`, 'malformed'],
    ['an empty value', () => '', 'malformed'],
  ])('denies a header with %s, saying why', async (_what, header, reason) => {
    const { authorize } = await loadHandler();
    const result = await authorize(tokenEvent(header(await idToken())), verifierWith());
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(result.context).toMatchObject({ reason });
  });

  it('denies an expired token with a sentence the 401 template can carry as it is', async () => {
    // Prepare
    const { authorize } = await loadHandler();
    const token = await idToken({ iat: nowSeconds - 7200, exp: nowSeconds - 1 });

    // Act
    const result = await authorize(tokenEvent(`Bearer ${token}`), verifierWith());

    // Assess
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny', Resource: 'arn:aws-cn:execute-api:cn-north-1:123456789012:abcde12345/prod/*' });
    expect(result.context).toMatchObject({ reason: 'expired' });
    expect(String(result.context!['detail'])).toMatch(/expired/);
    expect(String(result.context!['detail'])).not.toMatch(/["\\]/);
    expect(result.context).not.toHaveProperty('claims');
  });

  it('fails, instead of denying, when tokens cannot be checked at all', async () => {
    // Prepare: the issuer's keys cannot be had.
    const { authorize } = await loadHandler();
    const unreachable: JWTVerifyGetKey = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };

    // Act / Assess: thrown, so API Gateway answers 503 (AUTHORIZER_FAILURE) and the caller may retry with the same token.
    await expect(authorize(tokenEvent(`Bearer ${await idToken()}`), verifierWith(unreachable))).rejects.toThrow(/ECONNREFUSED/);
  });

  it('refuses a methodArn that is not an execute-api ARN', async () => {
    const { stageWide } = await loadHandler();
    expect(() => stageWide('arn:aws:s3:::bucket/key')).toThrow(/methodArn/);
  });
});

describe('the issuer key set', () => {
  let server: Server;
  let url: string;
  let served: JSONWebKeySet;
  let fetches = 0;
  let failing = false;

  beforeAll(async () => {
    served = jwks;
    server = createServer((_req, res) => {
      fetches += 1;
      if (failing) {
        res.writeHead(500).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(served));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('is fetched once and reused for later tokens', async () => {
    // Prepare
    fetches = 0;
    const verify = verifierWith(remoteKeys(url));

    // Act
    await verify(await idToken({ sub: 'a' }));
    await verify(await idToken({ sub: 'b' }));
    await verify(await idToken({ sub: 'c' }));

    // Assess
    expect(fetches).toBe(1);
    expect(JWKS_CACHE.cacheMaxAge).toBeGreaterThanOrEqual(60_000);
  });

  it('is not fetched again for a forged key id within the cooldown', async () => {
    // Prepare
    fetches = 0;
    const verify = verifierWith(remoteKeys(url));
    await verify(await idToken());

    // Act
    const errs = await Promise.all([1, 2, 3].map(async (i) => refusal(verify, await idToken({}, { key: other, kid: `forged-${i}` }))));

    // Assess
    expect(errs.map((e) => e.reason)).toEqual(['invalid', 'invalid', 'invalid']);
    expect(fetches).toBe(1);
  });

  it('picks up a rotated key once the cooldown has passed', async () => {
    // Prepare: the issuer starts signing with a new key and publishes it next to the old one.
    fetches = 0;
    const verify = verifierWith(remoteKeys(url, { ...JWKS_CACHE, cooldownDuration: 0 }));
    await verify(await idToken());
    served = { keys: [...jwks.keys, await publicJwk(other, 'key-2')] };

    // Act
    const claims = await verify(await idToken({ sub: 'after-rotation' }, { key: other, kid: 'key-2' }));

    // Assess
    expect(claims.sub).toBe('after-rotation');
    expect(fetches).toBe(2);
    served = jwks;
  });

  it('is a failure of the authorizer, not a refusal of the token, when the issuer answers with an error', async () => {
    // Prepare
    failing = true;
    const verify = verifierWith(remoteKeys(url));

    // Act
    const err = await verify(await idToken()).then(
      () => undefined,
      (e: unknown) => e,
    );

    // Assess
    failing = false;
    expect(err).toBeInstanceOf(Error);
    expect(err).not.toBeInstanceOf(TokenRefused);
  });
});
