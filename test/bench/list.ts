// List latency against division size: plan heads seeded straight into the table (BatchWriteItem), then
// GET /v1/plans?division=...&limit=20 over HTTP, one request at a time.
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { headItem, samplePlan, type SampleStage } from './fixtures.ts';
import { summarize, type Summary } from './stats.ts';

const BATCH = 25;
const PARALLEL = 8;
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
): Promise<{ written: number; retries: number }> {
  const now = new Date();
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < count; i += BATCH) {
    const batch: Record<string, unknown>[] = [];
    for (let j = i; j < Math.min(count, i + BATCH); j++) batch.push(headItem(samplePlan(division, { stage: stageOf(j), title: `Plan ${j} of ${division}`, now }).plan));
    batches.push(batch);
  }
  let next = 0;
  let written = 0;
  let retries = 0;
  const worker = async () => {
    for (let b = next++; b < batches.length; b = next++) {
      let items = batches[b]!;
      for (let attempt = 0; items.length > 0; attempt++) {
        if (attempt >= MAX_ATTEMPTS) throw new Error(`BatchWrite left ${items.length} items unprocessed after ${MAX_ATTEMPTS} attempts`);
        if (attempt > 0) {
          retries += 1;
          await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
        }
        const r = await db.send(new BatchWriteCommand({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } }));
        const left = r.UnprocessedItems?.[table] ?? [];
        const before = items.length;
        items = left.map((w) => w.PutRequest!.Item as Record<string, unknown>);
        const done = before - items.length;
        const previous = written;
        written += done;
        if (Math.floor(written / 5000) > Math.floor(previous / 5000)) onProgress(written);
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
