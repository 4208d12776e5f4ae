// A data store that cannot be reached (issue 7): the one mapping of socket errors, SDK timeouts and a service's 5xx to
// 503 with Retry-After, what a log line may say about them, the relay's back-off, and how the relay reports an outage.
import { createServer } from 'node:net';
import type { DynamoDBRecord } from 'aws-lambda';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { backoffMs, relayBatch, type Alert, type AlertPublisher, type OutboxLedger } from '../../shared/alerts/outbox.ts';
import { NotFound } from '../../shared/errors.ts';
import { causeOf, problemResponse, unavailableCause, UNREACHABLE_RETRY_AFTER_SECONDS } from '../../shared/http/problem.ts';
import { STORE_TIMEOUTS } from '../../shared/store/client.ts';

/** A socket error as Node raises it and the SDK rethrows it after its retries: the message names the address. */
function socketError(code: string, message = `connect ${code} 10.0.0.12:443`): Error {
  return Object.assign(new Error(message), { code, errno: -111, syscall: 'connect', $metadata: { attempts: 3, totalRetryDelay: 180 } });
}

/** A service exception as the SDK builds it from an HTTP answer. */
function serviceError(name: string, status: number, fault: 'client' | 'server'): Error {
  const e = new Error('Internal server error while processing ITEM#13912345678');
  e.name = name;
  return Object.assign(e, { $fault: fault, $metadata: { httpStatusCode: status, attempts: 3 } });
}

const unreachable: [string, unknown, string][] = [
  ['refused while DynamoDB Local restarts', socketError('ECONNREFUSED'), 'ECONNREFUSED'],
  ['a connection reset mid-request', socketError('ECONNRESET', 'read ECONNRESET'), 'ECONNRESET'],
  ["Node's socket hang up", Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'ECONNRESET'],
  ['a socket hang up without its code', new Error('socket hang up'), 'ECONNRESET'],
  ['a TCP timeout', socketError('ETIMEDOUT'), 'ETIMEDOUT'],
  ['no route to the host', socketError('EHOSTUNREACH'), 'EHOSTUNREACH'],
  ['a DNS lookup that failed for now', socketError('EAI_AGAIN', 'getaddrinfo EAI_AGAIN dynamodb.cn-north-1.amazonaws.com.cn'), 'EAI_AGAIN'],
  ["the SDK's request timeout", Object.assign(new Error('Connection timed out after 1000 ms'), { name: 'TimeoutError', $metadata: { attempts: 3 } }), 'TimeoutError'],
  ['a RequestTimeout service error', serviceError('RequestTimeout', 408, 'client'), 'RequestTimeout'],
  ["DynamoDB's InternalServerError", serviceError('InternalServerError', 500, 'server'), 'InternalServerError'],
  ['any service fault answered 503', serviceError('ServiceUnavailable', 503, 'server'), 'ServiceUnavailable'],
  ['a 502 from a proxy, by its metadata', serviceError('UnknownError', 502, 'server'), 'UnknownError'],
  ['every address of a happy-eyeballs connect refused', Object.assign(new AggregateError([socketError('ECONNREFUSED'), socketError('ECONNREFUSED')]), {}), 'ECONNREFUSED'],
  ['a socket error wrapped as a cause', new Error('request failed', { cause: socketError('ECONNRESET') }), 'ECONNRESET'],
];

describe('a data store that cannot be reached', () => {
  it.each(unreachable)('answers %s with 503 service-unavailable and Retry-After, and nothing of the message', (_what, err, cause) => {
    const r = problemResponse(err, 'req-1', 'en');

    expect(r.statusCode).toBe(503);
    expect(r.headers).toMatchObject({ 'Content-Type': 'application/problem+json', 'Retry-After': String(UNREACHABLE_RETRY_AFTER_SECONDS) });
    expect(JSON.parse(r.body)).toEqual({ type: 'https://errors.emergency.example/service-unavailable', title: 'Busy; try again shortly', status: 503, code: 'service-unavailable', requestId: 'req-1' });
    expect(r.body).not.toMatch(/10\.0\.0\.12|amazonaws|13912345678|timed out/);
    expect(unavailableCause(err)).toBe(cause);
  });

  it('names the cause for the log by code or name, never by message', () => {
    for (const [, err, cause] of unreachable) expect(causeOf(err)).toBe(cause);
    expect(causeOf(new TypeError('Cannot read properties of undefined (reading 13912345678)'))).toBe('TypeError');
    expect(causeOf(Object.assign(new Error('x'), { code: 'ERR_INVALID_ARG_TYPE' }))).toBe('ERR_INVALID_ARG_TYPE');
    expect(causeOf('a string')).toBe('string');
  });

  it('leaves other errors alone: a client fault, a refused condition, our own 404, a programming error', () => {
    expect(problemResponse(serviceError('ValidationException', 400, 'client'), 'r', 'en').statusCode).toBe(500);
    expect(problemResponse(serviceError('ConditionalCheckFailedException', 400, 'client'), 'r', 'en').statusCode).toBe(500);
    expect(problemResponse(new NotFound('No plan x.'), 'r', 'en').statusCode).toBe(404);
    expect(problemResponse(new TypeError('x is not a function'), 'r', 'en').statusCode).toBe(500);
    expect(unavailableCause(serviceError('ValidationException', 400, 'client'))).toBeUndefined();
  });

  it('keeps throttling a 503 with a Retry-After of 1, by name or by the SDK’s retryable flag', () => {
    const flagged = Object.assign(new Error('slow down'), { name: 'SomeNewThrottle', $retryable: { throttling: true } });
    for (const err of [serviceError('ThrottlingException', 400, 'client'), flagged]) {
      const r = problemResponse(err, 'r', 'en');
      expect(r.statusCode).toBe(503);
      expect(r.headers?.['Retry-After']).toBe('1');
    }
  });
});

describe('the table client’s timeouts', () => {
  it('turn a table that accepts the connection and never answers into a TimeoutError, answered 503', async () => {
    // Prepare: a socket that swallows the request
    const silent = createServer(() => undefined);
    const port = await new Promise<number>((ok) => silent.listen(0, '127.0.0.1', () => ok((silent.address() as { port: number }).port)));
    const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region: 'cn-north-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, maxAttempts: 1, requestHandler: STORE_TIMEOUTS.aws });
    try {
      // Act
      const err = await client.send(new ListTablesCommand({})).then(() => undefined, (e: unknown) => e);

      // Assess
      expect((err as Error).name).toBe('TimeoutError');
      expect(causeOf(err)).toBe('ETIMEDOUT');
      expect(problemResponse(err, 'r', 'en').statusCode).toBe(503);
    } finally {
      client.destroy();
      silent.close();
    }
  });
});

describe('backoffMs', () => {
  it('doubles per attempt, stops at the cap, and spreads each step over its upper half', () => {
    const low = (a: number) => backoffMs(a, 200, 10_000, () => 0);
    const high = (a: number) => backoffMs(a, 200, 10_000, () => 1);

    expect([0, 1, 2, 3, 4, 5, 6, 7].map(high)).toEqual([200, 400, 800, 1600, 3200, 6400, 10_000, 10_000]);
    expect([0, 1, 2, 3].map(low)).toEqual([100, 200, 400, 800]);
    expect(low(12)).toBe(5000);
    expect(backoffMs(3, 200, 10_000, () => 0.5)).toBe(1200);
  });
});

function outboxRecord(eventId: string, seq: string): DynamoDBRecord {
  const item = { PK: `OUTBOX#${eventId}`, SK: 'OUTBOX', kind: 'outbox', eventId, type: 'warning.issued', division: '110105', category: 'accident', level: '3', payload: { warningId: 'w1' }, createdAt: '2026-11-26T00:00:00.000Z' };
  return { eventName: 'INSERT', eventID: seq, dynamodb: { SequenceNumber: seq, NewImage: marshall(item) as never } };
}

/** A ledger whose table is down for the next `down` calls of each kind. */
function flakyLedger(o: { readsDown?: number; writesDown?: number } = {}) {
  let reads = o.readsDown ?? 0;
  let writes = o.writesDown ?? 0;
  const marked: string[] = [];
  const ledger: OutboxLedger = {
    async isPublished() {
      if (reads-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8000'), { code: 'ECONNREFUSED' });
      return false;
    },
    async markPublished(id) {
      if (writes-- > 0) throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      marked.push(id);
    },
  };
  return { ledger, marked };
}

function recordingPublisher(fail = false) {
  const sent: Alert[] = [];
  const publisher: AlertPublisher = {
    async publish(a) {
      if (fail) throw Object.assign(new Error('SNS down'), { name: 'InternalError', $fault: 'server', $metadata: { httpStatusCode: 500 } });
      sent.push(a);
    },
  };
  return { publisher, sent };
}

const quiet = { warn: () => undefined, error: () => undefined };

describe('relayBatch while the table cannot be reached', () => {
  it('stops at the record, publishes nothing and says the table was unavailable, so no attempt of the record is spent', async () => {
    const { ledger } = flakyLedger({ readsDown: 1 });
    const { publisher, sent } = recordingPublisher();

    const r = await relayBatch([outboxRecord('e1', '1'), outboxRecord('e2', '2')], publisher, ledger, { log: quiet });

    expect(r).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }], published: 0, skipped: 0, storeUnavailable: 'ECONNREFUSED' });
    expect(sent).toEqual([]);
  });

  it('does not call a failing publish an outage of the table: SNS failures spend the record’s attempts', async () => {
    const { ledger } = flakyLedger();
    const { publisher } = recordingPublisher(true);

    const r = await relayBatch([outboxRecord('e1', '1')], publisher, ledger, { log: quiet });

    expect(r).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }], published: 0, skipped: 0 });
  });

  it('records a published alert once the table answers again, backing off meanwhile, instead of publishing it twice', async () => {
    const { ledger, marked } = flakyLedger({ writesDown: 3 });
    const { publisher, sent } = recordingPublisher();
    const waits: number[] = [];

    const r = await relayBatch([outboxRecord('e1', '1')], publisher, ledger, { log: quiet, sleep: async (ms) => void waits.push(ms) });

    expect(r).toEqual({ batchItemFailures: [], published: 1, skipped: 0 });
    expect(sent.map((a) => a.eventId)).toEqual(['e1']);
    expect(marked).toEqual(['e1']);
    expect(waits).toHaveLength(3);
  });

  it('past its budget reports the record without storeUnavailable and logs that the alert may go out again', async () => {
    const { ledger } = flakyLedger({ writesDown: 100 });
    const { publisher } = recordingPublisher();
    const errors: unknown[] = [];

    const r = await relayBatch([outboxRecord('e1', '1')], publisher, ledger, { log: { warn: () => undefined, error: (m, f) => void errors.push([m, f]) }, markBudgetMs: 0, sleep: async () => undefined });

    expect(r).toEqual({ batchItemFailures: [{ itemIdentifier: '1' }], published: 0, skipped: 0 });
    expect(errors).toEqual([['alert published but not recorded; the stream will publish it again', { eventId: 'e1', type: 'warning.issued', cause: 'ECONNRESET' }]]);
  });
});
