// The HTTP side of a write: a use case opens a unit of work for its request (actor, request id, the clock's now) and
// commits it with the idempotency record of a creating POST and If-Match awareness. The write path itself is the
// store's unit of work (shared/store/unit-of-work.ts), which scheduled jobs use directly.
import { tableConfig } from '../config.ts';
import { PreconditionFailed } from '../errors.ts';
import { documentClient } from '../store/client.ts';
import { UnitOfWork } from '../store/unit-of-work.ts';
import type { ApiRequest, ApiResult } from './api.ts';

export function openUnitOfWork(req: Pick<ApiRequest, 'actor' | 'requestId'>, now: Date): UnitOfWork {
  return new UnitOfWork(tableConfig().TABLE_NAME, { actor: req.actor, requestId: req.requestId, at: now.toISOString() });
}

export async function commit(uow: UnitOfWork, req: Pick<ApiRequest, 'idempotency' | 'ifMatch'>, result: ApiResult): Promise<ApiResult> {
  await uow.commit(documentClient(), {
    ifMatchSent: req.ifMatch !== undefined,
    ...(req.idempotency
      ? {
          idempotency: {
            request: req.idempotency,
            response: {
              statusCode: result.status,
              body: result.body,
              ...(result.etag !== undefined ? { etag: result.etag } : {}),
              ...(result.headers ? { headers: result.headers } : {}),
            },
          },
        }
      : {}),
  });
  return result;
}

/** A stale If-Match is refused before anything is written (412); a missing one is the route's business. */
export function checkIfMatch(req: Pick<ApiRequest, 'ifMatch'>, rev: number): void {
  if (req.ifMatch !== undefined && req.ifMatch !== rev) {
    throw new PreconditionFailed('The record changed since you read it; read it again and retry with the new ETag.');
  }
}
