// The machinery both bad-input matrices share: a request shape, the expected refusal, a sorted table dump, sending over
// HTTP, and the one assertion every case makes (a 4xx problem+json with its code, naming exactly the faulty field).
import { expect } from 'vitest';
import * as z from 'zod';
import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { RouteDef } from '../../shared/http/routes.ts';
import type { Caller } from './api-events.ts';
import type { TestPlatform } from './http.ts';

export type Route = RouteDef & { name: string };
export type Item = Record<string, unknown>;

export interface Request {
  method: string;
  path: string;
  caller: Caller | null;
  body?: unknown;
  rawBody?: string;
  headers: Record<string, string>;
}

export interface Expected {
  status: number | number[];
  code: string | string[];
  /** A field path that must appear in errors[], and no other. */
  path?: string;
}

export interface Case {
  name: string;
  request: () => Request;
  expected: Expected;
}

export const paramNames = (r: Route) => [...r.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
export const queryKeys = (r: Route) => (r.query instanceof z.ZodObject ? Object.keys(r.query.shape) : []);

/** Every item of the table, in key order, for before/after comparisons (test inspection only). */
export async function tableDump(db: DynamoDBDocumentClient, tableName: string): Promise<Item[]> {
  const out: Item[] = [];
  let start: Item | undefined;
  do {
    const r = await db.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: start }));
    out.push(...(r.Items ?? []));
    start = r.LastEvaluatedKey;
  } while (start);
  const key = (i: Item) => `${String(i['PK'])}\u0000${String(i['SK'])}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

export function sendRequest(platform: TestPlatform, req: Request) {
  return platform.call(req.method, req.path, {
    caller: req.caller,
    headers: req.headers,
    ...(req.rawBody !== undefined ? { rawBody: req.rawBody } : {}),
    ...(req.body !== undefined ? { body: req.body } : {}),
  });
}

/** A clear refusal: the expected 4xx (never 5xx) as problem+json with its code, naming the faulty field and no other. */
export function expectRefusal(res: { status: number; headers: Headers; body: any }, expected: Expected): void {
  const statuses = ([] as number[]).concat(expected.status);
  expect(statuses, `status ${res.status}: ${JSON.stringify(res.body)}`).toContain(res.status);
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers.get('content-type')).toBe('application/problem+json');
  expect(([] as string[]).concat(expected.code)).toContain(res.body.code);
  expect(res.body).toMatchObject({ status: res.status, type: expect.stringContaining(res.body.code), title: expect.any(String) });
  // Each request carries exactly one fault.
  if (expected.path) expect([...new Set(res.body.errors?.map((e: { path: string }) => e.path))], JSON.stringify(res.body.errors)).toEqual([expected.path]);
}
