// Opens and commits a request's unit of work: audit context from the principal, the idempotency record of a
// creating POST in the same transaction, and If-Match awareness when the entity condition fails.
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recordIdempotency } from '../store/idempotency.ts';
import { UnitOfWork } from '../store/unit-of-work.ts';
import { PreconditionFailed } from '../errors.ts';
import type { ApiRequest, ApiResult } from './api.ts';

export function openUnitOfWork(table: string, req: ApiRequest, now: Date): UnitOfWork {
  return new UnitOfWork(table, {
    sub: req.principal.sub,
    role: req.principal.roles.join(','),
    division: req.principal.division,
    requestId: req.requestId,
    at: now.toISOString(),
  });
}

export async function commit(db: DynamoDBDocumentClient, uow: UnitOfWork, req: ApiRequest, result: ApiResult, now: Date): Promise<ApiResult> {
  if (req.idempotency) {
    recordIdempotency(
      uow,
      req.idempotency,
      {
        statusCode: result.status,
        body: result.body,
        ...(result.etag !== undefined ? { etag: result.etag } : {}),
        ...(result.headers ? { headers: result.headers } : {}),
      },
      Math.floor(now.getTime() / 1000),
    );
  }
  await uow.commit(db, { ifMatchSent: req.ifMatch !== undefined });
  return result;
}

/** A stale If-Match is refused before anything is written (412); a missing one is the route's business. */
export function checkIfMatch(req: ApiRequest, rev: number): void {
  if (req.ifMatch !== undefined && req.ifMatch !== rev) {
    throw new PreconditionFailed('The record changed since you read it; read it again and retry with the new ETag.');
  }
}
