// What `npm run invoke` and `npm run seed` run against: the database and SNS of a running `npm start` (found through
// LOCAL_DATA_DIR/runtime.json), or, when none runs, DynamoDB Local and a local SNS of their own on the same data for
// the duration of the command. Either way the handlers find them through the environment, as on AWS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskPhone } from '../../shared/pii/mask.ts';
import { ensureTable, localClient, startDynamoLocal, type DynamoLocal } from './dynamo.ts';
import { localSink } from './sink.ts';
import { startSnsLocal, type SnsLocal } from './sns-local.ts';

/** What `npm start` writes to LOCAL_DATA_DIR/runtime.json while it runs. */
export interface RuntimeFile {
  pid: number;
  dynamoEndpoint: string;
  tableName: string;
  snsEndpoint: string;
  topicArn: string;
  url?: string;
}

/** The npm start serving this data directory, if one is running. */
export function runningHost(dataDir: string): RuntimeFile | undefined {
  const f = join(dataDir, 'runtime.json');
  if (!existsSync(f)) return undefined;
  try {
    const rt = JSON.parse(readFileSync(f, 'utf8')) as RuntimeFile;
    process.kill(rt.pid, 0);
    return rt;
  } catch {
    return undefined;
  }
}

export interface LocalTarget {
  tableName: string;
  /** The running npm start's URL, when the command uses its database. */
  hostUrl?: string;
  /** Stops what the command started for itself (nothing of a running npm start). */
  close(): Promise<void>;
}

/** Points this process's handlers at the local platform of `dataDir`, starting its database when nothing runs. */
export async function connectLocal(dataDir: string, print: (line: string) => void = (l) => console.error(l)): Promise<LocalTarget> {
  const running = runningHost(dataDir);
  let dynamo: DynamoLocal | undefined;
  let sns: SnsLocal | undefined;
  try {
    let endpoint = running?.dynamoEndpoint;
    if (!endpoint) {
      dynamo = await startDynamoLocal({ dataDir: join(dataDir, 'dynamodb') });
      endpoint = dynamo.endpoint;
    }
    const tableName = running?.tableName ?? 'emergency-local';
    process.env['TABLE_NAME'] = tableName;
    process.env['DYNAMODB_ENDPOINT'] = endpoint;
    // The local key files (blind-index MAC, data-key wrapping) live in the data directory, as npm start has them.
    process.env['LOCAL_DATA_DIR'] ??= dataDir;
    // SNS as the running host has it, or a local SNS on the same subscriptions for the duration of the command.
    const topicArn = running?.topicArn ?? `arn:aws:sns:${process.env['AWS_REGION'] ?? 'cn-north-1'}:000000000000:erp-local-alerts`;
    if (!running) {
      sns = await startSnsLocal({
        topicArns: [topicArn],
        listener: localSink(print),
        stateFile: join(dataDir, 'sns-subscriptions.json'),
        onSms: (m) => print(`sms to ${maskPhone(m.phoneNumber)}: ${m.message}`),
      });
    }
    process.env['SNS_ENDPOINT'] = running?.snsEndpoint ?? sns!.endpoint;
    process.env['TOPIC_ARN'] = topicArn;
    const client = localClient(endpoint);
    await ensureTable(client, tableName);
    client.destroy();
    return {
      tableName,
      ...(running?.url ? { hostUrl: running.url } : {}),
      async close() {
        await sns?.stop();
        await dynamo?.stop();
      },
    };
  } catch (err) {
    await sns?.stop();
    await dynamo?.stop();
    throw err;
  }
}
