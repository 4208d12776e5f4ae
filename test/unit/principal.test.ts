// Who is calling, from the claims the Cognito authorizer passes on, and what that caller may read and act on.
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { canReadDivision, inJurisdiction, type User as Principal } from '../../shared/domain/actor.ts';
import { Forbidden, Unauthenticated } from '../../shared/errors.ts';
import { anonymousFrom, principalFrom, unauthenticated } from '../../shared/http/principal.ts';
import { toProblem } from '../../shared/http/problem.ts';

/** The part of an API Gateway event principalFrom reads: the authorizer's claims, all strings as API Gateway flattens them. */
function eventWith(claims: Record<string, unknown> | undefined): Pick<APIGatewayProxyEvent, 'requestContext'> {
  const authorizer = claims === undefined ? null : { claims };
  return { requestContext: { authorizer } } as unknown as Pick<APIGatewayProxyEvent, 'requestContext'>;
}

const officeClaims = { sub: 'office-110105', 'cognito:groups': 'office', 'custom:division': '110105', 'custom:gov_level': 'county', token_use: 'id' };

function expectError(claims: Record<string, unknown> | undefined, ErrorClass: typeof Unauthenticated | typeof Forbidden, status: number) {
  let thrown: unknown;
  try {
    principalFrom(eventWith(claims));
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ErrorClass);
  expect(thrown).toMatchObject({ status });
}

describe('principalFrom', () => {
  it('reads an office with its division and government level', () => {
    expect(principalFrom(eventWith(officeClaims))).toEqual({ kind: 'user', sub: 'office-110105', roles: ['office'], division: '110105', level: 'county' });
  });

  it.each([
    ['office', ['office']],
    ['office,auditor', ['office', 'auditor']],
    ['[office auditor]', ['office', 'auditor']],
    ['[office]', ['office']],
    ['office, auditor', ['office', 'auditor']],
  ])('reads the groups claim %j as %j', (groups, roles) => {
    expect(principalFrom(eventWith({ ...officeClaims, 'cognito:groups': groups })).roles).toEqual(roles);
  });

  it('reads groups given as an array', () => {
    expect(principalFrom(eventWith({ ...officeClaims, 'cognito:groups': ['office', 'auditor'] })).roles).toEqual(['office', 'auditor']);
  });

  it('ignores groups that are not roles of the platform', () => {
    expect(principalFrom(eventWith({ sub: 'u-1', 'cognito:groups': '[admin citizen superuser]' })).roles).toEqual(['citizen']);
    expect(principalFrom(eventWith({ sub: 'u-2' })).roles).toEqual([]);
  });

  it('reads an organization member with its organization', () => {
    expect(principalFrom(eventWith({ sub: 'org-user', 'cognito:groups': 'org', 'custom:org_id': 'org-42' }))).toEqual({ kind: 'user', sub: 'org-user', roles: ['org'], orgId: 'org-42' });
  });

  it.each([
    ['no authorizer', undefined],
    ['no sub', { 'cognito:groups': 'office', 'custom:division': '110105', 'custom:gov_level': 'county' }],
    ['an empty sub', { ...officeClaims, sub: '' }],
    ['a sub that is not a string', { ...officeClaims, sub: 42 }],
  ])('refuses a caller with %s as 401 unauthenticated', (_what, claims) => {
    expectError(claims, Unauthenticated, 401);
  });

  it('refuses an office account without a division or a government level with 403', () => {
    const { 'custom:division': _d, ...noDivision } = officeClaims;
    const { 'custom:gov_level': _l, ...noLevel } = officeClaims;
    expectError(noDivision, Forbidden, 403);
    expectError(noLevel, Forbidden, 403);
  });

  it.each(['11010', '1101050', 'abcdef', '110105 ', '1101050010011'])('ignores the invalid division code %j', (division) => {
    // An office with only an invalid division has none, so it is refused; a citizen simply has no division.
    expectError({ ...officeClaims, 'custom:division': division }, Forbidden, 403);
    const citizen = principalFrom(eventWith({ sub: 'c-1', 'cognito:groups': 'citizen', 'custom:division': division }));
    expect(citizen.division).toBeUndefined();
  });

  it('ignores an unknown government level', () => {
    expectError({ ...officeClaims, 'custom:gov_level': 'village' }, Forbidden, 403);
  });

  it.each([
    ['a township code (9 digits) claiming county level', '110105001', 'county'],
    ['a county code claiming city level', '110105', 'city'],
    ['a city code claiming province level', '110100', 'province'],
    ['the nation claiming province level', '100000', 'province'],
    ['a village code (12 digits) claiming county level', '110105001001', 'county'],
  ])('refuses %s with 403: the level claimed must fit the division code', (_what, division, level) => {
    expectError({ ...officeClaims, 'custom:division': division, 'custom:gov_level': level }, Forbidden, 403);
  });

  it.each([
    ['110105001', 'township'],
    ['110105', 'county'],
    ['110100', 'city'],
    ['110000', 'province'],
    ['100000', 'national'],
  ])('accepts division %s at level %s', (division, level) => {
    expect(principalFrom(eventWith({ ...officeClaims, 'custom:division': division, 'custom:gov_level': level }))).toMatchObject({ division, level });
  });
});

describe('unauthenticated(): a 401 that says what was wrong (RFC 6750)', () => {
  it.each([
    ['missing', 'Bearer realm="emergency-api"', /Send a bearer token/, /请发送持有者令牌/],
    ['malformed', 'Bearer realm="emergency-api", error="invalid_token", error_description="The token is malformed"', /not a well-formed token/, /格式不正确/],
    ['expired', 'Bearer realm="emergency-api", error="invalid_token", error_description="The token expired"', /has expired/, /已过期/],
    ['invalid', 'Bearer realm="emergency-api", error="invalid_token", error_description="The token is not valid here"', /not valid here/, /无效/],
  ] as const)('says a %s token so, with its WWW-Authenticate challenge, in English and Chinese', (refused, challenge, en, zh) => {
    const error = unauthenticated(refused);
    expect(error).toBeInstanceOf(Unauthenticated);
    expect(error.headers['WWW-Authenticate']).toBe(challenge);
    expect(toProblem(error, 'r-1', 'en').problem.detail).toMatch(en);
    expect(toProblem(error, 'r-1', 'zh').problem.detail).toMatch(zh);
  });

  it('names npm run token on the local host, in both languages', () => {
    const error = unauthenticated('expired', true);
    expect(toProblem(error, 'r-1', 'en').problem.detail).toMatch(/has expired.*npm run token -- --role office/);
    expect(toProblem(error, 'r-1', 'zh').problem.detail).toMatch(/已过期.*npm run token -- --role office/);
  });
});

describe('principalFrom with the OIDC Lambda authorizer (claims as one JSON string)', () => {
  const lambdaEvent = (claims: string) =>
    ({ requestContext: { authorizer: { principalId: 'office-110105', integrationLatency: 12, claims } } }) as unknown as Pick<APIGatewayProxyEvent, 'requestContext'>;

  it('reads the same caller as from the Cognito authorizer\'s claims object', () => {
    const citizen = { sub: 'c-9', 'cognito:groups': 'citizen', 'custom:id_number': '11010519491231002x', phone_number: '+8613800138000', phone_number_verified: 'true' };
    expect(principalFrom(lambdaEvent(JSON.stringify(officeClaims)))).toEqual(principalFrom(eventWith(officeClaims)));
    expect(principalFrom(lambdaEvent(JSON.stringify(citizen)))).toEqual({
      kind: 'user',
      sub: 'c-9',
      roles: ['citizen'],
      idNumber: '11010519491231002X',
      verifiedPhone: '+8613800138000',
    });
  });

  it.each(['not json', '[1,2]', '"office"', 'null', '{"cognito:groups":"office"}'])('refuses the claims string %j as 401 unauthenticated', (claims) => {
    let thrown: unknown;
    try {
      principalFrom(lambdaEvent(claims));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(Unauthenticated);
  });
});

describe('jurisdiction and reading rights', () => {
  const county: Principal = { kind: 'user', sub: 'office-110105', roles: ['office'], division: '110105', level: 'county' };
  const citizen: Principal = { kind: 'user', sub: 'c-1', roles: ['citizen'] };

  it('acts in its own division and those below it only', () => {
    for (const d of ['110105', '110105001', '110105001001']) expect(inJurisdiction(county, d), d).toBe(true);
    for (const d of ['110100', '110000', '100000', '110108', '110108001', '120105']) expect(inJurisdiction(county, d), d).toBe(false);
  });

  it('reads down and up the hierarchy but not sideways', () => {
    for (const d of ['110105', '110105001', '110105001001', '110100', '110000', '100000']) expect(canReadDivision(county, d), d).toBe(true);
    for (const d of ['110108', '110108001', '110200', '120000', '120100']) expect(canReadDivision(county, d), d).toBe(false);
  });

  it('gives a caller without a division neither jurisdiction nor reading rights by division', () => {
    expect(inJurisdiction(citizen, '110105')).toBe(false);
    expect(canReadDivision(citizen, '100000')).toBe(false);
  });
});

describe('an anonymous caller\'s source', () => {
  const from = (ip: string) => ({ requestContext: { identity: { sourceIp: ip } } }) as unknown as Pick<APIGatewayProxyEvent, 'requestContext'>;
  const key = Buffer.alloc(32, 7);

  it('tells addresses apart and keeps one address one source, under the API\'s key only', () => {
    expect(anonymousFrom(from('203.0.113.9'), key).source).toBe(anonymousFrom(from('203.0.113.9'), key).source);
    expect(anonymousFrom(from('203.0.113.9'), key).source).not.toBe(anonymousFrom(from('203.0.113.10'), key).source);
    expect(anonymousFrom(from('203.0.113.9'), Buffer.alloc(32, 8)).source).not.toBe(anonymousFrom(from('203.0.113.9'), key).source);
  });

  it('is not a plain hash of the address, which hashing all 2^32 IPv4 addresses would reverse', () => {
    const source = anonymousFrom(from('203.0.113.9'), key).source;
    for (const plain of ['source:203.0.113.9', '203.0.113.9', 'anonymous-source\n203.0.113.9']) {
      expect(source).not.toBe(createHash('sha256').update(plain).digest('base64url').slice(0, 16));
    }
    expect(source).not.toContain('203');
  });
});
