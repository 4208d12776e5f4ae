// Assembles the local platform: DynamoDB Local, the table, the local SNS with its sink, the API server and the outbox
// relay on the stream. Alerts take the Lambda's path: HTTP -> handler -> DynamoDB Local -> stream -> relay -> SNS API
// -> subscriptions whose filter policy matches. `npm start` runs it with data under LOCAL_DATA_DIR; tests run it in
// memory on free ports.
import type { Server } from 'node:http';
import { join } from 'node:path';
import { relayBatch, tableLedger } from '../../shared/alerts/outbox.ts';
import type { AlertPublisher } from '../../shared/alerts/outbox.ts';
import { snsPublisher } from '../../shared/alerts/sns.ts';
import { resetSnsClientForTests, snsClient } from '../../shared/alerts/sns-client.ts';
import { documentClient } from '../../shared/store/client.ts';
import { JOB_NAMES, type JobRun } from '../../shared/jobs.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { ensureTable, freePort, localClient, startDynamoLocal, type DynamoLocal } from './dynamo.ts';
import { loadOrCreateSecret } from './auth.ts';
import { createLocalServer } from './server.ts';
import { localSink, type LocalSink } from './sink.ts';
import { startSnsLocal, type SnsLocal } from './sns-local.ts';
import { startStreamPoller, type StreamPoller } from './stream-poller.ts';

export interface PlatformOptions {
  dataDir: string;
  /** Keep DynamoDB data on disk under dataDir/dynamodb (npm start) or in memory (tests). */
  persist: boolean;
  port?: number;
  dynamoPort?: number;
  tableName?: string;
  /** An already running DynamoDB Local to use instead of starting one. */
  dynamoEndpoint?: string;
  /** Replaces the relay's SNS publisher (tests inject failing ones); the local SNS still serves subscriptions. */
  publisher?: AlertPublisher;
  print?: (line: string) => void;
  logRequests?: boolean;
}

export interface Platform {
  url: string;
  port: number;
  tableName: string;
  dynamoEndpoint: string;
  secret: Uint8Array;
  /** What the local SNS published and delivered. */
  sink: LocalSink;
  /** The local SNS itself, for fault injection (`failNextPublishes`). */
  sns: SnsLocal;
  topicArn: string;
  poller: StreamPoller;
  stop(): Promise<void>;
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const print = opts.print ?? ((l: string) => console.log(l));
  const tableName = opts.tableName ?? 'emergency-local';
  let dynamo: DynamoLocal | undefined;
  let endpoint = opts.dynamoEndpoint;
  if (!endpoint) {
    dynamo = await startDynamoLocal({
      ...(opts.dynamoPort ? { port: opts.dynamoPort } : {}),
      ...(opts.persist ? { dataDir: join(opts.dataDir, 'dynamodb') } : {}),
    });
    endpoint = dynamo.endpoint;
  }
  let server: Server | undefined;
  let poller: StreamPoller | undefined;
  let sns: SnsLocal | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  try {
    // The handlers read their configuration once, at import: set it before the first request loads them.
    process.env['TABLE_NAME'] = tableName;
    process.env['DYNAMODB_ENDPOINT'] = endpoint;
    process.env['AWS_REGION'] ??= 'cn-north-1';
    resetConfigForTests();
    const client = localClient(endpoint);
    const created = await ensureTable(client, tableName);
    if (created === 'created') print(`created table ${tableName}`);

    const sink = localSink(print);
    const topicArn = `arn:aws:sns:${process.env['AWS_REGION']}:000000000000:erp-local-alerts`;
    sns = await startSnsLocal({
      topicArns: [topicArn],
      listener: sink,
      ...(opts.persist ? { stateFile: join(opts.dataDir, 'sns-subscriptions.json') } : {}),
    });
    process.env['SNS_ENDPOINT'] = sns.endpoint;
    process.env['TOPIC_ARN'] = topicArn;
    resetSnsClientForTests();
    // The relay's own publisher, on the same client the Lambda builds from SNS_ENDPOINT and TOPIC_ARN.
    const publisher = opts.publisher ?? snsPublisher(snsClient(), topicArn);
    const ledger = tableLedger(documentClient(), tableName);
    poller = await startStreamPoller({
      endpoint,
      client,
      tableName,
      relay: (records) => relayBatch(records, publisher, ledger),
      deadLetterFile: join(opts.dataDir, 'outbox-dlq.jsonl'),
      log: print,
    });

    const secret = loadOrCreateSecret(opts.dataDir);
    server = createLocalServer({ secret, ...(opts.logRequests ? { onRequest: print } : {}) });
    const port = opts.port ?? (await freePort());
    await new Promise<void>((ok, fail) => {
      server!.once('error', fail);
      server!.listen(port, '127.0.0.1', () => ok());
    });

    // Every scheduled job of shared/jobs.ts, at start and hourly (AWS runs them daily; each judges what is due itself).
    const runs = await Promise.all(
      JOB_NAMES.map(async (name) => ({ name, run: ((await import(`../../functions/${name}/job.ts`)) as { run: JobRun }).run })),
    );
    const sweep = () =>
      Promise.all(
        runs.map(({ name, run }) =>
          run({ db: documentClient(), table: tableName, now: new Date(), runId: `local-${name}-${Date.now()}`, progress: () => undefined })
            .then((r) => {
              const done = Object.entries(r).filter(([k, v]) => k !== 'checked' && v > 0);
              if (done.length > 0) print(`job ${name}: ${done.map(([k, v]) => `${k}=${v}`).join(' ')}`);
            })
            .catch((err: Error) => print(`job ${name} failed: ${err.name}`)),
        ),
      );
    void sweep();
    sweepTimer = setInterval(() => void sweep(), 3600_000);
    sweepTimer.unref();

    const p = poller;
    const s = server;
    const q = sns;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      tableName,
      dynamoEndpoint: endpoint,
      secret,
      sink,
      sns: q,
      topicArn,
      poller: p,
      async stop() {
        clearInterval(sweepTimer);
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
        await p.stop();
        resetSnsClientForTests();
        await q.stop();
        client.destroy();
        await dynamo?.stop();
      },
    };
  } catch (err) {
    clearInterval(sweepTimer);
    server?.close();
    await poller?.stop();
    await sns?.stop();
    await dynamo?.stop();
    throw err;
  }
}
