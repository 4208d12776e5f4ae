// Cost of personal-data encryption in the warm process: sealing and opening one 20-byte field and a requisition-sized
// record of 8 fields, by the cipher alone and through the vault with its data key cached (what a warm function pays
// per request), with the bytes each stored form takes. run.ts calls piiBenchmark() and adds piiBenchLines(result);
// `npx tsx test/bench/pii.ts` prints the same on its own.
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BlindIndex } from '../../shared/pii/blind-index.ts';
import { DataKeyStore } from '../../shared/pii/data-keys.ts';
import type { KeyProvider } from '../../shared/pii/key-provider.ts';
import { maskOf, type FieldKind } from '../../shared/pii/mask.ts';
import { openWith, sealWith, type SealedField } from '../../shared/pii/sealed.ts';
import { PiiVault, type PlainFields } from '../../shared/pii/vault.ts';
import { fmt, summarize, table } from './stats.ts';

export interface OpCost {
  ops: number;
  opsPerSecond: number;
  usPerOpMean: number;
  usPerOpP50: number;
}
export interface PiiBenchResult {
  iterations: number;
  field: { plainBytes: number; ciphertextBytes: number; sealedJsonBytes: number; seal: OpCost; open: OpCost; vaultSeal: OpCost; vaultOpen: OpCost };
  record: { fields: number; plainJsonBytes: number; sealedJsonBytes: number; seal: OpCost; open: OpCost; vaultSeal: OpCost; vaultOpen: OpCost };
}

const VALUE = '13812345678-ABCDEFGH'; // 20 bytes
const CTX = { recordKey: 'REQ#0f8fad5b-d9cb-469f-a165-70867728950e', field: 'owner.phone', incidentId: 'inc-7c9e6679-7425-40de-944b', purpose: 'requisition' as const };

/** A requisition's personal fields: the owner, the executing officer and who received the property. */
const RECORD: Record<string, { value: string; kind: FieldKind }> = {
  'owner.name': { value: '欧阳娜娜', kind: 'name' },
  'owner.idNumber': { value: '11010519491231002X', kind: 'idNumber' },
  'owner.phone': { value: '+8613812345678', kind: 'phone' },
  'owner.address': { value: '北京市朝阳区建国路88号院3号楼2单元501', kind: 'address' },
  'executingOfficer.name': { value: '张建国', kind: 'name' },
  'executingOfficer.contact': { value: '+8613900001111', kind: 'phone' },
  'handover.receiverName': { value: '李四', kind: 'name' },
  'handover.receiverPhone': { value: '+8613700002222', kind: 'phone' },
};

/** Times `n` calls after a warm-up of up to 2000; per-call times in microseconds. */
async function time(fn: () => unknown, n: number): Promise<OpCost> {
  for (let i = 0; i < Math.min(2_000, n); i++) await fn();
  const us: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    us.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  const s = summarize(us);
  return { ops: n, opsPerSecond: 1e6 / s.mean, usPerOpMean: s.mean, usPerOpP50: s.p50 };
}

/** A vault whose table is a stub that has no key yet and accepts the one it makes: after the first call, all cache. */
function warmVault(): PiiVault {
  const db = { send: async () => ({}) } as unknown as DynamoDBDocumentClient;
  const key = randomBytes(32);
  const provider: KeyProvider = {
    generateDataKey: async () => ({ plaintext: key, wrapped: 'stub', keyId: 'bench' }),
    unwrap: async () => key,
    mac: async () => Buffer.alloc(32),
  };
  return new PiiVault({ keys: new DataKeyStore(db, 'bench', provider, { cacheMs: 3_600_000 }), index: new BlindIndex(provider) });
}

export async function piiBenchmark(opts: { iterations?: number } = {}): Promise<PiiBenchResult> {
  const n = opts.iterations ?? Number(process.env['BENCH_PII_ITERATIONS'] ?? 20_000);
  const dataKey = { key: randomBytes(32), dataKeyId: 'dk-bench' };
  const vault = warmVault();
  const at = { recordKey: CTX.recordKey, field: CTX.field };

  const one = sealWith(dataKey, VALUE, maskOf('text', VALUE), CTX);
  const vaultOne = await vault.seal(VALUE, { ...CTX, kind: 'text' });
  const field = {
    plainBytes: Buffer.byteLength(VALUE),
    ciphertextBytes: Buffer.from(one.c, 'base64url').length,
    sealedJsonBytes: Buffer.byteLength(JSON.stringify(one)),
    seal: await time(() => sealWith(dataKey, VALUE, maskOf('text', VALUE), CTX), n),
    open: await time(() => openWith(dataKey.key, one, at), n),
    vaultSeal: await time(() => vault.seal(VALUE, { ...CTX, kind: 'text' }), n),
    vaultOpen: await time(() => vault.open(vaultOne, at), n),
  };

  const rctx = { recordKey: CTX.recordKey, incidentId: CTX.incidentId, purpose: CTX.purpose };
  const sealRecord = () => {
    const out: Record<string, SealedField> = {};
    for (const [f, p] of Object.entries(RECORD)) out[f] = sealWith(dataKey, p.value, maskOf(p.kind, p.value), { ...rctx, field: f });
    return out;
  };
  const sealed = sealRecord();
  const openRecord = () => Object.entries(sealed).map(([f, s]) => openWith(dataKey.key, s, { recordKey: rctx.recordKey, field: f }));
  const vaultSealed = await vault.sealAll(RECORD as PlainFields<string>, rctx);
  const vaultOpenRecord = () => Promise.all(Object.entries(vaultSealed).map(([f, s]) => vault.open(s!, { recordKey: rctx.recordKey, field: f })));
  const m = Math.max(1, Math.floor(n / 8));
  const record = {
    fields: Object.keys(RECORD).length,
    plainJsonBytes: Buffer.byteLength(JSON.stringify(Object.fromEntries(Object.entries(RECORD).map(([f, p]) => [f, p.value])))),
    sealedJsonBytes: Buffer.byteLength(JSON.stringify(sealed)),
    seal: await time(sealRecord, m),
    open: await time(openRecord, m),
    vaultSeal: await time(() => vault.sealAll(RECORD as PlainFields<string>, rctx), m),
    vaultOpen: await time(vaultOpenRecord, m),
  };
  return { iterations: n, field, record };
}

export interface PiiBenchLine {
  section: string;
  measure: string;
  value: string;
  target: string;
  verdict: 'INFO';
}

const cost = (c: OpCost) => `${fmt(c.usPerOpMean, 2)} us/op mean (p50 ${fmt(c.usPerOpP50, 2)}), ${fmt(c.opsPerSecond, 0)} ops/s`;

export function piiBenchLines(r: PiiBenchResult, section = 'pii'): PiiBenchLine[] {
  const line = (measure: string, value: string): PiiBenchLine => ({ section, measure, value, target: '-', verdict: 'INFO' });
  return [
    line('seal one 20-byte field (AES-256-GCM, key in hand)', cost(r.field.seal)),
    line('open one 20-byte field (key in hand)', cost(r.field.open)),
    line('seal one field through the vault (warm key cache)', cost(r.field.vaultSeal)),
    line('open one field through the vault (warm key cache)', cost(r.field.vaultOpen)),
    line('one 20-byte field stored', `${r.field.ciphertextBytes} B ciphertext (iv+ct+tag), ${r.field.sealedJsonBytes} B as sealed JSON (with mask, key id, incident, purpose)`),
    line(`seal a requisition record (${r.record.fields} fields)`, cost(r.record.seal)),
    line(`open a requisition record (${r.record.fields} fields)`, cost(r.record.open)),
    line(`seal a requisition record through the vault`, cost(r.record.vaultSeal)),
    line(`open a requisition record through the vault`, cost(r.record.vaultOpen)),
    line('requisition record stored', `${r.record.sealedJsonBytes} B sealed JSON vs ${r.record.plainJsonBytes} B plain JSON`),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await piiBenchmark();
  console.log(table(['section', 'measure', 'value'], piiBenchLines(r).map((l) => [l.section, l.measure, l.value])));
  console.log(JSON.stringify(r));
}
