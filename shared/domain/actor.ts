// Whoever acts: a signed-in user, a scheduled job or an anonymous caller. One type, recorded in every audit item.
import { NotInJurisdiction, RuleViolation } from '../errors.ts';
import type { GovLevel } from './division.ts';
import { isSameOrSuperior, within } from './division.ts';

export const ROLES = ['office', 'org', 'citizen', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** A signed-in user, from verified token claims. */
export interface User {
  kind: 'user';
  sub: string;
  roles: Role[];
  /** GB/T 2260 code: offices always have one; auditors and citizens may. */
  division?: string;
  /** Offices only: the government level of the division. */
  level?: GovLevel;
  /** Organisation users only. */
  orgId?: string;
  /** Citizens: the identity number the identity provider verified (Cognito custom:id_number). Personal data. */
  idNumber?: string;
  /** The caller's phone in E.164, only when the identity provider verified it. Personal data. */
  verifiedPhone?: string;
}

/** A scheduled job acting on its own clock (deadline sweeps, destruction). */
export interface Job {
  kind: 'job';
  job: string;
}

/** A caller without a token: the channel it came through and a pseudonymous source (a keyed hash, never an address). */
export interface Anonymous {
  kind: 'anonymous';
  channel: 'api' | 'web';
  source: string;
}

export type Actor = User | Job | Anonymous;

/** An office user: a government of a division at a level. */
export type Government = User & { division: string; level: GovLevel };

export const jobActor = (job: string): Job => ({ kind: 'job', job });

export function hasRole(a: Actor, role: Role): boolean {
  return a.kind === 'user' && a.roles.includes(role);
}

export function isGovernment(a: Actor): a is Government {
  return a.kind === 'user' && a.roles.includes('office') && a.division !== undefined && a.level !== undefined;
}

/** The government an actor speaks for; anything else acting where only a government may is refused. */
export function asGovernment(a: Actor): Government {
  if (!isGovernment(a)) throw new RuleViolation('government-only', 'Only an emergency office of a government may do this.');
  return a;
}

/** What an audit item records of an actor: no personal data, only who in the system's own terms. */
export function auditIdentity(a: Actor): { actorKind: Actor['kind']; actorSub: string; actorRole: string; actorDivision: string | undefined } {
  switch (a.kind) {
    case 'user':
      return { actorKind: 'user', actorSub: a.sub, actorRole: a.roles.join(','), actorDivision: a.division };
    case 'job':
      return { actorKind: 'job', actorSub: `job:${a.job}`, actorRole: 'job', actorDivision: undefined };
    case 'anonymous':
      return { actorKind: 'anonymous', actorSub: `anon:${a.channel}:${a.source}`, actorRole: 'anonymous', actorDivision: undefined };
  }
}

/** A short label of who acted, kept on records (createdBy, evaluatedBy). */
export function actorLabel(a: Actor): string {
  return auditIdentity(a).actorSub;
}

// ---- Jurisdiction: the one check for reads and for writes -------------------------------------------------------

/**
 * Writes: a government acts inside its own division and the divisions below it. Scheduled jobs act everywhere (they
 * carry out what the law sets, on records that are already someone's). Everyone else has no jurisdiction.
 */
export function inJurisdiction(a: Actor, division: string): boolean {
  if (a.kind === 'job') return true;
  return a.kind === 'user' && a.division !== undefined && within(division, a.division);
}

/** Reads of plans and incident heads: down the hierarchy and up it, never sideways. Auditors read their division down. */
export function canReadDivision(a: Actor, division: string): boolean {
  if (a.kind === 'job') return true;
  return a.kind === 'user' && a.division !== undefined && (within(division, a.division) || isSameOrSuperior(division, a.division));
}

/** Throws `not-in-jurisdiction` (403) unless the actor may write in the division. */
export function requireJurisdiction(a: Actor, division: string, what: string): void {
  if (!inJurisdiction(a, division)) throw new NotInJurisdiction(`${what} is outside your division.`);
}
