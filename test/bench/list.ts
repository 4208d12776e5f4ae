// List latency against division size: plan heads seeded straight into the table (BatchWriteItem, as the repository's
// planHeadItem builds them, latest version inside), then GET /v1/plans?division=...&limit=20 over HTTP, one request at
// a time. batchPut seeds the activation benchmark too.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { planHeadItem } from '../../shared/store/plans.ts';
import { samplePlan, type SampleStage } from './fixtures.ts';
import { summarize, type Summary } from './stats.ts';

const BATCH = 25;
/** Batches in flight at once: enough to keep DynamoDB Local busy on every core it has. */
const PARALLEL = Number(process.env['BENCH_SEED_PARALLEL'] ?? 16);
const MAX_ATTEMPTS = 10;

/** A plausible division: most plans in force, some filed, a tenth in draft. */
function stageOf(i: number): SampleStage {
  const r = i % 10;
  return r === 0 ? 'draft' : r <= 2 ? 'filed' : 'published';
}

export async function seedDivision(
  db: DynamoDBDocumentClient,
  table: string,
  division: string,
  count: number,
  onProgress: (written: number) => void,
  deadline = Number.POSITIVE_INFINITY,
): Promise<{ written: number; retries: number }> {
  const now = new Date();
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const { plan, latest } = samplePlan(division, { stage: stageOf(i), title: `Plan ${i} of ${division}`, now });
    items.push(planHeadItem(plan, latest));
  }
  return batchPut(db, table, items, onProgress, deadline);
}

/**
 * Writes `items` with BatchWriteItem, 25 per batch and PARALLEL batches in flight, retrying unprocessed items with
 * backoff; gives up (throws) once `deadline` (epoch ms) has passed, so a slow machine cannot hold the run forever.
 */
export async function batchPut(
  db: DynamoDBDocumentClient,
  table: string,
  items: Record<string, unknown>[],
  onProgress: (written: number) => void,
  deadline = Number.POSITIVE_INFINITY,
): Promise<{ written: number; retries: number }> {
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  let next = 0;
  let written = 0;
  let retries = 0;
  const worker = async () => {
    for (let b = next++; b < batches.length; b = next++) {
      if (Date.now() > deadline) throw new Error(`seeding stopped at its time bound with ${written} of ${items.length} items written: raise BENCH_SEED_SECONDS or lower the counts`);
      let pending = batches[b]!;
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWrite left ${pending.length} items unprocessed after ${MAX_ATTEMPTS} attempts`);
        if (attempt > 0) {
          retries += 1;
          await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        }
        const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: pending.map((Item) => ({ PutRequest: { Item } })) } }));
        const left = r.UnprocessedItems?.[table] ?? [];
        const before = pending.length;
        pending = left.map((w) => w.PutRequest!.Item as Record<string, unknown>);
        const previous = written;
        written += before - pending.length;
        if (Math.floor(written / 10_000) > Math.floor(previous / 10_000)) onProgress(written);
      }
    }
  };
  await Promise.all(Array.from({ length: PARALLEL }, worker));
  return { written, retries };
}

export interface ListTarget {
  name: string;
  path: string;
  token: string;
  /** Items every page must carry (guards against measuring an empty or refused list). */
  expectItems: number;
}

/** Sequential GETs of each target, interleaved in blocks so that drift in machine load hits all alike. */
export async function measureLists(baseUrl: string, targets: ListTarget[], requests: number, warmup: number): Promise<Record<string, Summary>> {
  const call = async (t: ListTarget): Promise<number> => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${baseUrl}${t.path}`, { headers: { Authorization: `Bearer ${t.token}` } });
    const body = (await res.json()) as { items?: unknown[] };
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 200 || body.items?.length !== t.expectItems) {
      throw new Error(`GET ${t.path}: status ${res.status}, ${body.items?.length ?? 'no'} items (expected ${t.expectItems})`);
    }
    return ms;
  };
  for (const t of targets) for (let i = 0; i < warmup; i++) await call(t);
  const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
  const block = 25;
  for (let done = 0; done < requests; done += block) {
    for (const t of targets) for (let i = 0; i < Math.min(block, requests - done); i++) times.get(t.name)!.push(await call(t));
  }
  return Object.fromEntries(targets.map((t) => [t.name, summarize(times.get(t.name)!)]));
}
