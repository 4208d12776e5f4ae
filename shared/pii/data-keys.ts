// One data key per incident and purpose, stored wrapped in one item; get-or-create under a conditional put, the
// plaintext cached in the warm process for a bounded time, and destruction (crypto-shredding, rule 17) that leaves a
// tombstone so later reads can say "destroyed".
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from '../clock.ts';
import { PiiDestroyed } from '../errors.ts';
import { keys } from '../store/keys.ts';
import { PiiIntegrityError } from './cipher.ts';
import type { KeyProvider } from './key-provider.ts';
import type { Purpose } from './purposes.ts';
import type { DataKey } from './sealed.ts';

export const DEFAULT_KEY_CACHE_MS = 5 * 60_000;
export const DEFAULT_MAX_CACHED_KEYS = 256;

interface DataKeyItem {
  kind: 'pii-data-key';
  incidentId: string;
  purpose: Purpose;
  dataKeyId?: string;
  /** The KMS key (or local wrapping key) that wrapped it. */
  wrappingKeyId?: string;
  /** Absent once destroyed. */
  wrapped?: string;
  createdAt?: string;
  destroyedAt?: string;
}

export type DataKeyState =
  | { state: 'absent' }
  | { state: 'active'; dataKeyId: string }
  | { state: 'destroyed'; destroyedAt: string; dataKeyId: string | undefined };

export interface DataKeyInfo {
  incidentId: string;
  purpose: Purpose;
  dataKeyId: string | undefined;
  wrappingKeyId: string | undefined;
  createdAt: string | undefined;
  destroyedAt: string | undefined;
}

export interface Destruction extends DataKeyInfo {
  destroyedAt: string;
  /** False when an earlier call destroyed it already (destroy is idempotent; destroyedAt is the first one's). */
  destroyedNow: boolean;
}

export interface DataKeyStoreOptions {
  /** How long a plaintext key (or a key's active state) stays in the warm process; 5 minutes by default. */
  cacheMs?: number;
  /** At most this many incident+purpose entries; the oldest goes first. */
  maxCached?: number;
  clock?: Clock;
}

type Cached =
  | { kind: 'key'; key: Buffer; dataKeyId: string; expiresAt: number }
  | { kind: 'active'; dataKeyId: string; expiresAt: number }
  | { kind: 'destroyed'; destroyedAt: string; dataKeyId: string | undefined; expiresAt: number };

const CONDITION_FAILED = 'ConditionalCheckFailedException';

export class DataKeyStore {
  private readonly db: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly provider: KeyProvider;
  private readonly cacheMs: number;
  private readonly maxCached: number;
  private readonly clock: Clock;
  private readonly cache = new Map<string, Cached>();
  /** One fetch per incident+purpose at a time in this process: concurrent seals share it. */
  private readonly inFlight = new Map<string, Promise<DataKey>>();

  constructor(db: DynamoDBDocumentClient, table: string, provider: KeyProvider, opts: DataKeyStoreOptions = {}) {
    this.db = db;
    this.table = table;
    this.provider = provider;
    this.cacheMs = opts.cacheMs ?? DEFAULT_KEY_CACHE_MS;
    this.maxCached = opts.maxCached ?? DEFAULT_MAX_CACHED_KEYS;
    this.clock = opts.clock ?? systemClock;
  }

  /** The key to seal with: the existing one, or a new one (two processes racing both end up with the winner's). */
  dataKey(incidentId: string, purpose: Purpose): Promise<DataKey> {
    return this.once(incidentId, purpose, true);
  }

  /** The key to open with: never creates one; throws PiiDestroyed once it was destroyed. */
  existingKey(incidentId: string, purpose: Purpose): Promise<DataKey> {
    return this.once(incidentId, purpose, false);
  }

  /** Whether data of this incident and purpose can still be opened, without unwrapping anything (for views). */
  async state(incidentId: string, purpose: Purpose): Promise<DataKeyState> {
    const hit = this.cached(incidentId, purpose);
    if (hit?.kind === 'destroyed') return { state: 'destroyed', destroyedAt: hit.destroyedAt, dataKeyId: hit.dataKeyId };
    if (hit) return { state: 'active', dataKeyId: hit.dataKeyId };
    const item = await this.read(incidentId, purpose);
    if (!item) return { state: 'absent' };
    if (item.destroyedAt !== undefined) {
      this.remember(incidentId, purpose, { kind: 'destroyed', destroyedAt: item.destroyedAt, dataKeyId: item.dataKeyId, expiresAt: Infinity });
      return { state: 'destroyed', destroyedAt: item.destroyedAt, dataKeyId: item.dataKeyId };
    }
    const dataKeyId = requireActive(item, incidentId, purpose).dataKeyId;
    this.remember(incidentId, purpose, { kind: 'active', dataKeyId, expiresAt: this.clock.now().getTime() + this.cacheMs });
    return { state: 'active', dataKeyId };
  }

  /** Every purpose of an incident with a data key or a tombstone: what the destruction job works through. */
  async list(incidentId: string): Promise<DataKeyInfo[]> {
    const at = keys.dataKeysOf(incidentId);
    const out: DataKeyInfo[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sk)',
          ExpressionAttributeValues: { ':pk': at.PK, ':sk': at.SKPrefix },
          ProjectionExpression: '#incident, #purpose, #dataKeyId, #wrappingKeyId, #createdAt, #destroyedAt',
          ExpressionAttributeNames: {
            '#incident': 'incidentId',
            '#purpose': 'purpose',
            '#dataKeyId': 'dataKeyId',
            '#wrappingKeyId': 'wrappingKeyId',
            '#createdAt': 'createdAt',
            '#destroyedAt': 'destroyedAt',
          },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      for (const item of (r.Items ?? []) as DataKeyItem[]) out.push(info(item));
      start = r.LastEvaluatedKey;
    } while (start);
    return out;
  }

  /**
   * Crypto-shredding: removes the wrapped key, keeping a tombstone with `destroyedAt` and the key ids, and forgets the
   * plaintext here. Other warm processes may hold it up to `cacheMs` longer. Destroying a purpose that never had a
   * key still leaves the tombstone, so nothing can be collected under it afterwards. Idempotent.
   */
  async destroy(incidentId: string, purpose: Purpose, at: Date): Promise<Destruction> {
    this.cache.delete(cacheKey(incidentId, purpose));
    const destroyedAt = at.toISOString();
    try {
      const r = await this.db.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keys.dataKey(incidentId, purpose),
          // Names throughout: DynamoDB reserves words such as `wrapped`.
          UpdateExpression: 'SET #kind = :kind, #incident = :incident, #purpose = :purpose, #destroyedAt = :at REMOVE #wrapped',
          ConditionExpression: 'attribute_not_exists(#destroyedAt)',
          ExpressionAttributeNames: { '#kind': 'kind', '#incident': 'incidentId', '#purpose': 'purpose', '#destroyedAt': 'destroyedAt', '#wrapped': 'wrapped' },
          ExpressionAttributeValues: { ':kind': 'pii-data-key', ':incident': incidentId, ':purpose': purpose, ':at': destroyedAt },
          ReturnValues: 'ALL_NEW',
        }),
      );
      const item = r.Attributes as DataKeyItem;
      this.remember(incidentId, purpose, { kind: 'destroyed', destroyedAt, dataKeyId: item.dataKeyId, expiresAt: Infinity });
      return { ...info(item), destroyedAt, destroyedNow: true };
    } catch (err) {
      if (!(err instanceof Error) || err.name !== CONDITION_FAILED) throw err;
      const item = await this.read(incidentId, purpose);
      if (!item?.destroyedAt) throw err; // cannot be: the condition failed because it was destroyed
      this.remember(incidentId, purpose, { kind: 'destroyed', destroyedAt: item.destroyedAt, dataKeyId: item.dataKeyId, expiresAt: Infinity });
      return { ...info(item), destroyedAt: item.destroyedAt, destroyedNow: false };
    }
  }

  /** How many incident+purpose entries the warm process holds (for tests and the benchmark). */
  get cachedEntries(): number {
    return this.cache.size;
  }

  private once(incidentId: string, purpose: Purpose, create: boolean): Promise<DataKey> {
    const hit = this.cached(incidentId, purpose);
    if (hit?.kind === 'key') return Promise.resolve({ key: hit.key, dataKeyId: hit.dataKeyId });
    if (hit?.kind === 'destroyed') return Promise.reject(destroyed(incidentId, purpose));
    const id = `${cacheKey(incidentId, purpose)}\u0000${create ? 'create' : 'open'}`;
    let pending = this.inFlight.get(id);
    if (!pending) {
      pending = this.fetch(incidentId, purpose, create).finally(() => this.inFlight.delete(id));
      this.inFlight.set(id, pending);
    }
    return pending;
  }

  private async fetch(incidentId: string, purpose: Purpose, create: boolean): Promise<DataKey> {
    const ctx = { incidentId, purpose };
    let item = await this.read(incidentId, purpose);
    if (!item) {
      if (!create) throw new PiiIntegrityError(`no data key of incident ${incidentId} for ${purpose}`);
      const made = await this.provider.generateDataKey(ctx);
      const dataKeyId = randomUUID();
      const fresh: DataKeyItem = {
        kind: 'pii-data-key',
        incidentId,
        purpose,
        dataKeyId,
        wrappingKeyId: made.keyId,
        wrapped: made.wrapped,
        createdAt: this.clock.now().toISOString(),
      };
      try {
        await this.db.send(new PutCommand({ TableName: this.table, Item: { ...keys.dataKey(incidentId, purpose), ...fresh }, ConditionExpression: 'attribute_not_exists(PK)' }));
        return this.keep(incidentId, purpose, made.plaintext, dataKeyId);
      } catch (err) {
        if (!(err instanceof Error) || err.name !== CONDITION_FAILED) throw err;
        // Another writer won the race (or destroyed the purpose first): use what is there now.
        item = await this.read(incidentId, purpose);
        if (!item) throw err;
      }
    }
    if (item.destroyedAt !== undefined) {
      this.remember(incidentId, purpose, { kind: 'destroyed', destroyedAt: item.destroyedAt, dataKeyId: item.dataKeyId, expiresAt: Infinity });
      throw destroyed(incidentId, purpose);
    }
    const active = requireActive(item, incidentId, purpose);
    return this.keep(incidentId, purpose, await this.provider.unwrap(active.wrapped, ctx), active.dataKeyId);
  }

  private async read(incidentId: string, purpose: Purpose): Promise<DataKeyItem | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: keys.dataKey(incidentId, purpose), ConsistentRead: true }));
    return r.Item as DataKeyItem | undefined;
  }

  private keep(incidentId: string, purpose: Purpose, key: Buffer, dataKeyId: string): DataKey {
    // A destroy() in this process while the key was being fetched wins: the key is not kept nor handed out.
    if (this.cache.get(cacheKey(incidentId, purpose))?.kind === 'destroyed') throw destroyed(incidentId, purpose);
    this.remember(incidentId, purpose, { kind: 'key', key, dataKeyId, expiresAt: this.clock.now().getTime() + this.cacheMs });
    return { key, dataKeyId };
  }

  private cached(incidentId: string, purpose: Purpose): Cached | undefined {
    const id = cacheKey(incidentId, purpose);
    const hit = this.cache.get(id);
    if (hit && hit.expiresAt <= this.clock.now().getTime()) {
      this.cache.delete(id);
      return undefined;
    }
    return hit;
  }

  private remember(incidentId: string, purpose: Purpose, entry: Cached): void {
    const id = cacheKey(incidentId, purpose);
    this.cache.delete(id); // re-inserted last: the Map's order is the eviction order
    this.cache.set(id, entry);
    while (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value!);
  }
}

const cacheKey = (incidentId: string, purpose: Purpose) => `${incidentId}\u0000${purpose}`;

function destroyed(incidentId: string, purpose: Purpose): PiiDestroyed {
  return new PiiDestroyed(`The personal data of incident ${incidentId} collected for ${purpose} was destroyed.`);
}

function requireActive(item: DataKeyItem, incidentId: string, purpose: Purpose): { wrapped: string; dataKeyId: string } {
  if (item.wrapped === undefined || item.dataKeyId === undefined) throw new PiiIntegrityError(`data key item of incident ${incidentId} for ${purpose} is incomplete`);
  return { wrapped: item.wrapped, dataKeyId: item.dataKeyId };
}

function info(item: DataKeyItem): DataKeyInfo {
  return {
    incidentId: item.incidentId,
    purpose: item.purpose,
    dataKeyId: item.dataKeyId,
    wrappingKeyId: item.wrappingKeyId,
    createdAt: item.createdAt,
    destroyedAt: item.destroyedAt,
  };
}
