// Pagination cursors: opaque on the way out, checked on the way back in so that a forged one cannot leave its partition.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursor } from '../../shared/errors.ts';
import { cursorBinding, cursorKey, decodeCursor, encodeCursor, openCursor, sealCursor } from '../../shared/store/cursor.ts';

const partition = { attr: 'GSI1PK', value: 'PLANS#110105' };
const lastKey = { PK: 'PLAN#p-0001', SK: 'HEAD', GSI1PK: 'PLANS#110105', GSI1SK: 'draft#p-0001' };
const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

function expectInvalidCursor(cursor: string) {
  let thrown: unknown;
  try {
    decodeCursor(cursor, partition);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(InvalidCursor);
  expect(thrown).toMatchObject({ status: 400, code: 'invalid-cursor' });
}

describe('cursors', () => {
  it('round-trips the last evaluated key of a page', () => {
    const cursor = encodeCursor(lastKey)!;

    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, partition)).toEqual(lastKey);
  });

  it('has no cursor for the last page, and no start key without a cursor', () => {
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined, partition)).toBeUndefined();
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['characters outside base64url', '!!!'],
    ['the empty string', ''],
    ['truncated JSON', encode(lastKey).slice(0, 20)],
  ])('refuses %s with 400 invalid-cursor', (_what, cursor) => {
    expectInvalidCursor(cursor);
  });

  it.each([
    ['a string', 'PLANS#110105'],
    ['a number', 42],
    ['null', null],
    ['an array', [lastKey]],
  ])('refuses JSON that is %s rather than an object', (_what, value) => {
    expectInvalidCursor(encode(value));
  });

  it('refuses a cursor from another division’s list', () => {
    expectInvalidCursor(encodeCursor({ ...lastKey, GSI1PK: 'PLANS#110108' })!);
  });

  it('refuses a cursor that lacks the partition attribute, PK or SK', () => {
    const { GSI1PK: _g, ...noPartition } = lastKey;
    const { PK: _p, ...noPK } = lastKey;
    const { SK: _s, ...noSK } = lastKey;
    for (const key of [noPartition, noPK, noSK]) expectInvalidCursor(encodeCursor(key)!);
  });

  it('refuses a cursor with a value that is not a string', () => {
    expectInvalidCursor(encode({ ...lastKey, GSI1SK: 5 }));
    expectInvalidCursor(encode({ ...lastKey, SK: { S: 'HEAD' } }));
    expectInvalidCursor(encode({ ...lastKey, extra: null }));
  });

  it('round-trips any key of the partition with exactly the key attributes of the index', () => {
    const value = fc.string({ minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(value, value, value, (pk, sk, gsiSk) => {
        const key = { PK: pk, SK: sk, GSI1PK: partition.value, GSI1SK: gsiSk };
        expect(decodeCursor(encodeCursor(key), partition)).toEqual(key);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a key with an attribute more or fewer than the index has, or an empty or oversized value', () => {
    expectInvalidCursor(encodeCursor({ ...lastKey, GSI2PK: 'SUBOWNER#x' })!);
    expectInvalidCursor(encodeCursor({ ...lastKey, expiresAt: '1' })!);
    const { GSI1SK: _s, ...noSortKey } = lastKey;
    expectInvalidCursor(encodeCursor(noSortKey)!);
    expectInvalidCursor(encodeCursor({ ...lastKey, SK: '' })!);
    expectInvalidCursor(encodeCursor({ ...lastKey, GSI1SK: 'x'.repeat(2049) })!);
    // A table query (no index) takes PK and SK only.
    expect(decodeCursor(encodeCursor({ PK: 'INC#1', SK: 'AUDIT#2' }), { attr: 'PK', value: 'INC#1' })).toEqual({ PK: 'INC#1', SK: 'AUDIT#2' });
    expect(() => decodeCursor(encodeCursor({ PK: 'INC#1', SK: 'AUDIT#2', GSI1PK: 'x' }), { attr: 'PK', value: 'INC#1' })).toThrow(InvalidCursor);
  });

  it('answers any string either with a key of the partition or with InvalidCursor', () => {
    const anyCursor = fc.oneof(fc.string(), fc.base64String(), fc.jsonValue().map(encode));
    fc.assert(
      fc.property(anyCursor, (cursor) => {
        let decoded: Record<string, string> | undefined;
        try {
          decoded = decodeCursor(cursor, partition);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidCursor);
          return;
        }
        expect(decoded?.[partition.attr]).toBe(partition.value);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sealed cursors: what clients hold', () => {
  const key = cursorKey({ CURSOR_KEY: 'stack-id-of-the-test' });
  const inner = encodeCursor(lastKey)!;
  const binding = cursorBinding('listPlans', {}, { division: '110105', status: 'draft', limit: 20, cursor: 'x' });

  function refused(f: () => unknown) {
    expect(f).toThrow(InvalidCursor);
  }

  it('opens a cursor sealed for the same route and filter, whatever the page size or the order of the query', () => {
    const sealed = sealCursor(inner, binding, key);

    expect(sealed.startsWith(`${inner}.`)).toBe(true);
    expect(openCursor(sealed, cursorBinding('listPlans', {}, { limit: 100, status: 'draft', division: '110105' }), key)).toBe(inner);
  });

  it.each([
    ['another route', cursorBinding('dueForDrill', {}, { division: '110105', status: 'draft' })],
    ['another filter', cursorBinding('listPlans', {}, { division: '110105', status: 'published' })],
    ['no filter where one was given', cursorBinding('listPlans', {}, {})],
    ['another path parameter', cursorBinding('listPlans', { planId: 'p-0002' }, { division: '110105', status: 'draft' })],
  ])('refuses a cursor presented for %s', (_what, other) => {
    refused(() => openCursor(sealCursor(inner, binding, key), other, key));
  });

  it('refuses a cursor sealed with another key, one without a seal, and one whose key was changed after sealing', () => {
    const otherKey = cursorKey({ CURSOR_KEY: 'another-stack' });
    const sealed = sealCursor(inner, binding, key);
    const forgedInner = encodeCursor({ ...lastKey, SK: 'V#000009' })!;

    refused(() => openCursor(sealCursor(inner, binding, otherKey), binding, key));
    refused(() => openCursor(inner, binding, key));
    refused(() => openCursor(`${forgedInner}.${sealed.split('.')[1]}`, binding, key));
    refused(() => openCursor(`${sealed}x`, binding, key));
    refused(() => openCursor('.', binding, key));
  });

  it('answers any string with the inner cursor it sealed or with InvalidCursor, never anything else', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          expect(openCursor(s, binding, key)).toBe(inner);
        } catch (e) {
          expect(e).toBeInstanceOf(InvalidCursor);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('needs CURSOR_KEY on Lambda and uses a fixed development key elsewhere', () => {
    expect(() => cursorKey({ AWS_LAMBDA_FUNCTION_NAME: 'erp-dev-plans' })).toThrow(/CURSOR_KEY/);
    expect(cursorKey({})).toEqual(cursorKey({}));
    expect(cursorKey({})).not.toEqual(key);
  });
});
