// A function whose table cannot be reached (issue 7): the caller gets 503 with Retry-After, never a bare 500, and the
// one log line names the cause by its code or name, never by the message (which names hosts and may echo data).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { logger } from '../../shared/log.ts';
import { samplePlanBody } from '../support/bodies.ts';
import { call } from '../support/invoke.ts';
import { mockTable } from '../support/mocked-sdk.ts';

const { ddb } = mockTable();
const PLAN = '3f7d2c1e-5b6a-4c8d-9e0f-112233445566';

const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.12:443'), { code: 'ECONNREFUSED', $metadata: { attempts: 3, totalRetryDelay: 200 } });
const timedOut = () => Object.assign(new Error('Connection timed out after 2000 ms'), { name: 'TimeoutError', $metadata: { attempts: 3 } });

let errors: [string, Record<string, unknown> | undefined][];
beforeEach(() => {
  ddb.reset();
  errors = [];
  vi.spyOn(logger, 'error').mockImplementation((message, fields) => void errors.push([message, fields]));
});
afterEach(() => vi.restoreAllMocks());

describe('the table cannot be reached', () => {
  it('answers a read with 503 and Retry-After and logs the cause ECONNREFUSED', async () => {
    ddb.on(GetCommand).rejects(refused());
    ddb.on(QueryCommand).rejects(refused());

    const r = await call('getPlan', { params: { planId: PLAN }, headers: { 'Accept-Language': 'zh-CN' } });

    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBe('2');
    expect(r.body).toMatchObject({ code: 'service-unavailable', title: '服务繁忙，请稍后重试', status: 503 });
    expect(r.raw).not.toContain('10.0.0.12');
    expect(errors).toEqual([['request failed', expect.objectContaining({ code: 'service-unavailable', cause: 'ECONNREFUSED', status: 503 })]]);
    expect(JSON.stringify(errors)).not.toContain('10.0.0.12');
  });

  it('answers a write whose transaction timed out with 503 and logs the cause TimeoutError', async () => {
    ddb.on(GetCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    ddb.on(TransactWriteCommand).rejects(timedOut());

    const r = await call('createPlan', { body: samplePlanBody(), headers: { 'Idempotency-Key': 'timeout-1' } });

    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBe('2');
    expect(errors).toEqual([['request failed', expect.objectContaining({ cause: 'TimeoutError', status: 503 })]]);
  });
});
