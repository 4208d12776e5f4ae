// The pure part of POST /v1/pii/reveal (rule 18): the request contract, who may reveal, and the audit entry a reveal
// writes: who, when, why, which record and field, and what it was collected for. Never the value itself.
import * as z from 'zod/mini';
import type { Change } from '../domain/change.ts';
import { auditIdentity, inJurisdiction, isGovernment, type Actor, type Government } from '../domain/actor.ts';
import { Forbidden, NotInJurisdiction } from '../errors.ts';
import { id } from '../http/contracts/common.ts';
import type { Purpose } from './purposes.ts';
import type { SealedField } from './sealed.ts';

/** The records whose personal fields can be revealed; the reveal route finds each by kind. Add new ones here. */
export const REVEAL_KINDS = ['requisition', 'claim', 'volunteer', 'report', 'deployment'] as const;
export type RevealKind = (typeof REVEAL_KINDS)[number];

export const MIN_REVEAL_REASON = 10;

export const revealBody = z.lazy(() =>
  z.strictObject({
    ref: z.strictObject({ kind: z.enum(REVEAL_KINDS), id }),
    // A path of names, where a record holding several people names one by id (a deployment's `contacts.<volunteerId>.phone`).
    field: z.string().check(z.regex(/^[A-Za-z][A-Za-z0-9]{0,39}(\.(?:[A-Za-z][A-Za-z0-9]{0,39}|[A-Za-z0-9][A-Za-z0-9_-]{7,63})){0,3}$/, 'a field name such as owner.idNumber')),
    /** Why the clear value is needed: kept in the audit trail. */
    // Counted without white space, by a pattern the OpenAPI document states too (a client never sends what is refused).
    purpose: z.string().check(
      z.maxLength(500),
      z.regex(new RegExp(`^\\s*(?:\\S\\s*){${MIN_REVEAL_REASON},}$`, 'u'), `say in at least ${MIN_REVEAL_REASON} characters why you need the value in the clear`),
      z.trim(),
      z.refine((s) => s.isWellFormed(), 'not well-formed Unicode'),
    ),
  }).register(z.globalRegistry, { id: 'RevealRequest' }),
);
export type RevealBody = z.infer<typeof revealBody>;

/** The answer: the clear value, once (served with Cache-Control: no-store). */
export const revealedView = z.lazy(() =>
  z.object({
    ref: z.object({ kind: z.enum(REVEAL_KINDS), id: z.string() }),
    field: z.string(),
    value: z.string(),
    revealedAt: z.string(),
  }).register(z.globalRegistry, { id: 'RevealedValue' }),
);

/** Only an office whose jurisdiction covers the record's division reveals; jobs and other roles never do. */
export function authorizeReveal(actor: Actor, division: string): Government {
  if (!isGovernment(actor)) throw new Forbidden('Only an emergency office may reveal personal data.');
  if (!inJurisdiction(actor, division)) throw new NotInJurisdiction('The record is outside your division.');
  return actor;
}

export interface RevealAuditEntry extends Change {
  action: 'pii.revealed';
  from: null;
  /** The field revealed. */
  to: string;
  /** Why, as the office gave it, with the revealed value cut out should it have been typed in. */
  reason: string;
  entity: RevealKind;
  entityId: string;
  division: string;
  field: string;
  /** Rule 16: what the revealed data was collected for. */
  collectedFor: { incidentId: string; purpose: Purpose; dataKeyId: string };
  at: string;
  actorKind: Actor['kind'];
  actorSub: string;
  actorRole: string;
  actorDivision: string | undefined;
}

export interface RevealInput {
  actor: Actor;
  now: Date;
  request: RevealBody;
  /** The division of the record revealed from. */
  division: string;
  sealed: SealedField;
  /** The opened value: only so that it can be kept out of the entry. */
  value: string;
}

/** The audit entry of one reveal (rule 18). Throws as authorizeReveal does. */
export function revealAudit(input: RevealInput): RevealAuditEntry {
  authorizeReveal(input.actor, input.division);
  const { ref, field, purpose } = input.request;
  return {
    action: 'pii.revealed',
    from: null,
    to: field,
    reason: withoutValue(purpose, input.value),
    entity: ref.kind,
    entityId: ref.id,
    division: input.division,
    field,
    collectedFor: { incidentId: input.sealed.incidentId, purpose: input.sealed.purpose, dataKeyId: input.sealed.k },
    at: input.now.toISOString(),
    ...auditIdentity(input.actor),
  };
}

export const REDACTED = '[redacted]';

/**
 * `text` with every spelling of `value` replaced: as stored, upper and lower case, an E.164 phone without +86, and
 * with spaces or hyphens between its characters (138 1234 5678). Values shorter than two characters are left alone.
 */
export function withoutValue(text: string, value: string): string {
  const spellings = new Set([value.trim(), value.trim().replace(/^\+86/, '')]);
  let out = text;
  for (const s of [...spellings].sort((a, b) => b.length - a.length)) {
    const chars = Array.from(s).filter((c) => !/[\s-]/.test(c));
    if (chars.length < 2) continue;
    const pattern = chars.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s-]*');
    out = out.replace(new RegExp(pattern, 'giu'), REDACTED);
  }
  return out;
}
