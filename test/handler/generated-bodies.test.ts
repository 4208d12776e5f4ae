// A client generated from the OpenAPI document never sends what the server refuses as invalid: for every route with a
// body, bodies (and Idempotency-Keys) generated from the document's JSON Schema reach the use case. A refusal by a rule
// (403, 404, 409, 422: a record named that does not exist, an area outside the caller's division) is fine; a 400, which
// says the request itself was malformed, is not, and neither is a 5xx (an accepted value DynamoDB cannot store).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { mockClient } from 'aws-sdk-client-mock';
import { GetSubscriptionAttributesCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { openApiDocument } from '../../shared/http/openapi.ts';
import { routeList, type RouteName } from '../../shared/http/routes.ts';
import { keys } from '../../shared/store/keys.ts';
import { apiEvent } from '../support/api-events.ts';
import { baseRequestOf, exampleWorld } from '../support/base-requests.ts';
import { countyWarning, incidentItem, reportedIncident, warningItem } from '../support/incident-items.ts';
import { handlerOf, invoke } from '../support/invoke.ts';
import { mockTable } from '../support/mocked-sdk.ts';
import { SchemaArbitraries, unstorableNumbers } from '../support/schema-arbitrary.ts';

type Json = Record<string, any>;

// The subscriptions function reads its topic at import (handlers are imported on first use, after this).
process.env['TOPIC_ARN'] ??= 'arn:aws:sns:cn-north-1:000000000000:erp-test-alerts';
// Functions with personal data key their Idempotency-Key hashes and look callers up by blind index: local key files.
process.env['LOCAL_DATA_DIR'] ??= mkdtempSync(join(tmpdir(), 'erp-generated-bodies-'));

const { ddb } = mockTable();
const sns = mockClient(SNSClient);
const doc = openApiDocument() as Json;
const arbitraries = new SchemaArbitraries(doc['components']['schemas']);

beforeEach(() => {
  ddb.reset();
  sns.reset();
  ddb.on(GetCommand).resolves({});
  ddb.on(BatchGetCommand).resolves({ Responses: {} });
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(TransactWriteCommand).resolves({});
  // The incident and warning the requests name exist; everything else named (plans, drills) does not: 404 or 422.
  const incident = { ...reportedIncident(), incidentId: exampleWorld.incidentId };
  ddb.on(GetCommand, { Key: keys.incident(exampleWorld.incidentId) }).resolves({ Item: incidentItem(incident) });
  const warning = { ...countyWarning('issued'), warningId: exampleWorld.warningId, incidentId: exampleWorld.incidentId };
  ddb.on(GetCommand, { Key: keys.warning(exampleWorld.warningId) }).resolves({ Item: warningItem(warning) });
  sns.on(SubscribeCommand).resolves({ SubscriptionArn: `${process.env['TOPIC_ARN']}:0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0` });
  sns.on(GetSubscriptionAttributesCommand).resolves({ Attributes: { PendingConfirmation: 'true' } });
  sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
});

const header = (op: Json, name: string) => ((op['parameters'] ?? []) as Json[]).find((p) => p['in'] === 'header' && p['name'] === name);

describe('bodies generated from the OpenAPI document', () => {
  it.each(routeList.filter((r) => r.body).map((r) => [r.name, r] as const))('%s: never refused as invalid', async (name, route) => {
    const op = doc['paths'][route.path][route.method.toLowerCase()];
    const key = header(op, 'Idempotency-Key');
    const request = fc.record({
      body: arbitraries.of(op['requestBody']['content']['application/json']['schema']),
      ...(key ? { key: arbitraries.of(key['schema']) } : {}),
    });
    const handler = await handlerOf(route.fn);
    await fc.assert(
      fc.asyncProperty(request, async ({ body, key: idempotencyKey }) => {
        ddb.resetHistory();
        const base = baseRequestOf(name, exampleWorld);
        const headers = { ...(base.headers ?? {}), ...(typeof idempotencyKey === 'string' ? { 'Idempotency-Key': idempotencyKey } : {}) };
        const reply = await invoke(handler, route.fn, apiEvent(name as RouteName, { ...base, body, headers }));

        expect(reply.status, `${JSON.stringify(body)} -> ${reply.raw}`).not.toBe(400);
        expect(reply.status, reply.raw).toBeLessThan(500);
        // What was written holds only numbers DynamoDB stores.
        for (const call of ddb.commandCalls(TransactWriteCommand)) expect(unstorableNumbers(call.args[0].input.TransactItems)).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
