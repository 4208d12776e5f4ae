// The stored form of one personal field: ciphertext, the data key it was sealed under, its mask for views, and the
// incident and purpose it was collected for (rule 16). The associated data binds the ciphertext to its record key,
// field name, incident and purpose, so a copy moved to another record or field, or relabelled, does not open.
import * as z from 'zod/mini';
import { associatedData, decrypt, encrypt } from './cipher.ts';
import { purposeSchema, type Purpose } from './purposes.ts';

export interface SealedField {
  v: 1;
  /** base64url of iv | ciphertext | tag. */
  c: string;
  /** The id of the data key (one per incident and purpose) it was sealed under. */
  k: string;
  /** What views show; computed at sealing, so a view never decrypts. */
  mask: string;
  incidentId: string;
  purpose: Purpose;
}

/** Where a sealed value lives: the record's table key (e.g. `REQ#<id>`) and the field's path in it. */
export interface FieldBinding {
  recordKey: string;
  field: string;
}

export interface SealContext extends FieldBinding {
  incidentId: string;
  purpose: Purpose;
}

/** A plaintext data key as the key store hands it out. */
export interface DataKey {
  key: Buffer;
  dataKeyId: string;
}

/**
 * A field erased record by record (rule 17: its record was destroyed while other records of the same incident and
 * purpose are still kept under an assessment, so the data key lives on): the ciphertext is gone and the mask says
 * `destroyed`. The shape stays a SealedField, so every reader that parses records still does.
 */
export const ERASED = 'destroyed';

export function erasedField(s: Pick<SealedField, 'k' | 'incidentId' | 'purpose'>): SealedField {
  return { v: 1, c: ERASED, k: s.k, mask: ERASED, incidentId: s.incidentId, purpose: s.purpose };
}

export function isErased(s: SealedField): boolean {
  return s.c === ERASED;
}

/** For reading records back: a stored item's field is a SealedField or the record is corrupt. */
export const sealedFieldSchema = z.lazy(() =>
  z.strictObject({
    v: z.literal(1),
    c: z.string().check(z.minLength(1)),
    k: z.string().check(z.minLength(1)),
    mask: z.string(),
    incidentId: z.string().check(z.minLength(1)),
    purpose: purposeSchema,
  }),
);

export function isSealedField(value: unknown): value is SealedField {
  return sealedFieldSchema.safeParse(value).success;
}

function aad(s: { recordKey: string; field: string; incidentId: string; purpose: Purpose; k: string }): Buffer {
  return associatedData(['pii-field/v1', s.recordKey, s.field, s.incidentId, s.purpose, s.k]);
}

export function sealWith(dataKey: DataKey, value: string, mask: string, ctx: SealContext): SealedField {
  const binding = { ...ctx, k: dataKey.dataKeyId };
  return { v: 1, c: encrypt(dataKey.key, Buffer.from(value, 'utf8'), aad(binding)), k: dataKey.dataKeyId, mask, incidentId: ctx.incidentId, purpose: ctx.purpose };
}

/** The clear value; throws PiiIntegrityError when the sealed field was moved, relabelled, altered or the key is another. */
export function openWith(key: Buffer, sealed: SealedField, at: FieldBinding): string {
  const where = `sealed field ${at.field} of ${at.recordKey}`;
  return decrypt(key, sealed.c, aad({ ...at, incidentId: sealed.incidentId, purpose: sealed.purpose, k: sealed.k }), where).toString('utf8');
}
