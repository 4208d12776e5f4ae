// Who is calling, from the claims the Cognito authorizer passes on, and what that caller may read and act on.
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { canReadDivision, inJurisdiction, type User as Principal } from '../../shared/domain/actor.ts';
import { Forbidden, Unauthenticated } from '../../shared/errors.ts';
import { principalFrom } from '../../shared/http/principal.ts';

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
