// Who calls in tests: one caller of every role and level, as token claims (the Cognito authorizer's) and as the domain's
// User. Every test takes its callers from here.
import type { Role, User } from '../../shared/domain/actor.ts';
import type { GovLevel } from '../../shared/domain/division.ts';

export interface Caller {
  sub?: string;
  roles: Role[];
  division?: string;
  level?: GovLevel;
  orgId?: string;
  /** `phone_number` (E.164) and `phone_number_verified` of the token, as Cognito issues them. */
  phone?: string;
  phoneVerified?: boolean;
  /** `custom:id_number`: the resident ID number the identity provider verified (citizens). */
  idNumber?: string;
}

/** The emergency office of a division (county level unless told), with the sub `office-<division>` unless told. */
export function officeOf(division: string, o: { level?: GovLevel; sub?: string } = {}): Caller {
  return { sub: o.sub ?? `office-${division}`, roles: ['office'], division, level: o.level ?? 'county' };
}

/** Chaoyang district (110105), the county most tests act in. */
export const countyOffice = officeOf('110105');
/** Beijing (110100), the city above it. */
export const cityOffice = officeOf('110100', { level: 'city' });
/** The province-level government above both (Beijing as a province-level municipality). */
export const provinceOffice = officeOf('110000', { level: 'province' });
/** Haidian (110108), the neighbouring county: outside Chaoyang's jurisdiction. */
export const otherCountyOffice = officeOf('110108');
/** A township (街道) of Chaoyang, below the county. */
export const townshipOffice = officeOf('110105001', { level: 'township' });
/** An office token that lacks its division claim: refused before anything is read. */
export const officeWithoutDivision: Caller = { sub: 'office-unassigned', roles: ['office'] };
export const citizen: Caller = { sub: 'citizen-1', roles: ['citizen'] };
export const orgMember: Caller = { sub: 'org-member-1', roles: ['org'], orgId: 'org-0001' };
/** A user of another organisation: foreign to org-0001's records. */
export const otherOrgMember: Caller = { sub: 'org-member-9', roles: ['org'], orgId: 'org-0009' };
export const auditor: Caller = { sub: 'auditor-110105', roles: ['auditor'], division: '110105' };
export const foreignAuditor: Caller = { sub: 'auditor-110108', roles: ['auditor'], division: '110108' };

/** A caller of each role, for the role matrix: whoever a route does not allow must be refused. */
export const callerOfRole: Record<Role, Caller> = { office: countyOffice, org: orgMember, citizen, auditor };

/** The claims API Gateway's Cognito authorizer puts into the event for this caller. */
export function claimsOf(c: Caller): Record<string, string> {
  const claims: Record<string, string> = { sub: c.sub ?? `user-${c.roles[0]}`, 'cognito:groups': c.roles.join(','), token_use: 'id' };
  if (c.division) claims['custom:division'] = c.division;
  if (c.level) claims['custom:gov_level'] = c.level;
  if (c.orgId) claims['custom:org_id'] = c.orgId;
  if (c.idNumber) claims['custom:id_number'] = c.idNumber;
  if (c.phone) {
    claims['phone_number'] = c.phone;
    claims['phone_number_verified'] = String(c.phoneVerified === true);
  }
  return claims;
}

/** The same caller as the domain sees it (the actor of a change). */
export function userOf(c: Caller): User {
  return {
    kind: 'user',
    roles: c.roles,
    sub: c.sub ?? `user-${c.roles[0]}`,
    ...(c.division ? { division: c.division } : {}),
    ...(c.level ? { level: c.level } : {}),
    ...(c.orgId ? { orgId: c.orgId } : {}),
    ...(c.idNumber ? { idNumber: c.idNumber } : {}),
  } as User;
}
