// Pagination cursors: opaque on the way out, checked on the way back in so that a forged one cannot leave its partition.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidCursor } from '../../shared/errors.ts';
import { decodeCursor, encodeCursor } from '../../shared/store/cursor.ts';

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

  it('round-trips any key of strings in the partition', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.string()), fc.string(), fc.string(), (extra, pk, sk) => {
        const key = { ...extra, PK: pk, SK: sk, GSI1PK: partition.value };
        expect(decodeCursor(encodeCursor(key), partition)).toEqual(key);
      }),
      { numRuns: 200 },
    );
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
