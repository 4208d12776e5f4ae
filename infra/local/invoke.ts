// npm run invoke -- <function> <event.json>: runs one function locally against DynamoDB Local and prints its result.
// npm run invoke -- <job> --at <ISO time>: runs a scheduled job once, as of that time (what would a sweep do then?).
// Uses the DynamoDB Local of a running `npm start`, or starts one on the same data for the duration of the call.
import './env.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { API_FUNCTIONS } from '../../shared/http/routes.ts';
import { JOB_NAMES, isJobName, type JobRun } from '../../shared/jobs.ts';
import { ensureTable, localClient, startDynamoLocal, type DynamoLocal } from './dynamo.ts';
import { lambdaContext } from './lambda-context.ts';
import { localSink } from './sink.ts';
import { startSnsLocal, type SnsLocal } from './sns-local.ts';

const FUNCTIONS: readonly string[] = [...API_FUNCTIONS, 'outbox-relay', ...JOB_NAMES];
const usage = `usage: npm run invoke -- <${FUNCTIONS.join('|')}> <event.json>\n       npm run invoke -- <${JOB_NAMES.join('|')}> --at <ISO time>`;
const [fn, second, third] = process.argv.slice(2);
function fail(line: string): never {
  console.error(line);
  process.exit(2);
}
if (!fn || !FUNCTIONS.includes(fn)) fail(fn ? `invoke: no function or job named '${fn}'.\n${usage}` : usage);
let event: unknown;
if (second === '--at') {
  if (!isJobName(fn)) fail(`invoke: --at runs a scheduled job; '${fn}' is not one (${JOB_NAMES.join(', ')}).`);
  if (!third || Number.isNaN(Date.parse(third))) fail(`invoke: --at needs an ISO time, e.g. --at 2026-12-24T09:00:00+08:00.`);
  event = { time: new Date(third).toISOString() };
} else {
  if (!second) fail(usage);
  const path = resolve(second);
  if (!existsSync(path)) fail(`invoke: no event file ${second}.`);
  try {
    event = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    fail(`invoke: ${second} is not a JSON file.`);
  }
}
const dataDir = resolve(process.env['LOCAL_DATA_DIR'] ?? '.local');

interface Running {
  pid: number;
  dynamoEndpoint: string;
  tableName: string;
  snsEndpoint: string;
  topicArn: string;
}

function runningPlatform(): Running | undefined {
  const f = join(dataDir, 'runtime.json');
  if (!existsSync(f)) return undefined;
  const rt = JSON.parse(readFileSync(f, 'utf8')) as Running;
  try {
    process.kill(rt.pid, 0);
    return rt;
  } catch {
    return undefined;
  }
}

let dynamo: DynamoLocal | undefined;
let sns: SnsLocal | undefined;
try {
  const running = runningPlatform();
  let endpoint = running?.dynamoEndpoint;
  if (!endpoint) {
    dynamo = await startDynamoLocal({ dataDir: join(dataDir, 'dynamodb') });
    endpoint = dynamo.endpoint;
  }
  const tableName = running?.tableName ?? 'emergency-local';
  process.env['TABLE_NAME'] = tableName;
  process.env['DYNAMODB_ENDPOINT'] = endpoint;
  // SNS as the running host has it, or a local SNS on the same subscriptions for the duration of the call.
  const topicArn = running?.topicArn ?? `arn:aws:sns:${process.env['AWS_REGION']}:000000000000:erp-local-alerts`;
  if (!running) sns = await startSnsLocal({ topicArns: [topicArn], listener: localSink(), stateFile: join(dataDir, 'sns-subscriptions.json') });
  process.env['SNS_ENDPOINT'] = running?.snsEndpoint ?? sns!.endpoint;
  process.env['TOPIC_ARN'] = topicArn;
  const client = localClient(endpoint);
  await ensureTable(client, tableName);
  client.destroy();

  let result: unknown;
  if (isJobName(fn)) {
    // A job runs as the schedule would run it, with its progress lines on the terminal.
    const { run } = (await import(`../../functions/${fn}/job.ts`)) as { run: JobRun };
    const time = (event as { time?: unknown }).time;
    const now = typeof time === 'string' && !Number.isNaN(Date.parse(time)) ? new Date(time) : new Date();
    console.error(`running ${fn} as of ${now.toISOString()}`);
    const { documentClient } = await import('../../shared/store/client.ts');
    result = await run({ db: documentClient(), table: tableName, now, runId: `invoke-${fn}-${Date.now()}`, progress: (line, counts) => console.error(`  ${line} ${JSON.stringify(counts)}`) });
  } else {
    const mod = (await import(`../../functions/${fn}/handler.ts`)) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
    result = await mod.handler(event, lambdaContext(fn));
  }
  const r = result as { body?: unknown };
  if (typeof r?.body === 'string' && r.body.startsWith('{')) r.body = JSON.parse(r.body);
  console.log(JSON.stringify(result, null, 2));
} catch (err) {
  console.error(`invoke failed: ${(err as Error).message}`);
  process.exitCode = 1;
} finally {
  await sns?.stop();
  await dynamo?.stop();
}
