// Blind index for look-ups of encrypted identifiers: HMAC-SHA256, under a key only the KeyProvider holds (a KMS HMAC
// key on AWS), of the kind and the normalised value, so `110105...x` and `110105...X` meet and an ID number never
// matches a phone. Returned as base64url, ready for a GSI key.
import { createHash } from 'node:crypto';
import { systemClock, type Clock } from '../clock.ts';
import { normaliseCreditCode, normaliseResidentId, toE164Mobile } from './identifiers.ts';
import type { KeyProvider } from './key-provider.ts';

export const INDEX_KINDS = ['idNumber', 'creditCode', 'phone', 'email'] as const;
export type IndexKind = (typeof INDEX_KINDS)[number];

/** The form of a value that is indexed: what two spellings of one identifier have in common. */
export function normaliseForIndex(kind: IndexKind, value: string): string {
  switch (kind) {
    case 'idNumber':
      return normaliseResidentId(value);
    case 'creditCode':
      return normaliseCreditCode(value);
    case 'phone': {
      const e164 = toE164Mobile(value);
      // Validated at the edge already; the value is never quoted (personal data).
      if (e164 === undefined) throw new RangeError('a phone must be a mainland mobile number to be indexed');
      return e164;
    }
    case 'email':
      return value.trim().toLowerCase();
  }
}

/** The MAC input: the kind first (domain separation), then the normalised value. */
export const indexMessage = (kind: IndexKind, value: string): string => `${kind}:${normaliseForIndex(kind, value)}`;

export interface BlindIndexOptions {
  /**
   * How long a computed index stays in the warm process; 60 s by default, 0 turns the cache off. With KMS every MAC
   * is a network call, so a citizen's list and the record it leads to cost one. The cache is keyed by a SHA-256 of
   * the message, not the value itself.
   */
  cacheMs?: number;
  maxCached?: number;
  clock?: Clock;
}

export class BlindIndex {
  private readonly provider: KeyProvider;
  private readonly cacheMs: number;
  private readonly maxCached: number;
  private readonly clock: Clock;
  private readonly cache = new Map<string, { mac: string; expiresAt: number }>();

  constructor(provider: KeyProvider, opts: BlindIndexOptions = {}) {
    this.provider = provider;
    this.cacheMs = opts.cacheMs ?? 60_000;
    this.maxCached = opts.maxCached ?? 1_000;
    this.clock = opts.clock ?? systemClock;
  }

  async of(kind: IndexKind, value: string): Promise<string> {
    const message = indexMessage(kind, value);
    if (this.cacheMs <= 0) return (await this.provider.mac(message)).toString('base64url');
    const id = createHash('sha256').update(message).digest('base64url');
    const now = this.clock.now().getTime();
    const hit = this.cache.get(id);
    if (hit && hit.expiresAt > now) return hit.mac;
    const mac = (await this.provider.mac(message)).toString('base64url');
    this.cache.delete(id);
    this.cache.set(id, { mac, expiresAt: now + this.cacheMs });
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
    return mac;
  }

  /**
   * A keyed digest of data that is no identifier (the request an Idempotency-Key binds): the MAC under the same key of
   * `label` and a SHA-256 of the data (KMS MACs at most 4096 bytes). The label is never an index kind, so a digest never
   * equals an index. Unlike a plain hash, nobody without the key can test guesses of the personal data in the request.
   */
  async digest(label: string, data: string): Promise<string> {
    return (await this.provider.mac(`${label}:${createHash('sha256').update(data).digest('base64url')}`)).toString('base64url');
  }
}
