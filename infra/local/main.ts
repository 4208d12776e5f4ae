// npm start: the whole platform on this machine. Ctrl-C or SIGTERM stops it, DynamoDB Local included.
import './env.ts';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startPlatform } from './platform.ts';

if (spawnSync('java', ['-version'], { stdio: 'ignore' }).status !== 0) {
  console.error('DynamoDB Local needs Java and `java` is not on PATH: sudo apt-get install -y openjdk-17-jre-headless (or any Java 17+).');
  process.exit(1);
}

const dataDir = resolve(process.env['LOCAL_DATA_DIR'] ?? '.local');
const port = Number(process.env['PORT'] ?? 3000);
const dynamoPort = process.env['DYNAMODB_PORT'] ? Number(process.env['DYNAMODB_PORT']) : undefined;

try {
  const platform = await startPlatform({ dataDir, persist: true, port, ...(dynamoPort ? { dynamoPort } : {}), logRequests: true });
  console.log(`
Emergency response platform (local) is running.
  API:       ${platform.url}/v1   (try ${platform.url}/v1/health, ${platform.url}/v1/openapi.json)
  DynamoDB:  ${platform.dynamoEndpoint}  table ${platform.tableName}, data in ${dataDir}
  Alerts:    printed here, one line each ("alert ..."), then one per subscription it reaches ("  -> subscription ...")
  A token:   TOKEN=$(npm run --silent token -- --role office --division 110105 --level county)
             curl -H "Authorization: Bearer $TOKEN" ${platform.url}/v1/plans
Press Ctrl-C to stop.`);
  // `npm run invoke` finds the running DynamoDB Local here instead of starting a second one on the same files.
  const runtimeFile = join(dataDir, 'runtime.json');
  writeFileSync(
    runtimeFile,
    JSON.stringify({
      pid: process.pid,
      dynamoEndpoint: platform.dynamoEndpoint,
      tableName: platform.tableName,
      snsEndpoint: platform.sns.endpoint,
      topicArn: platform.topicArn,
      url: platform.url,
    }),
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping the API, the outbox relay and DynamoDB Local...`);
    rmSync(runtimeFile, { force: true });
    await platform.stop();
    console.log('stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  console.error(`Could not start the local platform: ${(err as Error).message}`);
  process.exit(1);
}
