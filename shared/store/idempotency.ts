// Idempotency-Key on creating POSTs, written in the same transaction as the creation so a repeat can never
// create twice: the same key and body replay the first result; the same key with another body is a 422.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { IdempotencyKeyReused, ServiceUnavailable } from '../errors.ts';
import { keys } from './keys.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** Thrown when the idempotency record already exists (or is being written by a concurrent request). */
export class IdempotencyClash extends Error {
  override name = 'IdempotencyClash';
}

export interface IdempotencyRequest {
  /** Caller, route and key: two callers may use the same key without meeting. */
  scope: string;
  /** A hash of the request (never the body itself: bodies may hold personal data). */
  hash: string;
}

/**
 * The first answer to a key, replayed to repeats. Bodies hold masked views only, never clear personal data; a secret
 * the answer must give again (a report's follow-up code) is sealed in the stored body (functions/reports/idempotency.ts).
 */
export interface StoredResponse {
  statusCode: number;
  body: unknown;
  etag?: number;
  headers?: Record<string, string>;
}

/** Runs a creating use case under an Idempotency-Key. */
export interface IdempotencyRunner {
  run(req: IdempotencyRequest, attempt: () => Promise<StoredResponse>): Promise<StoredResponse & { replayed: boolean }>;
  /**
   * How the request is hashed for the record, when not with a plain SHA-256: functions whose bodies hold personal data
   * key it (the personal-data kernel's MAC), so the record cannot be used to test guesses of that data.
   */
  hash?(request: unknown): Promise<string>;
}

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;

export function recordIdempotency(uow: UnitOfWork, req: IdempotencyRequest, response: StoredResponse, nowSeconds: number): void {
  uow.put(
    'idempotency',
    {
      ...keys.idempotency(req.scope),
      kind: 'idempotency',
      requestHash: req.hash,
      statusCode: response.statusCode,
      responseBody: JSON.stringify(response.body),
      etag: response.etag,
      responseHeaders: response.headers,
      expiresAt: nowSeconds + IDEMPOTENCY_TTL_SECONDS,
    },
    // TTL deletes lazily: an expired record no longer binds the key.
    { expression: 'attribute_not_exists(PK) OR expiresAt < :now', values: { ':now': nowSeconds } },
  );
}

/**
 * The first answer to this key, to replay; undefined when the key is unused (or its record expired). The same key with
 * another request is a 422 (IdempotencyKeyReused), refused before anything is written.
 */
export async function replayOf(db: DynamoDBDocumentClient, table: string, req: IdempotencyRequest, nowSeconds: number): Promise<(StoredResponse & { replayed: true }) | undefined> {
  const found = await db.send(new GetCommand({ TableName: table, Key: keys.idempotency(req.scope), ConsistentRead: true }));
  const item = found.Item as { requestHash: string; statusCode: number; responseBody: string; etag?: number; responseHeaders?: Record<string, string>; expiresAt: number } | undefined;
  if (!item || item.expiresAt < nowSeconds) return undefined;
  if (item.requestHash !== req.hash) {
    throw new IdempotencyKeyReused('This Idempotency-Key was used with a different request body.');
  }
  return {
    statusCode: item.statusCode,
    body: JSON.parse(item.responseBody),
    ...(item.etag !== undefined ? { etag: item.etag } : {}),
    ...(item.responseHeaders ? { headers: item.responseHeaders } : {}),
    replayed: true,
  };
}

/**
 * Runs a creating use case under an idempotency key. When the record already exists, replays it (same body) or
 * refuses (other body). When a concurrent request holds the key but has not committed, waits briefly and looks again.
 */
export async function runIdempotent(
  db: DynamoDBDocumentClient,
  table: string,
  req: IdempotencyRequest,
  nowSeconds: () => number,
  attempt: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  for (let i = 0; i < 6; i++) {
    try {
      return { ...(await attempt()), replayed: false };
    } catch (err) {
      if (!(err instanceof IdempotencyClash)) throw err;
    }
    const earlier = await replayOf(db, table, req, nowSeconds());
    if (earlier) return earlier;
    // The other request is still in flight (TransactionConflict) or failed: back off and try again.
    await new Promise((r) => setTimeout(r, 20 * 2 ** i + Math.random() * 20));
  }
  throw new ServiceUnavailable('Another request with this Idempotency-Key is still in progress.', 1);
}

/** `clock` must be the one the use cases stamp records with, so expiry is judged on the same time line. */
export function tableIdempotency(db: () => DynamoDBDocumentClient, table: () => string, clock: () => Date, opts: Pick<IdempotencyRunner, 'hash'> = {}): IdempotencyRunner {
  return { run: (req, attempt) => runIdempotent(db(), table(), req, () => Math.floor(clock().getTime() / 1000), attempt), ...(opts.hash ? { hash: opts.hash } : {}) };
}
