// The one entry to personal data for use cases: seal fields under the incident's data key for a purpose, open them,
// compute blind indexes, and views that show the mask (or "destroyed") without decrypting anything.
import * as z from 'zod/mini';
import { readConfig } from '../config.ts';
import { documentClient, tableName } from '../store/client.ts';
import { BlindIndex, type IndexKind } from './blind-index.ts';
import { PiiIntegrityError } from './cipher.ts';
import { DataKeyStore } from './data-keys.ts';
import { keyProvider } from './key-provider.ts';
import { maskOf, type FieldKind } from './mask.ts';
import type { Purpose } from './purposes.ts';
import { isErased, openWith, sealWith, type FieldBinding, type SealContext, type SealedField } from './sealed.ts';
import { PiiDestroyed } from '../errors.ts';

/** What a view shows in place of a field whose data key was destroyed (rule 17). */
export const DESTROYED_VIEW = 'destroyed';

export interface SealOptions extends SealContext {
  kind: FieldKind;
}

/** The fields of one record to seal, by field name (a path such as `owner.idNumber`); absent ones are skipped. */
export type PlainFields<F extends string> = { [K in F]?: { value: string; kind: FieldKind } | undefined };
export type SealedFields<F extends string> = { [K in F]?: SealedField };

export interface RecordContext {
  recordKey: string;
  incidentId: string;
  purpose: Purpose;
}

export class PiiVault {
  readonly keys: DataKeyStore;
  readonly index: BlindIndex;

  constructor(deps: { keys: DataKeyStore; index: BlindIndex }) {
    this.keys = deps.keys;
    this.index = deps.index;
  }

  async seal(value: string, opts: SealOptions): Promise<SealedField> {
    const key = await this.keys.dataKey(opts.incidentId, opts.purpose);
    return sealWith(key, value, maskOf(opts.kind, value), opts);
  }

  /** Seals every present field of one record under one data key fetch. */
  async sealAll<F extends string>(fields: PlainFields<F>, ctx: RecordContext): Promise<SealedFields<F>> {
    const key = await this.keys.dataKey(ctx.incidentId, ctx.purpose);
    const out: SealedFields<F> = {};
    for (const [field, plain] of Object.entries(fields) as [F, { value: string; kind: FieldKind } | undefined][]) {
      if (plain === undefined) continue;
      out[field] = sealWith(key, plain.value, maskOf(plain.kind, plain.value), { ...ctx, field });
    }
    return out;
  }

  /**
   * The clear value. PiiDestroyed (410) once its purpose's key was destroyed; PiiIntegrityError (500) when the field
   * was moved to another record or field, relabelled or altered. Callers log the reveal (rule 18), never the value.
   */
  async open(sealed: SealedField, at: FieldBinding): Promise<string> {
    if (isErased(sealed)) throw new PiiDestroyed(`The personal data of this record, collected for ${sealed.purpose}, was destroyed.`);
    const key = await this.keys.existingKey(sealed.incidentId, sealed.purpose);
    if (key.dataKeyId !== sealed.k) throw new PiiIntegrityError(`sealed field ${at.field} of ${at.recordKey}: sealed under another data key`);
    return openWith(key.key, sealed, at);
  }

  blindIndex(kind: IndexKind, value: string): Promise<string> {
    return this.index.of(kind, value);
  }

  /** What an Idempotency-Key record keeps of a request that holds personal data: a keyed digest, never the body. */
  requestHash(request: unknown): Promise<string> {
    return this.index.digest('idempotency-request/v1', JSON.stringify(request ?? null));
  }

  /** The mask, or `destroyed` once the key of the field's incident and purpose is gone. Never decrypts. */
  async view(sealed: SealedField): Promise<string> {
    const s = await this.keys.state(sealed.incidentId, sealed.purpose);
    return s.state === 'destroyed' ? DESTROYED_VIEW : sealed.mask;
  }

  async viewAll<F extends string>(fields: { [K in F]?: SealedField | undefined }): Promise<{ [K in F]?: string }> {
    const out: { [K in F]?: string } = {};
    for (const [field, sealed] of Object.entries(fields) as [F, SealedField | undefined][]) {
      if (sealed !== undefined) out[field] = await this.view(sealed);
    }
    return out;
  }
}

export const piiCacheSettings = {
  /** How long a warm function keeps a plaintext data key; 0-3600 s, 300 by default. */
  PII_KEY_CACHE_SECONDS: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(3600)), 300),
};

let vault: PiiVault | undefined;

/** The process's vault over the table and the configured key provider; configuration read once, failing fast. */
export function piiVault(): PiiVault {
  if (!vault) {
    const { PII_KEY_CACHE_SECONDS } = readConfig(piiCacheSettings);
    const provider = keyProvider();
    vault = new PiiVault({
      keys: new DataKeyStore(documentClient(), tableName(), provider, { cacheMs: PII_KEY_CACHE_SECONDS * 1000 }),
      index: new BlindIndex(provider),
    });
  }
  return vault;
}

export function resetPiiVaultForTests(): void {
  vault = undefined;
}
