// Field encryption (rule 16): AES-256-GCM under the data key of an incident and purpose, with associated data that
// binds each ciphertext to its record, field, incident and purpose.
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PiiIntegrityError } from '../../shared/pii/cipher.ts';
import { isSealedField, openWith, sealWith, type DataKey, type SealContext } from '../../shared/pii/sealed.ts';

const keyA: DataKey = { key: randomBytes(32), dataKeyId: 'dk-incident-a' };
const keyB: DataKey = { key: randomBytes(32), dataKeyId: 'dk-incident-b' };
const ID = '11010519491231002X';
const at: SealContext = { recordKey: 'REQ#req-0001', field: 'owner.idNumber', incidentId: 'inc-aaaa', purpose: 'requisition' };

describe('sealed fields', () => {
  it('rule 16: opens every value it sealed, and records the incident and purpose it was collected for', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (value) => {
        const sealed = sealWith(keyA, value, '***', at);
        expect(sealed).toMatchObject({ v: 1, k: keyA.dataKeyId, incidentId: at.incidentId, purpose: at.purpose, mask: '***' });
        expect(isSealedField(sealed)).toBe(true);
        return openWith(keyA.key, sealed, at) === value;
      }),
    );
  });

  it('uses a fresh IV each time: the same value seals differently', () => {
    expect(sealWith(keyA, ID, 'm', at).c).not.toBe(sealWith(keyA, ID, 'm', at).c);
  });

  it('refuses a ciphertext moved to another record', () => {
    const sealed = sealWith(keyA, ID, 'm', at);
    expect(() => openWith(keyA.key, sealed, { ...at, recordKey: 'REQ#req-0002' })).toThrow(PiiIntegrityError);
  });

  it('refuses a ciphertext moved to another field of the same record', () => {
    const sealed = sealWith(keyA, ID, 'm', at);
    expect(() => openWith(keyA.key, sealed, { ...at, field: 'claimant.idNumber' })).toThrow(PiiIntegrityError);
  });

  it('refuses to open under the key of another incident', () => {
    const sealed = sealWith(keyA, ID, 'm', at);
    expect(() => openWith(keyB.key, sealed, at)).toThrow(PiiIntegrityError);
  });

  it('refuses a field relabelled with another incident, purpose or key id', () => {
    const sealed = sealWith(keyA, ID, 'm', at);
    expect(() => openWith(keyA.key, { ...sealed, incidentId: 'inc-bbbb' }, at)).toThrow(PiiIntegrityError);
    expect(() => openWith(keyA.key, { ...sealed, purpose: 'compensation' }, at)).toThrow(PiiIntegrityError);
    expect(() => openWith(keyA.key, { ...sealed, k: 'dk-other' }, at)).toThrow(PiiIntegrityError);
  });

  it('refuses a ciphertext with any one byte changed', () => {
    const sealed = sealWith(keyA, ID, 'm', at);
    const raw = Buffer.from(sealed.c, 'base64url');
    fc.assert(
      fc.property(fc.nat(raw.length - 1), fc.integer({ min: 1, max: 255 }), (i, flip) => {
        const bytes = Buffer.from(raw);
        bytes[i]! ^= flip;
        expect(() => openWith(keyA.key, { ...sealed, c: bytes.toString('base64url') }, at)).toThrow(PiiIntegrityError);
      }),
    );
    expect(() => openWith(keyA.key, { ...sealed, c: raw.subarray(0, 20).toString('base64url') }, at)).toThrow(PiiIntegrityError);
  });

  it('keeps the value out of the stored JSON and out of the error message', () => {
    const sealed = sealWith(keyA, ID, '110105********002X', at);
    const json = JSON.stringify(sealed);
    expect(json).not.toContain(ID);
    expect(json).not.toContain('19491231');
    let message = '';
    try {
      openWith(keyB.key, sealed, at);
    } catch (err) {
      message = String(err) + JSON.stringify(err);
    }
    expect(message).toMatch(/does not authenticate/);
    expect(message).not.toContain(ID);
  });

  it('is 12 + 16 bytes longer than the value: 48 bytes (64 base64url characters) for 20', () => {
    const sealed = sealWith(keyA, 'x'.repeat(20), 'm', at);
    expect(Buffer.from(sealed.c, 'base64url').length).toBe(48);
    expect(sealed.c).toHaveLength(64);
  });
});
