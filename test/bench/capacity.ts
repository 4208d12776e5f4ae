// What one API call costs in DynamoDB request units and handler time: the handler is invoked in-process against
// DynamoDB Local (as the local host invokes it), with ReturnConsumedCapacity on every command it sends, counted per
// call through AsyncLocalStorage so that the relay working in the same process is not counted with it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { summarize } from './stats.ts';

export interface Units {
  /** Read request units (on-demand): GetItem, Query, BatchGetItem. */
  read: number;
  /** Write request units (on-demand): PutItem, UpdateItem, DeleteItem, TransactWriteItems, BatchWriteItem. */
  write: number;
}

export interface CallCost extends Units {
  calls: number;
  /** Handler duration in ms, in-process (what Lambda bills as duration, less its own overhead). */
  p50Ms: number;
  meanMs: number;
  /** Commands sent per call. */
  commands: Record<string, number>;
}

const counter = new AsyncLocalStorage<Units & { commands: Record<string, number> }>();
const READS = new Set(['GetItemCommand', 'QueryCommand', 'BatchGetItemCommand', 'ScanCommand', 'TransactGetItemsCommand']);

type CapacityOut = { CapacityUnits?: number } | { CapacityUnits?: number }[] | undefined;
const sum = (c: CapacityOut) => (Array.isArray(c) ? c : c ? [c] : []).reduce((n, x) => n + (x.CapacityUnits ?? 0), 0);

/** Asks DynamoDB for the capacity of every command `db` sends, and adds it to the call being counted, if any. */
export function countCapacity(db: DynamoDBDocumentClient): void {
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const store = counter.getStore();
      if (!store) return next(args);
      (args.input as Record<string, unknown>)['ReturnConsumedCapacity'] = 'TOTAL';
      const r = await next(args);
      const units = sum((r.output as { ConsumedCapacity?: CapacityOut }).ConsumedCapacity);
      const name = context.commandName ?? 'Unknown';
      if (READS.has(name)) store.read += units;
      else store.write += units;
      store.commands[name] = (store.commands[name] ?? 0) + 1;
      return r;
    },
    { step: 'initialize', name: 'benchConsumedCapacity' },
  );
}

/** Runs `call` `n` times one after the other, each counted on its own; `check` refuses a result that did not do the work. */
export async function measureCalls<T>(n: number, call: (i: number) => Promise<T>, check: (r: T) => void): Promise<CallCost> {
  const total = { read: 0, write: 0, commands: {} as Record<string, number> };
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const store = { read: 0, write: 0, commands: {} as Record<string, number> };
    const t0 = process.hrtime.bigint();
    const r = await counter.run(store, () => call(i));
    ms.push(Number(process.hrtime.bigint() - t0) / 1e6);
    check(r);
    total.read += store.read;
    total.write += store.write;
    for (const [k, v] of Object.entries(store.commands)) total.commands[k] = (total.commands[k] ?? 0) + v;
  }
  const s = summarize(ms);
  return {
    calls: n,
    read: total.read / n,
    write: total.write / n,
    p50Ms: s.p50,
    meanMs: s.mean,
    commands: Object.fromEntries(Object.entries(total.commands).map(([k, v]) => [k, v / n])),
  };
}
