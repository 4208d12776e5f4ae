// The local platform for end-to-end tests: real HTTP on a free port, DynamoDB Local, outbox relay and sink.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { signToken } from '../../infra/local/auth.ts';
import { startPlatform, type Platform } from '../../infra/local/platform.ts';
import type { AlertPublisher } from '../../shared/alerts/outbox.ts';
import type { Caller } from './api-events.ts';

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

export interface TestPlatform extends Platform {
  dataDir: string;
  /** Where the platform's stream poller writes what it gave up on (`<dataDir>/outbox-dlq.jsonl`). */
  deadLetterFile: string;
  /** The dead-letter lines so far, oldest first. */
  deadLetters(): DeadLetter[];
  token(caller: Caller): Promise<string>;
  call(method: string, path: string, opts?: { caller?: Caller | null; body?: unknown; rawBody?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Headers; body: any }>;
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
      },
      platform.secret,
    );
  const deadLetterFile = join(dataDir, 'outbox-dlq.jsonl');
  return {
    ...platform,
    dataDir,
    deadLetterFile,
    deadLetters() {
      if (!existsSync(deadLetterFile)) return [];
      return readFileSync(deadLetterFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as DeadLetter);
    },
    token,
    async call(method, path, o = {}) {
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
      return { status: res.status, headers: res.headers, body: parsed };
    },
    async close() {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
