// The read-up policy of incidents (shared/app/incident-access.ts): an office or auditor reads the incidents of its own
// division and those below it in full; the incidents of a superior division as a summary without officials' user ids,
// request ids or the override's reasoning, and not their timeline or filings; a neighbouring division's not at all.
import { beforeEach, describe, expect, it } from 'vitest';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Incident } from '../../shared/domain/incident.ts';
import { keys } from '../../shared/store/keys.ts';
import { call } from '../support/invoke.ts';
import { auditor, cityOffice, countyOffice, foreignAuditor, otherCountyOffice, townshipOffice, type Caller } from '../support/callers.ts';
import { INCIDENT_ID, countyWarning, incidentItem, respondingIncident } from '../support/incident-items.ts';
import { keysDeep } from '../support/json.ts';
import { mockTable } from '../support/mocked-sdk.ts';

const { ddb } = mockTable();
const townshipAuditor: Caller = { sub: 'auditor-110105001', roles: ['auditor'], division: '110105001' };

/** The county's incident with an active response, a severity override by a named official, and one warning. */
function givenCountyIncident(): Incident {
  const base = respondingIncident();
  const incident: Incident = { ...base, severity: { ...base.severity, level: 'III', override: { level: 'III', reason: 'Deputy director Wang judged it III', by: 'office-110105-wang', at: base.reportedAt } } };
  const w = countyWarning('issued');
  ddb.on(GetCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand, { Key: keys.incident(INCIDENT_ID) }).resolves({ Item: incidentItem(incident) });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': keys.incident(INCIDENT_ID).PK, ':sk': keys.prefixes.warningLink } }).resolves({
    Items: [{ ...keys.incidentWarning(INCIDENT_ID, w.warningId), kind: 'warning-link', warningId: w.warningId, level: w.level, colour: w.colour, status: w.status, issuedAt: w.issuedAt }],
  });
  ddb.on(QueryCommand, { ExpressionAttributeValues: { ':pk': keys.incident(INCIDENT_ID).PK, ':sk': keys.auditPrefix } }).resolves({
    Items: [{ ...keys.audit(keys.incident(INCIDENT_ID).PK, base.reportedAt, 'a1'), kind: 'audit', at: base.reportedAt, action: 'report', from: null, to: 'reported', actorSub: 'office-110105-wang', actorRole: 'office', actorDivision: '110105', requestId: 'req-secret-1', entity: 'incident', entityId: INCIDENT_ID }],
  });
  return incident;
}

/** What an official's identity or a request id would look like anywhere in a view. */
const IDENTIFYING_KEYS = ['sub', 'by', 'reportedBy', 'actorSub', 'requestId', 'reason'];

beforeEach(() => {
  ddb.reset();
});

describe('reading an incident of one\'s own division or one below: in full', () => {
  it.each([
    ['the county office itself', countyOffice],
    ['the city office above', cityOffice],
    ['the county\'s auditor', auditor],
  ])('gives %s the full view, the timeline with who and which request, and the filings', async (_who, caller) => {
    givenCountyIncident();

    const read = await call('getIncident', { caller, params: { incidentId: INCIDENT_ID } });
    const timeline = await call('incidentTimeline', { caller, params: { incidentId: INCIDENT_ID } });
    const filings = await call('incidentFilings', { caller, params: { incidentId: INCIDENT_ID } });

    expect(read.status, read.raw).toBe(200);
    expect(read.body).toMatchObject({ view: 'full', severity: { override: { level: 'III', reason: 'Deputy director Wang judged it III' } } });
    expect(timeline.status).toBe(200);
    expect(timeline.body.items[0]).toMatchObject({ by: { sub: 'office-110105-wang' }, requestId: 'req-secret-1' });
    expect(filings.status).toBe(200);
  });
});

describe('reading an incident of a superior division: a summary', () => {
  it.each([
    ['a township office below the county', townshipOffice],
    ['a township auditor below the county', townshipAuditor],
  ])('gives %s what happened, how bad, the response and the warnings, without any official or request id', async (_who, caller) => {
    const incident = givenCountyIncident();

    const read = await call('getIncident', { caller, params: { incidentId: INCIDENT_ID } });

    expect(read.status, read.raw).toBe(200);
    expect(read.body).toMatchObject({
      view: 'summary',
      incidentId: INCIDENT_ID,
      divisionCode: '110105',
      figures: incident.figures,
      severity: { level: 'III', override: { level: 'III' } },
      response: { status: 'active', level: incident.response!.level, measures: incident.response!.measures, responsible: { division: '110105', level: 'county' } },
      warnings: [{ level: '3', colour: 'yellow', status: 'active' }],
    });
    for (const key of IDENTIFYING_KEYS) expect(keysDeep(read.body), key).not.toContain(key);
    expect(read.raw).not.toContain('office-110105');
    expect(read.raw).not.toContain('Wang');
  });

  it('refuses its timeline and filings with 403, which the county and its superiors keep', async () => {
    givenCountyIncident();

    for (const name of ['incidentTimeline', 'incidentFilings'] as const) {
      const r = await call(name, { caller: townshipOffice, params: { incidentId: INCIDENT_ID }, headers: { 'Accept-Language': 'zh-CN' } });
      expect(r.status, name).toBe(403);
      expect(r.body).toMatchObject({ code: 'not-in-jurisdiction', detail: '上级行政区突发事件的处置记录和备案由该级应急管理部门掌握。' });
      expect(r.raw).not.toContain('req-secret-1');
    }
    // Nothing of the timeline was even read.
    expect(ddb.commandCalls(QueryCommand).filter((c) => c.args[0].input.ExpressionAttributeValues?.[':sk'] === keys.auditPrefix)).toHaveLength(0);
  });

  it('lists the superior division\'s incidents as summaries too', async () => {
    const incident = givenCountyIncident();
    ddb.on(QueryCommand, { IndexName: 'GSI1', ExpressionAttributeValues: { ':pk': keys.gsi.incidentsByDivisionPK('110105') } }).resolves({ Items: [incidentItem(incident)] });

    const list = await call('listIncidents', { caller: townshipOffice, query: { division: '110105' } });
    const own = await call('listIncidents', { caller: countyOffice, query: { division: '110105' } });

    expect(list.status, list.raw).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].view).toBe('summary');
    for (const key of IDENTIFYING_KEYS) expect(keysDeep(list.body), key).not.toContain(key);
    expect(own.body.items[0].view).toBe('full');
  });
});

describe('reading sideways: nothing', () => {
  it.each([
    ['the neighbouring county', otherCountyOffice],
    ['the neighbouring county\'s auditor', foreignAuditor],
  ])('answers %s 404, as for an incident that does not exist', async (_who, caller) => {
    givenCountyIncident();

    for (const name of ['getIncident', 'incidentTimeline', 'incidentFilings'] as const) {
      const r = await call(name, { caller, params: { incidentId: INCIDENT_ID } });
      expect(r.status, name).toBe(404);
      expect(r.body.code).toBe('not-found');
    }
  });
});
