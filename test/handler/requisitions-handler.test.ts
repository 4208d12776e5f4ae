// The requisitions, claims and reveal functions with mocked DynamoDB and KMS clients, on the AWS key provider: what one
// taking writes in its one transaction (sealed fields only, the owner's blind index, a keyed Idempotency-Key hash), the
// voucher counter retried when another taking took the number, the return's tracker deleted, the reveal's audit item,
// and injected KMS and table failures coming back as clean problems with nothing written.
import { createHash, createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { mockClient } from 'aws-sdk-client-mock';
import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, InvalidCiphertextException, KMSClient } from '@aws-sdk/client-kms';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { createRequisitionBody } from '../../shared/http/contracts/requisitions.ts';
import { resetKeyProviderForTests } from '../../shared/pii/key-provider.ts';
import { resetPiiVaultForTests } from '../../shared/pii/vault.ts';
import { keys } from '../../shared/store/keys.ts';
import { apiEvent, type EventInput } from '../support/api-events.ts';
import { countyOffice } from '../support/callers.ts';
import { damagedReturn, OWNER, requisitionBody, truck } from '../support/compensation.ts';
import { INCIDENT_ID, incidentItem, respondingIncident } from '../support/incident-items.ts';
import { handlerOf, invoke, type Reply } from '../support/invoke.ts';
import { mockTable, transactionCanceled } from '../support/mocked-sdk.ts';
import type { RouteName } from '../../shared/http/routes.ts';

const KEY_ARN = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const HMAC_ARN = 'arn:aws-cn:kms:cn-north-1:111122223333:key/hmac-5678';
const DATA_KEY = Buffer.alloc(32, 5);
const MAC_KEY = 'the-test-hmac-key';
const mac = (message: string | Uint8Array) => createHmac('sha256', MAC_KEY).update(message).digest();

const { ddb, transactItems } = mockTable();
const kms = mockClient(KMSClient);

beforeAll(() => {
  vi.stubEnv('PII_KEY_ID', KEY_ARN);
  vi.stubEnv('PII_HMAC_KEY_ID', HMAC_ARN);
});
afterAll(() => {
  vi.unstubAllEnvs();
  resetPiiVaultForTests();
  resetKeyProviderForTests();
});

/** The data key item as KMS made it, once a first seal put it. */
let dataKeyItem: Record<string, unknown> | undefined;

beforeEach(() => {
  ddb.reset();
  kms.reset();
  // A fresh vault per test: no data key cached, every KMS call visible.
  resetPiiVaultForTests();
  resetKeyProviderForTests();
  dataKeyItem = undefined;
  kms.on(GenerateDataKeyCommand).resolves({ Plaintext: DATA_KEY, CiphertextBlob: Buffer.from('wrapped-by-kms'), KeyId: KEY_ARN });
  kms.on(DecryptCommand).resolves({ Plaintext: DATA_KEY, KeyId: KEY_ARN });
  kms.on(GenerateMacCommand).callsFake((input: { Message: Uint8Array }) => ({ Mac: mac(input.Message), KeyId: HMAC_ARN, MacAlgorithm: 'HMAC_SHA_256' }));
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.incident(INCIDENT_ID) }).resolves({ Item: incidentItem(respondingIncident()) });
  ddb.on(GetCommand, { Key: keys.dataKey(INCIDENT_ID, 'requisition') }).callsFake(() => (dataKeyItem ? { Item: dataKeyItem } : {}));
  ddb.on(PutCommand).callsFake((input: { Item: Record<string, unknown> }) => {
    if (String(input.Item['PK']).startsWith('PIIKEY#')) dataKeyItem = input.Item;
    return {};
  });
  ddb.on(TransactWriteCommand).resolves({});
});

const call = async (name: RouteName, input: EventInput = {}): Promise<Reply> => {
  const fn = (await import('../../shared/http/routes.ts')).routes[name].fn;
  return invoke(await handlerOf(fn), fn, apiEvent(name, input));
};
const take = (o: Record<string, unknown> = {}, headers: Record<string, string> = {}) => call('createRequisition', { params: { incidentId: INCIDENT_ID }, body: requisitionBody(o), headers });
const year = cstDate(new Date()).slice(0, 4);
/** Every spelling of the owner's personal data a write could carry. */
const PERSONAL = [OWNER.name, OWNER.idNumber, OWNER.phone, `+86${OWNER.phone}`, OWNER.address, '13911110000'];

describe('a taking on AWS (rules 10-12, 16)', () => {
  it('writes head, tracker, voucher counter, incident check, audit and event in one transaction, with only sealed fields', async () => {
    // Act
    const r = await take();

    // Assess
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ status: 'issued', voucherNumber: `110105-${year}-000001`, owner: { name: '张**', phone: '138****5678' } });
    const items = transactItems();
    const put = (pk: string, sk?: string) => items.find((i) => String(i.Put?.Item?.['PK']).startsWith(pk) && (sk === undefined || String(i.Put?.Item?.['SK']).startsWith(sk)));
    const id = r.body.requisitionId as string;
    const [head, tracker, counter, audit, outbox] = [put(`REQ#${id}`, 'HEAD'), put(`REQ#${id}`, 'OPEN'), put('VOUCHERSEQ#'), put(`REQ#${id}`, 'AUDIT#'), put('OUTBOX#')];
    const check = items.find((i) => i.ConditionCheck);
    // One item each, and nothing else but the personal-data registry entry of the record (rule 17's destruction reads it).
    expect(items.filter((i) => !String(i.Put?.Item?.['PK']).startsWith('PIIREG#'))).toHaveLength(6);
    expect(head!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK)', Item: { PK: `REQ#${id}`, SK: 'HEAD', kind: 'requisition', rev: 1, status: 'issued', GSI1PK: `REQS#${INCIDENT_ID}` } });
    expect(tracker!.Put).toMatchObject({ Item: { PK: `REQ#${id}`, SK: 'OPEN', GSI1SK: `${INCIDENT_ID}#${id}` } });
    expect(counter!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(PK)', Item: { PK: `VOUCHERSEQ#110105#${year}`, seq: 1 } });
    expect(check!.ConditionCheck).toMatchObject({ Key: keys.incident(INCIDENT_ID), ExpressionAttributeValues: { ':reported': 'reported', ':responding': 'responding' } });
    expect(audit!.Put!.Item).toMatchObject({ kind: 'audit', action: 'requisition', actorSub: countyOffice.sub, division: '110105' });
    expect(outbox!.Put!.Item).toMatchObject({ kind: 'outbox', type: 'requisition.issued', payload: { requisitionId: id, voucherNumber: `110105-${year}-000001`, items: 1 } });
    // Rule 16: every personal field sealed under the incident's `requisition` key, bound to the record.
    const owner = head!.Put!.Item!['owner'] as Record<string, Record<string, unknown>>;
    for (const field of ['name', 'idNumber', 'phone', 'address']) expect(owner[field]).toMatchObject({ v: 1, incidentId: INCIDENT_ID, purpose: 'requisition', c: expect.any(String) });
    expect(head!.Put!.Item!['officerContact']).toMatchObject({ purpose: 'requisition', mask: '139****0000' });
    // The owner is found by the KMS MAC of their ID number (the blind index), never by the number itself.
    expect(head!.Put!.Item!['GSI2PK']).toBe(`REQOWNER#${mac(`idNumber:${OWNER.idNumber}`).toString('base64url')}`);
    expect(kms).toHaveReceivedCommandWith(GenerateDataKeyCommand, { KeyId: KEY_ARN, EncryptionContext: { incidentId: INCIDENT_ID, purpose: 'requisition' } });
    expect(PERSONAL.filter((p) => JSON.stringify(items).includes(p))).toEqual([]);
  });

  it('keeps a keyed hash of the request in the Idempotency-Key record, and the masked view as its answer', async () => {
    // Act
    const body = requisitionBody();
    const r = await call('createRequisition', { params: { incidentId: INCIDENT_ID }, body, headers: { 'Idempotency-Key': 'truck-7' } });

    // Assess
    expect(r.status).toBe(201);
    const record = transactItems().at(-1)!.Put!.Item!;
    const json = JSON.stringify({ params: { incidentId: INCIDENT_ID }, body: createRequisitionBody.parse(body) });
    const digest = createHash('sha256').update(json).digest('base64url');
    expect(record).toMatchObject({ kind: 'idempotency', requestHash: mac(`idempotency-request/v1:${digest}`).toString('base64url') });
    expect(record['requestHash']).not.toBe(digest);
    expect(PERSONAL.filter((p) => String(record['responseBody']).includes(p))).toEqual([]);
    expect(JSON.parse(String(record['responseBody']))).toMatchObject({ owner: { idNumber: `110105********${OWNER.idNumber.slice(-4)}` } });
  });

  it('takes the next voucher number when another taking took this one first', async () => {
    // Prepare: the first transaction loses the counter; the counter then reads 1.
    let counterReads = 0;
    ddb.on(GetCommand, { Key: keys.voucherCounter('110105', year) }).callsFake(() => (counterReads++ === 0 ? {} : { Item: { ...keys.voucherCounter('110105', year), seq: 1 } }));
    ddb.on(TransactWriteCommand).rejectsOnce(transactionCanceled('None', 'None', 'ConditionalCheckFailed', 'None', 'None', 'None')).resolves({});

    // Act
    const r = await take();

    // Assess
    expect(r.status).toBe(201);
    expect(r.body.voucherNumber).toBe(`110105-${year}-000002`);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 2);
    expect(transactItems(1).find((i) => String(i.Put?.Item?.['PK']).startsWith('VOUCHERSEQ#'))!.Put).toMatchObject({ ConditionExpression: '#seq = :seq', ExpressionAttributeValues: { ':seq': 1 }, Item: { seq: 2 } });
  });

  it('rule 11: refuses an exempt dwelling before anything is sealed or written', async () => {
    const r = await take({ items: [truck(), truck({ name: 'Flat 502', category: 'dwelling' })] });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ code: 'exempt-from-requisition', errors: [{ path: 'body.items.1.category' }] });
    expect(kms.calls()).toHaveLength(0);
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
    expect(ddb).not.toHaveReceivedCommand(PutCommand);
  });

  it('answers 503 with Retry-After when KMS throttles the data key, and writes nothing', async () => {
    kms.on(GenerateDataKeyCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $fault: 'client' }));
    const r = await take();
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBe('1');
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers a bare 500 when KMS refuses the MAC key, naming nothing of it, and writes nothing', async () => {
    kms.on(GenerateMacCommand).rejects(Object.assign(new Error(`User is not authorized to perform kms:GenerateMac on ${HMAC_ARN}`), { name: 'AccessDeniedException', $fault: 'client' }));
    const r = await take();
    expect(r.status).toBe(500);
    expect(r.body).toEqual({ type: expect.any(String), title: 'Internal error', status: 500, code: 'internal-error', requestId: expect.any(String) });
    expect(ddb).not.toHaveReceivedCommand(TransactWriteCommand);
  });

  it('answers 503 when the table throttles the transaction', async () => {
    ddb.on(TransactWriteCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    const r = await take();
    expect(r.status).toBe(503);
  });
});

/** The head item the n-th transaction put, as the next read returns it. */
const headOf = (call = 0) => transactItems(call).find((i) => i.Put?.Item?.['SK'] === 'HEAD')!.Put!.Item!;

describe('later steps and the reveal', () => {
  it('rule 13: a damaged return deletes the open tracker and announces the return, in one transaction', async () => {
    // Prepare: taken and handed over through the handler, each head read back as stored.
    const id = (await take()).body.requisitionId as string;
    ddb.on(GetCommand, { Key: keys.requisition(id) }).resolves({ Item: headOf(0) });
    expect((await call('transitionRequisition', { params: { requisitionId: id }, body: { action: 'hand-over' } })).status).toBe(200);
    ddb.on(GetCommand, { Key: keys.requisition(id) }).resolves({ Item: headOf(1) });

    // Act
    const r = await call('transitionRequisition', { params: { requisitionId: id }, body: damagedReturn() });

    // Assess
    expect(r.status).toBe(200);
    const items = transactItems(2);
    expect(items[0]!.Put).toMatchObject({ ConditionExpression: '#rev = :rev AND #status = :status', ExpressionAttributeValues: { ':rev': 2, ':status': 'handed-over' }, Item: { status: 'returned' } });
    expect(items.find((i) => i.Delete)!.Delete).toMatchObject({ Key: keys.requisitionTracker(id) });
    expect(items.find((i) => i.Put?.Item?.['kind'] === 'outbox')!.Put!.Item).toMatchObject({ type: 'requisition.returned', payload: { outcome: 'damaged' } });
  });

  it('rule 18: reveals one field with Decrypt under its context and writes one audit item without the value', async () => {
    // Prepare
    const id = (await take()).body.requisitionId as string;
    ddb.on(GetCommand, { Key: keys.requisition(id) }).resolves({ Item: headOf(0) });
    resetPiiVaultForTests(); // a cold function: the data key is unwrapped from its item

    // Act
    const r = await call('revealPersonalData', { body: { ref: { kind: 'requisition', id }, field: 'owner.address', purpose: 'Returning the truck to the owner' } });

    // Assess
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ value: OWNER.address });
    expect(kms).toHaveReceivedCommandWith(DecryptCommand, { KeyId: KEY_ARN, EncryptionContext: { incidentId: INCIDENT_ID, purpose: 'requisition' } });
    const items = transactItems(1);
    expect(items).toHaveLength(1);
    expect(items[0]!.Put!.Item).toMatchObject({ PK: `REQ#${id}`, kind: 'audit', action: 'pii.revealed', field: 'owner.address', reason: 'Returning the truck to the owner', actorSub: countyOffice.sub });
    expect(JSON.stringify(items)).not.toContain(OWNER.address);
  });

  it('answers a bare 500 and writes nothing when KMS will not open the data key', async () => {
    const id = (await take()).body.requisitionId as string;
    ddb.on(GetCommand, { Key: keys.requisition(id) }).resolves({ Item: headOf(0) });
    resetPiiVaultForTests();
    kms.on(DecryptCommand).rejects(new InvalidCiphertextException({ message: 'bad', $metadata: {} }));
    const r = await call('revealPersonalData', { body: { ref: { kind: 'requisition', id }, field: 'owner.phone', purpose: 'Returning the truck to the owner' } });
    expect(r.status).toBe(500);
    expect(ddb).toHaveReceivedCommandTimes(TransactWriteCommand, 1);
  });
});
