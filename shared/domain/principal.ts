// Who is calling: role, division, government level and organization, from verified token claims.
import type { GovLevel } from './division.ts';
import { within, isSameOrSuperior } from './division.ts';

export const ROLES = ['office', 'org', 'citizen', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  sub: string;
  roles: Role[];
  division?: string;
  level?: GovLevel;
  orgId?: string;
}

export function hasRole(p: Principal, role: Role): boolean {
  return p.roles.includes(role);
}

/** The one jurisdiction check: a government acts inside its own division and the divisions below it. */
export function inJurisdiction(p: Principal, division: string): boolean {
  return p.division !== undefined && within(division, p.division);
}

/** Plans and public records may be read down the hierarchy and up it, not sideways. */
export function canReadDivision(p: Principal, division: string): boolean {
  return p.division !== undefined && (within(division, p.division) || isSameOrSuperior(division, p.division));
}
