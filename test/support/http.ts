// The local platform for end-to-end tests: real HTTP on a free port, DynamoDB Local, outbox relay and sink. Every 2xx
// JSON answer is checked against its route's response schema (contract.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { signToken } from '../../infra/local/auth.ts';
import { localClient } from '../../infra/local/dynamo.ts';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import type { AlertPublisher } from '../../shared/alerts/outbox.ts';
import { linkTo, routes, type RouteName } from '../../shared/http/routes.ts';
import type { EventInput } from './api-events.ts';
import { countyOffice, type Caller } from './callers.ts';
import { checkResponseTo } from './contract.ts';
import { tableDump, type Item } from './local-table.ts';

/** One line of the dead-letter file: a stream record that failed every attempt. */
export interface DeadLetter {
  at: string;
  attempts: number;
  record: DynamoDBRecord;
}

/** The outbox event id in a stream record's new image, if it is an outbox item. */
export function eventIdOf(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage;
  return image ? (unmarshall(image as Record<string, AttributeValue>)['eventId'] as string | undefined) : undefined;
}

/** An answer over HTTP: status, headers and the body parsed when it is JSON (else the text). */
export interface HttpReply {
  status: number;
  headers: Headers;
  body: any;
}

export interface CallOptions {
  caller?: Caller | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface TestPlatform extends Platform {
  dataDir: string;
  /** A document client on the platform's DynamoDB Local, for looking into the table. */
  db: DynamoDBDocumentClient;
  /** Every item of the platform's table, in key order. */
  dump(): Promise<Item[]>;
  /** Where the platform's stream poller writes what it gave up on (`<dataDir>/outbox-dlq.jsonl`). */
  deadLetterFile: string;
  /** The dead-letter lines so far, oldest first. */
  deadLetters(): DeadLetter[];
  token(caller: Caller): Promise<string>;
  call(method: string, path: string, opts?: CallOptions): Promise<HttpReply>;
  /** A route of the table by name, its path built from the route table; the county office calls unless told (as apiEvent). */
  route(name: RouteName, input?: EventInput): Promise<HttpReply>;
  /** The subscriptions an alert was delivered to. */
  deliveriesOf(eventId: string): string[];
  close(): Promise<void>;
}

export async function startTestPlatform(opts: { publisher?: AlertPublisher } = {}): Promise<TestPlatform> {
  const dataDir = mkdtempSync(join(tmpdir(), 'erp-e2e-'));
  const platform = await startPlatform({
    dataDir,
    persist: false,
    dynamoEndpoint: inject('dynamoEndpoint'),
    tableName: `e2e-${randomUUID().slice(0, 8)}`,
    print: () => undefined,
    ...(opts.publisher ? { publisher: opts.publisher } : {}),
  });
  const token = (c: Caller) =>
    signToken(
      {
        sub: c.sub ?? `user-${c.roles[0]}`,
        roles: c.roles,
        ...(c.division ? { division: c.division } : {}),
        ...(c.level ? { level: c.level } : {}),
        ...(c.orgId ? { orgId: c.orgId } : {}),
        ...(c.phone ? { phone: c.phone, phoneVerified: c.phoneVerified === true } : {}),
        ...(c.idNumber ? { idNumber: c.idNumber } : {}),
      },
      platform.secret,
    );
  const deadLetterFile = join(dataDir, 'outbox-dlq.jsonl');
  const db = DynamoDBDocumentClient.from(localClient(platform.dynamoEndpoint));
  const call: TestPlatform['call'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.caller) headers['Authorization'] = `Bearer ${await token(o.caller)}`;
    let body: string | undefined = o.rawBody;
    if (o.body !== undefined) body = JSON.stringify(o.body);
    if (body !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await fetch(`${platform.url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    checkResponseTo(method, path, res.status, parsed);
    return { status: res.status, headers: res.headers, body: parsed };
  };
  return {
    ...platform,
    dataDir,
    db,
    dump: () => tableDump(db, platform.tableName),
    deadLetterFile,
    deadLetters() {
      if (!existsSync(deadLetterFile)) return [];
      return readFileSync(deadLetterFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DeadLetter);
    },
    token,
    call,
    route(name, input = {}) {
      const r = routes[name];
      const query = new URLSearchParams(input.query ?? {}).toString();
      const path = `${linkTo(r, input.params ?? {})}${query ? `?${query}` : ''}`;
      return call(r.method, path, {
        caller: input.caller === undefined ? countyOffice : input.caller,
        ...(input.body !== undefined ? { body: input.body } : {}),
        ...(input.rawBody !== undefined ? { rawBody: input.rawBody } : {}),
        ...(input.headers ? { headers: input.headers } : {}),
      });
    },
    deliveriesOf: (eventId) => platform.sink.deliveries.filter((d) => d.alert.eventId === eventId).map((d) => d.subscriptionId),
    async close() {
      db.destroy();
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
