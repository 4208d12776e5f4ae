// The pii function's life-cycle routes with a mocked table (rules 17, 18, 20): the auditors' lists read the index the
// filter names (GSI3 by action, GSI2 by record kind, GSI1 otherwise) within a key range for the window, never a filter
// over a division's whole trail; their division or one below, never beside; a throttled table is a 503; an assessment
// is written with its audit item in one transaction; and the relay's publisher sends notices to their phone only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { noticeText, withPiiNotices } from '../../shared/alerts/pii-notice.ts';
import type { Alert } from '../../shared/alerts/outbox.ts';
import { keys } from '../../shared/store/keys.ts';
import { auditor, countyOffice, foreignAuditor } from '../support/callers.ts';
import { incidentItem, reportedIncident } from '../support/incident-items.ts';
import { call } from '../support/invoke.ts';
import { mockTable } from '../support/mocked-sdk.ts';
import { day } from '../support/social-forces.ts';

const { ddb, transactItems } = mockTable();
const INCIDENT = '5d1e7c3a-2b4f-4a6e-9c8d-7e6f5a4b3c2d';

beforeEach(() => {
  ddb.reset();
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({});
  ddb.on(GetCommand, { Key: keys.incident(INCIDENT) }).resolves({ Item: incidentItem({ ...reportedIncident(), incidentId: INCIDENT }) });
  ddb.on(TransactWriteCommand).resolves({});
});
afterEach(() => vi.restoreAllMocks());

const queried = () => ddb.commandCalls(QueryCommand).map((c) => c.args[0].input);

describe('the auditors\' lists (rules 18, 20)', () => {
  it.each([
    ['an action', { action: 'terminate-response' }, 'GSI3', 'AUDITACT#110105#terminate-response'],
    ['a record kind', { recordKind: 'requisition' }, 'GSI2', 'AUDITKIND#110105#requisition'],
    ['nothing', {}, 'GSI1', 'AUDIT#110105'],
  ])('rule 20: filtered by %s, reads that index partition newest first', async (_what, filter, index, pk) => {
    // Act
    const r = await call('listAudit', { caller: auditor, query: { ...filter, from: '2026-06-01T00:00:00+08:00', to: '2026-06-30T00:00:00Z' } });

    // Assess
    expect(r.status).toBe(200);
    expect(queried()).toEqual([
      expect.objectContaining({
        IndexName: index,
        KeyConditionExpression: `${index}PK = :pk AND ${index}SK BETWEEN :from AND :to`,
        ExpressionAttributeValues: { ':pk': pk, ':from': '2026-05-31T16:00:00.000Z', ':to': '2026-06-30T00:00:00.000Z\uffff' },
        ScanIndexForward: false,
      }),
    ]);
    expect(queried()[0]).not.toHaveProperty('FilterExpression');
  });

  it('rule 18: the reveal log is the `pii.revealed` partition of the division asked for, below the auditor\'s own', async () => {
    const r = await call('listReveals', { caller: { ...auditor, division: '110100' }, query: { division: '110105' } });

    expect(r.status).toBe(200);
    expect(queried()).toEqual([expect.objectContaining({ IndexName: 'GSI3', ExpressionAttributeValues: { ':pk': 'AUDITACT#110105#pii.revealed' } })]);
  });

  it('refuses a division beside the auditor\'s, and a window that ends before it starts, before reading anything', async () => {
    const beside = await call('listAudit', { caller: foreignAuditor, query: { division: '110105' } });
    const backwards = await call('listReveals', { caller: auditor, query: { from: '2026-06-02T00:00:00Z', to: '2026-06-01T00:00:00Z' } });

    expect([beside.status, beside.body.code]).toEqual([403, 'not-in-jurisdiction']);
    expect([backwards.status, backwards.body.code]).toEqual([400, 'validation-failed']);
    expect(queried()).toEqual([]);
  });

  it('answers a throttled table 503 with Retry-After', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: {} }));

    const r = await call('listAudit', { caller: auditor });

    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBeDefined();
  });
});

describe('retention assessments (rule 17)', () => {
  it('writes a recorded assessment under its incident with its audit item, in one transaction', async () => {
    const body = { purposes: ['requisition'], grounds: ['evidence'], legality: 'Art 85', necessity: 'Vouchers as evidence', security: 'Sealed', retainUntil: day(30) };

    const r = await call('recordRetentionAssessment', { caller: countyOffice, params: { incidentId: INCIDENT }, body });

    expect(r.status).toBe(201);
    const items = transactItems().map((t) => t.Put!.Item!);
    expect(items.map((i) => [i['PK'], String(i['SK']).replace(/#.*/, '#')])).toEqual([
      [`INC#${INCIDENT}`, 'RETAIN#'],
      [`INC#${INCIDENT}`, 'AUDIT#'],
    ]);
    expect(items[1]).toMatchObject({ entity: 'retention-assessment', action: 'record-retention-assessment', GSI2PK: 'AUDITKIND#110105#retention-assessment', GSI3PK: 'AUDITACT#110105#record-retention-assessment' });
  });
});

describe('the relay\'s notices after a response (PIPL Art 18)', () => {
  const alert = (type: string, payload: Record<string, unknown>): Alert => ({ eventId: 'e-1', type, division: '110105', category: 'natural-disaster', level: 'none', payload, createdAt: '2026-06-10T00:00:00Z' });

  it('sends a notice to its phone through the sender and every other alert to the topic', async () => {
    const topic = { publish: vi.fn(async () => undefined) };
    const sender = { send: vi.fn(async () => 'sent' as const) };
    const publisher = withPiiNotices(topic, sender);

    await publisher.publish(alert('pii.notice', { incidentId: 'i-1', noticeId: 'n-1' }));
    await publisher.publish(alert('response.terminated', { incidentId: 'i-1' }));

    expect(sender.send).toHaveBeenCalledWith('n-1');
    expect(topic.publish).toHaveBeenCalledTimes(1);
    expect(topic.publish).toHaveBeenCalledWith(expect.objectContaining({ type: 'response.terminated' }));
    await expect(publisher.publish(alert('pii.notice', { incidentId: 'i-1' }))).rejects.toThrow('without its notice id');
  });

  it('says what was collected, why, until when and where to ask, and nothing the person gave', () => {
    const text = noticeText({
      incidentId: 'inc-0001',
      division: '110105',
      purposes: [
        { purpose: 'requisition', fields: ['address', 'idNumber', 'name', 'phone'], until: '2026-06-10' },
        { purpose: 'compensation', fields: ['accountName', 'accountNumber'], until: 'case-closed' },
      ],
    });

    expect(text).toContain('inc-0001');
    expect(text).toContain('110105');
    expect(text).toContain('因应急征用收集的地址、身份证号码、姓名、手机号码将于2026-06-10销毁');
    expect(text).toContain('依法保留至补偿案件办结');
    expect(text).toContain('destroyed on 2026-06-10');
    expect(text).not.toMatch(/1[3-9]\d{9}/);
  });
});
