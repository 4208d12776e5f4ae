// Assembles the local platform: DynamoDB Local, the table, the local SNS with its sink, the API server and the outbox
// relay on the stream. Alerts take the Lambda's path: HTTP -> handler -> DynamoDB Local -> stream -> relay -> SNS API
// -> subscriptions whose filter policy matches. `npm start` runs it with data under LOCAL_DATA_DIR; tests run it in
// memory on free ports. It watches its DynamoDB Local: one that stops by itself is restarted on the same data (persisted)
// or reported (in memory); meanwhile the API answers 503 with Retry-After and the relay waits.
import type { Server } from 'node:http';
import { join } from 'node:path';
import { relayBatch, tableLedger } from '../../shared/alerts/outbox.ts';
import type { AlertPublisher } from '../../shared/alerts/outbox.ts';
import { snsPublisher } from '../../shared/alerts/sns.ts';
import { noticeSender, snsSms, withPiiNotices } from '../../shared/alerts/pii-notice.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import { maskPhone } from '../../shared/pii/mask.ts';
import { resetSnsClientForTests, snsClient } from '../../shared/alerts/sns-client.ts';
import { documentClient } from '../../shared/store/client.ts';
import { JOB_NAMES, type JobRun } from '../../shared/jobs.ts';
import { resetConfigForTests } from '../../shared/config.ts';
import { Logger } from '../../shared/log.ts';
import { causeOf } from '../../shared/http/problem.ts';
import { assertPortFree, ensureTable, freePort, localClient, PortInUse, startDynamoLocal, type DynamoLocal } from './dynamo.ts';
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
  /** Links of public documents (CAP web, Atom id/self); the host's own URL unless given (PUBLIC_BASE_URL of npm start). */
  publicBaseUrl?: string;
  /**
   * DynamoDB Local stopped and could not be brought back (in memory: its data is gone; persisted: restarts failed or
   * it keeps stopping). npm start stops and exits non-zero; without it the platform only reports.
   */
  onFatal?: (reason: string) => void;
}

/** Restarts of a DynamoDB Local that keeps stopping: more than this many within the window and the host gives up. */
const MAX_RESTARTS = 3;
const RESTART_WINDOW_MS = 60_000;

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
  /** The Java process of the DynamoDB Local this platform started and watches (none when given an endpoint). */
  dynamoPid(): number | undefined;
  stop(): Promise<void>;
}

export async function startPlatform(opts: PlatformOptions): Promise<Platform> {
  const print = opts.print ?? ((l: string) => console.log(l));
  const tableName = opts.tableName ?? 'emergency-local';
  // A taken API port is said before DynamoDB Local starts on the data (a second npm start must not open it twice).
  if (opts.port !== undefined) await assertPortFree(opts.port, 'PORT');
  const dynamoOptions = {
    ...(opts.dynamoPort ? { port: opts.dynamoPort } : {}),
    ...(opts.persist ? { dataDir: join(opts.dataDir, 'dynamodb') } : {}),
    detached: true,
  };
  let dynamo: DynamoLocal | undefined;
  let endpoint = opts.dynamoEndpoint;
  if (!endpoint) {
    dynamo = await startDynamoLocal(dynamoOptions);
    endpoint = dynamo.endpoint;
  }
  let stopping = false;
  const restarts: number[] = [];
  /** Brings a DynamoDB Local that stopped by itself back, on the same port and data, or gives up plainly. */
  const watch = (d: DynamoLocal) =>
    void d.crashed.then(async ({ code, signal }) => {
      if (stopping) return;
      const how = signal ? `killed by ${signal}` : `exit code ${code}`;
      if (!opts.persist) {
        print(`DynamoDB Local stopped (${how}); its in-memory data is gone. The API answers 503 until the platform is restarted.`);
        opts.onFatal?.('DynamoDB Local (in memory) stopped');
        return;
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts[0]! < now - RESTART_WINDOW_MS) restarts.shift();
      if (restarts.length > MAX_RESTARTS) {
        print(`DynamoDB Local stopped (${how}) for the ${restarts.length}th time within a minute; not restarting it again.`);
        opts.onFatal?.('DynamoDB Local keeps stopping');
        return;
      }
      print(`DynamoDB Local stopped (${how}); restarting it on the same data in ${dynamoOptions.dataDir}. The API answers 503 meanwhile.`);
      try {
        // The same port: the handlers' and the relay's clients keep their endpoint.
        dynamo = await startDynamoLocal({ ...dynamoOptions, port: d.port });
        if (stopping) return void (await dynamo.stop());
        print(`DynamoDB Local is back on ${dynamo.endpoint}; nothing written before it stopped is lost.`);
        watch(dynamo);
      } catch (err) {
        dynamo = undefined;
        print(`DynamoDB Local could not be restarted: ${err instanceof PortInUse ? err.message : (err as Error).message.split('\n')[0]}`);
        opts.onFatal?.('DynamoDB Local could not be restarted');
      }
    });
  if (dynamo) watch(dynamo);
  let server: Server | undefined;
  let poller: StreamPoller | undefined;
  let sns: SnsLocal | undefined;
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  try {
    // The handlers read their configuration once, at import: set it before the first request loads them.
    process.env['TABLE_NAME'] = tableName;
    process.env['DYNAMODB_ENDPOINT'] = endpoint;
    process.env['AWS_REGION'] ??= 'cn-north-1';
    // The local key files (blind-index MAC, data-key wrapping) live in the data directory, as KMS keys do on AWS.
    process.env['LOCAL_DATA_DIR'] ??= opts.dataDir;
    resetConfigForTests();
    const client = localClient(endpoint);
    const created = await ensureTable(client, tableName);
    if (created === 'created') print(`created table ${tableName}`);

    const sink = localSink(print);
    const topicArn = `arn:aws:sns:${process.env['AWS_REGION']}:000000000000:erp-local-alerts`;
    sns = await startSnsLocal({
      topicArns: [topicArn],
      listener: sink,
      // There is no phone: a subscription's confirmation code is printed here, the number masked.
      onSms: (m) => print(`sms to ${maskPhone(m.phoneNumber)}: ${m.message}`),
      ...(opts.persist ? { stateFile: join(opts.dataDir, 'sns-subscriptions.json') } : {}),
    });
    process.env['SNS_ENDPOINT'] = sns.endpoint;
    process.env['TOPIC_ARN'] = topicArn;
    resetSnsClientForTests();
    // The relay's own publisher, on the same client the Lambda builds from SNS_ENDPOINT and TOPIC_ARN.
    // Notices after a response (PIPL Art 18) go to their phone through the same wrapper the Lambda uses.
    const publisher = withPiiNotices(
      opts.publisher ?? snsPublisher(snsClient(), topicArn),
      noticeSender({ db: documentClient(), table: tableName, vault: piiVault, sms: snsSms(snsClient()) }),
    );
    const ledger = tableLedger(documentClient(), tableName);
    // The relay's own logger: its lines name the outbox-relay service, as on AWS, and never carry the keys (route,
    // request id) of whichever API request last ran in this process on the shared logger.
    const relayLog = new Logger({ service: 'outbox-relay' });
    poller = await startStreamPoller({
      endpoint,
      client,
      tableName,
      // While DynamoDB Local restarts, a published alert waits to be recorded rather than go out twice.
      relay: (records) => relayBatch(records, publisher, ledger, { log: relayLog, markBudgetMs: 60_000 }),
      deadLetterFile: join(opts.dataDir, 'outbox-dlq.jsonl'),
      log: print,
    });

    const secret = loadOrCreateSecret(opts.dataDir);
    server = createLocalServer({ secret, ...(opts.logRequests ? { onRequest: print } : {}) });
    const port = opts.port ?? (await freePort());
    await new Promise<void>((ok, fail) => {
      server!.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'EADDRINUSE' ? new PortInUse('PORT', port) : err));
      server!.listen(port, '127.0.0.1', () => {
        // Before the first request loads a handler (handlers read their configuration at import).
        process.env['PUBLIC_BASE_URL'] = opts.publicBaseUrl ?? `http://127.0.0.1:${port}`;
        ok();
      });
    });

    // Every scheduled job of shared/jobs.ts, at start and hourly (AWS runs them daily; each judges what is due itself).
    const runs = await Promise.all(
      JOB_NAMES.map(async (name) => ({ name, run: ((await import(`../../functions/${name}/job.ts`)) as { run: JobRun }).run })),
    );
    const sweep = () =>
      (sweeping = Promise.all(
        runs.map(({ name, run }) =>
          run({ db: documentClient(), table: tableName, now: new Date(), runId: `local-${name}-${Date.now()}`, progress: () => undefined })
            .then((r) => {
              const done = Object.entries(r).filter(([k, v]) => k !== 'checked' && v > 0);
              if (done.length > 0) print(`job ${name}: ${done.map(([k, v]) => `${k}=${v}`).join(' ')}`);
            })
            .catch((err: unknown) => {
              if (!stopping) print(`job ${name} failed (${causeOf(err)}); it runs again within the hour`);
            }),
        ),
      ));
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
      dynamoPid: () => dynamo?.pid,
      // In order: no new requests, the job run and the relay finish their work, then SNS, then the table.
      async stop() {
        stopping = true;
        clearInterval(sweepTimer);
        s.closeAllConnections();
        await new Promise<void>((r) => s.close(() => r()));
        await sweeping;
        await p.stop();
        resetSnsClientForTests();
        await q.stop();
        client.destroy();
        await dynamo?.stop();
      },
    };
  } catch (err) {
    stopping = true;
    clearInterval(sweepTimer);
    server?.close();
    await poller?.stop();
    await sns?.stop();
    await dynamo?.stop();
    throw err;
  }
}
