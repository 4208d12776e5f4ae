// The data-key store and the vault against DynamoDB Local, with the local key provider: one key per incident and
// purpose however many writers race for it, sealing and opening across processes, crypto-shredding (rule 17) that
// makes opens fail with PiiDestroyed and views say "destroyed", and a bounded plaintext-key cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PiiDestroyed } from '../../shared/errors.ts';
import { BlindIndex } from '../../shared/pii/blind-index.ts';
import { PiiIntegrityError } from '../../shared/pii/cipher.ts';
import { DataKeyStore, type DataKeyStoreOptions } from '../../shared/pii/data-keys.ts';
import { LocalKeyProvider, type KeyProvider } from '../../shared/pii/key-provider.ts';
import { DESTROYED_VIEW, PiiVault } from '../../shared/pii/vault.ts';
import { keys } from '../../shared/store/keys.ts';
import { useLocalTable, type TestTable } from '../support/local-table.ts';

const ID = '11010519491231002X';
const PHONE = '+8613812345678';
const NAME = '欧阳娜娜';
let table: TestTable;
let dir: string;
let local: LocalKeyProvider;
let n = 0;
/** A fresh incident id per test: tests share the table. */
const incident = () => `inc-${Date.now().toString(36)}-${++n}`;

beforeAll(async () => {
  table = await useLocalTable();
  dir = mkdtempSync(join(tmpdir(), 'pii-it-'));
  local = new LocalKeyProvider(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The local provider, counting what is asked of it: each store built on it stands for one warm function. */
function counted() {
  const count = { generate: 0, unwrap: 0, mac: 0 };
  const provider: KeyProvider = {
    generateDataKey: (ctx) => (count.generate++, local.generateDataKey(ctx)),
    unwrap: (w, ctx) => (count.unwrap++, local.unwrap(w, ctx)),
    mac: (m) => (count.mac++, local.mac(m)),
  };
  return { provider, count };
}
const store = (provider: KeyProvider = local, opts: DataKeyStoreOptions = {}) => new DataKeyStore(table.db, table.tableName, provider, opts);
const vaultOf = (s: DataKeyStore, provider: KeyProvider = local) => new PiiVault({ keys: s, index: new BlindIndex(provider) });

describe('data keys', () => {
  it('rule 16: ten functions racing to create the key of one incident and purpose all end up with one key', async () => {
    // Prepare: ten stores, as ten cold functions with nothing cached, each made to hold its new key until all ten
    // have one, so that all ten try the conditional put and nine of them lose.
    const inc = incident();
    const { provider, count } = counted();
    let release!: () => void;
    const allMade = new Promise<void>((r) => (release = r));
    const racing: KeyProvider = {
      ...provider,
      generateDataKey: async (ctx) => {
        const made = await provider.generateDataKey(ctx);
        if (count.generate === 10) release();
        await allMade;
        return made;
      },
    };
    const stores = Array.from({ length: 10 }, () => store(racing));
    // Act
    const got = await Promise.all(stores.map((s) => s.dataKey(inc, 'requisition')));
    // Assess: one id and one key, one item; the losers' keys were never stored.
    expect(new Set(got.map((k) => k.dataKeyId)).size).toBe(1);
    expect(new Set(got.map((k) => k.key.toString('hex'))).size).toBe(1);
    const items = await table.partition(keys.dataKey(inc, 'requisition').PK);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ kind: 'pii-data-key', incidentId: inc, purpose: 'requisition', dataKeyId: got[0]!.dataKeyId });
    expect(count.generate).toBe(10);
    expect(count.unwrap).toBe(9); // each loser read the winner's key back
    expect(await local.unwrap(items[0]!['wrapped'] as string, { incidentId: inc, purpose: 'requisition' })).toEqual(got[0]!.key);
  });

  it('makes one key for ten concurrent seals in one function', async () => {
    const inc = incident();
    const { provider, count } = counted();
    const s = store(provider);
    const got = await Promise.all(Array.from({ length: 10 }, () => s.dataKey(inc, 'compensation')));
    expect(new Set(got.map((k) => k.dataKeyId)).size).toBe(1);
    expect(count.generate).toBe(1);
  });

  it('keeps one key per purpose of an incident and lists them', async () => {
    const inc = incident();
    const s = store();
    const a = await s.dataKey(inc, 'requisition');
    const b = await s.dataKey(inc, 'compensation');
    expect(a.dataKeyId).not.toBe(b.dataKeyId);
    expect(a.key.equals(b.key)).toBe(false);
    const listed = await s.list(inc);
    expect(listed.map((i) => i.purpose).sort()).toEqual(['compensation', 'requisition']);
    expect(listed.every((i) => i.destroyedAt === undefined && i.wrappingKeyId?.startsWith('local:'))).toBe(true);
  });
});

describe('the vault', () => {
  it('rule 16: seals in one function and opens in another; the stored form names incident and purpose and holds no value', async () => {
    const inc = incident();
    const recordKey = `REQ#req-${inc}`;
    const sealed = await vaultOf(store()).sealAll(
      { 'owner.idNumber': { value: ID, kind: 'idNumber' }, 'owner.phone': { value: PHONE, kind: 'phone' }, 'owner.name': { value: NAME, kind: 'name' }, 'owner.address': undefined },
      { recordKey, incidentId: inc, purpose: 'requisition' },
    );
    expect(Object.keys(sealed).sort()).toEqual(['owner.idNumber', 'owner.name', 'owner.phone']);
    expect(sealed['owner.idNumber']).toMatchObject({ incidentId: inc, purpose: 'requisition', mask: '110105********002X' });
    expect(sealed['owner.phone']!.mask).toBe('138****5678');
    expect(sealed['owner.name']!.mask).toBe('欧阳**');
    const json = JSON.stringify(sealed);
    for (const plain of [ID, PHONE, '13812345678', NAME]) expect(json).not.toContain(plain);

    const other = vaultOf(store());
    expect(await other.open(sealed['owner.idNumber']!, { recordKey, field: 'owner.idNumber' })).toBe(ID);
    expect(await other.open(sealed['owner.name']!, { recordKey, field: 'owner.name' })).toBe(NAME);
    expect(await other.view(sealed['owner.phone']!)).toBe('138****5678');
  });

  it('refuses a sealed field copied to another record or field', async () => {
    const inc = incident();
    const vault = vaultOf(store());
    const sealed = await vault.seal(ID, { kind: 'idNumber', recordKey: 'REQ#one', field: 'owner.idNumber', incidentId: inc, purpose: 'requisition' });
    await expect(vault.open(sealed, { recordKey: 'REQ#two', field: 'owner.idNumber' })).rejects.toThrow(PiiIntegrityError);
    await expect(vault.open(sealed, { recordKey: 'REQ#one', field: 'claimant.idNumber' })).rejects.toThrow(PiiIntegrityError);
  });

  it('refuses a sealed field relabelled to another incident, whose key is another', async () => {
    const incA = incident();
    const incB = incident();
    const vault = vaultOf(store());
    const at = { recordKey: 'REQ#one', field: 'owner.idNumber' };
    const sealed = await vault.seal(ID, { kind: 'idNumber', ...at, incidentId: incA, purpose: 'requisition' });
    await vault.seal('anything', { kind: 'text', ...at, incidentId: incB, purpose: 'requisition' });
    await expect(vault.open({ ...sealed, incidentId: incB }, at)).rejects.toThrow(PiiIntegrityError);
    // An incident that never had a key: nothing to open with.
    await expect(vault.open({ ...sealed, incidentId: incident() }, at)).rejects.toThrow(PiiIntegrityError);
  });

  it('indexes an identifier through the provider: the same for two spellings, across functions', async () => {
    expect(await vaultOf(store()).blindIndex('idNumber', ID.toLowerCase())).toBe(await vaultOf(store()).blindIndex('idNumber', ID));
  });
});

describe('destruction (crypto-shredding)', () => {
  it('rule 17: a destroyed key cannot open, seal or be recreated; views say "destroyed"; a tombstone remains', async () => {
    // Prepare
    const inc = incident();
    const s = store();
    const vault = vaultOf(s);
    const at = { recordKey: 'REQ#d1', field: 'owner.idNumber' };
    const sealed = await vault.seal(ID, { kind: 'idNumber', ...at, incidentId: inc, purpose: 'requisition' });
    const kept = await vault.seal(PHONE, { kind: 'phone', ...at, field: 'owner.phone', incidentId: inc, purpose: 'compensation' });
    const when = new Date('2026-07-01T00:00:00Z');
    // Act
    const receipt = await s.destroy(inc, 'requisition', when);
    // Assess
    expect(receipt).toMatchObject({ incidentId: inc, purpose: 'requisition', dataKeyId: sealed.k, destroyedAt: when.toISOString(), destroyedNow: true });
    await expect(vault.open(sealed, at)).rejects.toThrow(PiiDestroyed);
    expect(await vault.view(sealed)).toBe(DESTROYED_VIEW);
    await expect(vault.seal(ID, { kind: 'idNumber', ...at, incidentId: inc, purpose: 'requisition' })).rejects.toThrow(PiiDestroyed);

    // Another function, nothing cached: the same answers from the tombstone.
    const fresh = vaultOf(store());
    await expect(fresh.open(sealed, at)).rejects.toThrow(PiiDestroyed);
    expect(await fresh.view(sealed)).toBe(DESTROYED_VIEW);
    await expect(fresh.seal(ID, { kind: 'idNumber', ...at, incidentId: inc, purpose: 'requisition' })).rejects.toThrow(PiiDestroyed);

    const [item] = await table.partition(keys.dataKey(inc, 'requisition').PK).then((items) => items.filter((i) => i['purpose'] === 'requisition'));
    expect(item).toMatchObject({ destroyedAt: when.toISOString(), dataKeyId: sealed.k });
    expect(item!['wrapped']).toBeUndefined();

    // Another purpose of the same incident is untouched.
    expect(await fresh.open(kept, { ...at, field: 'owner.phone' })).toBe(PHONE);
    expect(await fresh.view(kept)).toBe('138****5678');

    // Again: idempotent, keeping the first time.
    const again = await store().destroy(inc, 'requisition', new Date('2026-08-01T00:00:00Z'));
    expect(again).toMatchObject({ destroyedAt: when.toISOString(), destroyedNow: false });
    expect((await s.list(inc)).find((i) => i.purpose === 'requisition')?.destroyedAt).toBe(when.toISOString());
  });

  it('rule 17: destroying a purpose that never had a key forbids collecting under it later', async () => {
    const inc = incident();
    const s = store();
    const receipt = await s.destroy(inc, 'volunteer', new Date('2026-07-01T00:00:00Z'));
    expect(receipt).toMatchObject({ destroyedNow: true, dataKeyId: undefined });
    await expect(vaultOf(store()).seal('x', { kind: 'text', recordKey: 'VOL#1', field: 'note', incidentId: inc, purpose: 'volunteer' })).rejects.toThrow(PiiDestroyed);
  });

  it('a function that had the key cached stops using it once its cache time is over', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const clock = { now: () => new Date(now) };
    const inc = incident();
    const warm = vaultOf(store(local, { cacheMs: 60_000, clock }));
    const at = { recordKey: 'REQ#w', field: 'owner.idNumber' };
    const sealed = await warm.seal(ID, { kind: 'idNumber', ...at, incidentId: inc, purpose: 'requisition' });
    await store().destroy(inc, 'requisition', new Date(now));
    // Within the cache time another function's destruction is not yet seen here: the bound is the cache time.
    expect(await warm.open(sealed, at)).toBe(ID);
    now += 60_000;
    await expect(warm.open(sealed, at)).rejects.toThrow(PiiDestroyed);
  });
});

describe('the plaintext key cache', () => {
  it('serves a key from memory for the cache time, then unwraps it again', async () => {
    let now = Date.parse('2026-06-01T00:00:00Z');
    const inc = incident();
    await store().dataKey(inc, 'report');
    const { provider, count } = counted();
    const s = store(provider, { cacheMs: 300_000, clock: { now: () => new Date(now) } });
    await s.existingKey(inc, 'report');
    now += 299_999;
    await s.existingKey(inc, 'report');
    expect(count.unwrap).toBe(1);
    now += 1;
    await s.existingKey(inc, 'report');
    expect(count.unwrap).toBe(2);
  });

  it('holds at most maxCached incident+purpose entries, dropping the oldest', async () => {
    const incs = [incident(), incident(), incident()];
    const seed = store();
    for (const i of incs) await seed.dataKey(i, 'report');
    const { provider, count } = counted();
    const s = store(provider, { maxCached: 2 });
    for (const i of incs) await s.existingKey(i, 'report');
    expect(s.cachedEntries).toBe(2);
    await s.existingKey(incs[2]!, 'report'); // still cached
    expect(count.unwrap).toBe(3);
    await s.existingKey(incs[0]!, 'report'); // evicted: unwrapped again
    expect(count.unwrap).toBe(4);
    expect(s.cachedEntries).toBe(2);
  });
});
