// npm run invoke -- <function> <event.json>: runs one function locally against DynamoDB Local and prints its result.
// Uses the DynamoDB Local of a running `npm start`, or starts one on the same data for the duration of the call.
import './env.ts';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { API_FUNCTIONS } from '../routes.ts';
import { ensureTable, localClient, startDynamoLocal, type DynamoLocal } from './dynamo.ts';
import { lambdaContext } from './lambda-context.ts';
import { localSink } from './sink.ts';
import { startSnsLocal, type SnsLocal } from './sns-local.ts';

const FUNCTIONS = [...API_FUNCTIONS, 'outbox-relay', 'plan-deadlines'] as const;
const [fn, file] = process.argv.slice(2);
if (!fn || !file || !(FUNCTIONS as readonly string[]).includes(fn)) {
  console.error(`usage: npm run invoke -- <${FUNCTIONS.join('|')}> <event.json>`);
  process.exit(2);
}
const event: unknown = JSON.parse(readFileSync(resolve(file), 'utf8'));
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

  const mod = (await import(`../../functions/${fn}/handler.ts`)) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
  const result = await mod.handler(event, lambdaContext(fn));
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
