// The pure part of POST /v1/pii/reveal (rule 18): the body, who may reveal, and the audit entry, which records who,
// when, why, which record and field, and never the value.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../../shared/domain/actor.ts';
import { Forbidden, NotInJurisdiction } from '../../shared/errors.ts';
import { authorizeReveal, revealAudit, revealBody, withoutValue, REDACTED } from '../../shared/pii/reveal.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';

const county: Actor = { kind: 'user', sub: 'office-110105', roles: ['office'], division: '110105', level: 'county' };
const city: Actor = { kind: 'user', sub: 'office-110100', roles: ['office'], division: '110100', level: 'city' };
const neighbour: Actor = { kind: 'user', sub: 'office-110106', roles: ['office'], division: '110106', level: 'county' };
const auditor: Actor = { kind: 'user', sub: 'auditor-1', roles: ['auditor'], division: '110105' };
const ID = '11010519491231002X';
const sealed: SealedField = { v: 1, c: 'ciphertext', k: 'dk-1', mask: '110105********002X', incidentId: 'inc-00000001', purpose: 'requisition' };
const body = { ref: { kind: 'requisition', id: 'req-00000001' }, field: 'owner.idNumber', purpose: 'Owner disputes the voucher; checking identity' };

describe('reveal', () => {
  it('accepts a reveal request and refuses a purpose shorter than 10 characters, naming the field', () => {
    expect(revealBody.parse(body)).toEqual(body);
    const r = revealBody.safeParse({ ...body, purpose: ' too short ' });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['purpose']);
    expect(r.error!.issues[0]!.message).toMatch(/at least 10 characters/);
    expect(revealBody.safeParse({ ...body, ref: { kind: 'plan', id: 'req-00000001' } }).success).toBe(false);
    expect(revealBody.safeParse({ ...body, extra: 1 }).success).toBe(false);
    expect(revealBody.safeParse({ ...body, field: 'owner.__proto__' }).success).toBe(false);
  });

  it('names one person of a record that holds several by id (a deployment roster), never a prototype key or an empty step', () => {
    const roster = { ...body, ref: { kind: 'deployment', id: 'dep-00000001' }, field: 'contacts.0f8fad5b-d9cb-469f-a165-70867728950e.phone' };
    expect(revealBody.safeParse(roster).success).toBe(true);
    for (const field of ['contacts.__proto__.phone', 'contacts..phone', 'contacts.short.phone.x.y', 'contacts.-leading-dash.phone', '0contacts.x']) {
      expect(revealBody.safeParse({ ...roster, field }).success, field).toBe(false);
    }
  });

  it('rule 18: lets only an office whose jurisdiction covers the record reveal', () => {
    expect(authorizeReveal(county, '110105')).toBe(county);
    expect(authorizeReveal(city, '110105')).toBe(city);
    expect(() => authorizeReveal(neighbour, '110105')).toThrow(NotInJurisdiction);
    expect(() => authorizeReveal(auditor, '110105')).toThrow(Forbidden);
    expect(() => authorizeReveal({ kind: 'job', job: 'pii-destruction' }, '110105')).toThrow(Forbidden);
    expect(() => authorizeReveal({ kind: 'anonymous', channel: 'api', source: 'x' }, '110105')).toThrow(Forbidden);
  });

  it('rule 18: records who, when, why, which record and field, and what the data was collected for', () => {
    const now = new Date('2026-06-01T08:00:00Z');
    const entry = revealAudit({ actor: county, now, request: revealBody.parse(body), division: '110105', sealed, value: ID });
    expect(entry).toEqual({
      action: 'pii.revealed',
      from: null,
      to: 'owner.idNumber',
      reason: 'Owner disputes the voucher; checking identity',
      entity: 'requisition',
      entityId: 'req-00000001',
      division: '110105',
      field: 'owner.idNumber',
      collectedFor: { incidentId: 'inc-00000001', purpose: 'requisition', dataKeyId: 'dk-1' },
      at: '2026-06-01T08:00:00.000Z',
      actorKind: 'user',
      actorSub: 'office-110105',
      actorRole: 'office',
      actorDivision: '110105',
    });
  });

  it('rule 18: keeps the value out of the entry even when the office typed it into the purpose', () => {
    const request = revealBody.parse({ ...body, purpose: `Caller gave 11010519491231002x on the phone, check it` });
    const entry = revealAudit({ actor: county, now: new Date(), request, division: '110105', sealed, value: ID });
    expect(JSON.stringify(entry).toUpperCase()).not.toContain(ID);
    expect(entry.reason).toBe(`Caller gave ${REDACTED} on the phone, check it`);
  });

  it('cuts a phone out in the spellings people type', () => {
    expect(withoutValue('called 138 1234 5678 and +86 138-1234-5678 twice', '+8613812345678')).toBe(`called ${REDACTED} and ${REDACTED} twice`);
  });

  it('refuses to produce an entry for a caller outside the jurisdiction', () => {
    expect(() => revealAudit({ actor: neighbour, now: new Date(), request: revealBody.parse(body), division: '110105', sealed, value: ID })).toThrow(NotInJurisdiction);
  });
});
