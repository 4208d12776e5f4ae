// npm start: the whole platform on this machine. Ctrl-C or SIGTERM stops it, DynamoDB Local included.
import './env.ts';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { assertPortFree, PortInUse } from './dynamo.ts';
import { startPlatform, type Platform } from './platform.ts';
import { runningHost, type RuntimeFile } from './target.ts';

if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
  console.error('DynamoDB Local needs Java and `java` is not on PATH: sudo apt-get install -y openjdk-17-jre-headless (or any Java 17+).');
  process.exit(1);
}

const dataDir = resolve(process.env['LOCAL_DATA_DIR'] ?? '.local');
const port = Number(process.env['PORT'] ?? 3000);
const dynamoPort = process.env['DYNAMODB_PORT'] ? Number(process.env['DYNAMODB_PORT']) : undefined;
const runtimeFile = join(dataDir, 'runtime.json');

let platform: Platform | undefined;
let stopping = false;
const shutdown = async (why: string, exitCode: number) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${why}: stopping the API, the outbox relay and DynamoDB Local...`);
  rmSync(runtimeFile, { force: true });
  await platform?.stop();
  console.log('stopped.');
  process.exit(exitCode);
};

// From the start: DynamoDB Local runs in its own process group, so a Ctrl-C during start-up must end it here too.
process.on('SIGINT', () => void shutdown('SIGINT', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM', 0));

try {
  await assertPortFree(port, 'PORT');
  // A second DynamoDB Local must not open the files of the one the running npm start has open.
  const other = runningHost(dataDir);
  if (other) {
    console.error(`npm start is already running on this data (${dataDir}, pid ${other.pid}${other.url ? `, ${other.url}` : ''}): stop it, or give a second one its own LOCAL_DATA_DIR and PORT.`);
    process.exit(1);
  }
  platform = await startPlatform({
    dataDir,
    persist: true,
    port,
    ...(dynamoPort ? { dynamoPort } : {}),
    logRequests: true,
    ...(process.env['PUBLIC_BASE_URL'] ? { publicBaseUrl: process.env['PUBLIC_BASE_URL'] } : {}),
    onFatal: (reason) => void shutdown(reason, 1),
  });
  console.log(`
Emergency response platform (local) is running.
  Console:   ${platform.url}/   (sign in locally at ${platform.url}/local/sign-in)
  API:       ${platform.url}/v1   (try ${platform.url}/v1/health, ${platform.url}/v1/openapi.json)
  DynamoDB:  ${platform.dynamoEndpoint}  table ${platform.tableName}, data in ${dataDir}
  Alerts:    printed here, one line each ("alert ..."), then one per subscription it reaches ("  -> subscription ...")
  A token:   TOKEN=$(npm run --silent token -- --role office --division 110105 --level county)
             curl -H "Authorization: Bearer $TOKEN" ${platform.url}/v1/plans
  Sample data: npm run seed   (Wuhan 420100 with 江岸区 420102 and 武昌区 420106; the events/ samples answer 2xx on it)
Press Ctrl-C to stop.`);
  // `npm run invoke` and `npm run seed` find the running DynamoDB Local here instead of starting a second one on the same files.
  const runtime: RuntimeFile = {
    pid: process.pid,
    dynamoEndpoint: platform.dynamoEndpoint,
    tableName: platform.tableName,
    snsEndpoint: platform.sns.endpoint,
    topicArn: platform.topicArn,
    url: platform.url,
  };
  writeFileSync(runtimeFile, JSON.stringify(runtime));
} catch (err) {
  // A taken port is one plain line; anything else says what failed (DynamoDB Local's own output included).
  console.error(err instanceof PortInUse ? err.message : `Could not start the local platform: ${(err as Error).message}`);
  process.exit(1);
}
