// The shared vocabulary of the request schemas: text is clean before it is stored (no control characters but newline
// and tab, no bidirectional overrides, not invisible-only, well-formed, counted in characters), bilingual text takes a
// plain string as the Chinese, warning levels take numbers, response levels only the Roman numerals, and a
// coordinate is always a number DynamoDB stores.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { RESPONSE_LEVELS } from '../../shared/domain/categories.ts';
import { bilingual, CLEAN_TEXT, isoDateTime, latitude, text, VISIBLE_TEXT, warningLevel } from '../../shared/http/contracts/common.ts';
import { fieldErrorsOf } from '../../shared/http/messages.ts';

const refusal = (schema: z.ZodMiniType, input: unknown) => {
  const r = schema.safeParse(input, { reportInput: true });
  return r.success ? undefined : fieldErrorsOf(r.error, 'body')[0]?.key;
};

describe('text()', () => {
  const title = text(20);

  it('trims and keeps newlines, tabs, Chinese, emoji and marks such as the left-to-right mark', () => {
    expect(title.parse('  洪水预警\n第二行\t🌊 \u200Eok  ')).toBe('洪水预警\n第二行\t🌊 \u200Eok');
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['a bell', 'a\u0007b'],
    ['a carriage return', 'a\rb'],
    ['an escape', 'a\u001b[31mb'],
    ['DEL', 'a\u007fb'],
    ['a C1 control', 'a\u0085b'],
    ['the replacement character (bytes that were not UTF-8)', 'a\uFFFDb'],
    ['a non-character', 'a\uFFFEb'],
    ...['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069'].map((c) => [`the bidi control U+${c.codePointAt(0)!.toString(16).toUpperCase()}`, `abc${c}def`]),
  ])('refuses %s', (_what, input) => {
    expect(refusal(title, input)).toBe('clean-text');
  });

  it.each([
    ['spaces', '   ', 'not-blank'],
    ['a zero-width space', '\u200B', 'visible-text'],
    ['zero-width joiners and a BOM', '\u200D\u200C\uFEFF\u2060', 'visible-text'],
    ['ideographic and no-break spaces around a zero-width space', '\u3000\u00A0\u200B\u3000', 'visible-text'],
    ['a Hangul filler', '\u3164', 'visible-text'],
    ['a braille blank', '\u2800\u2800', 'visible-text'],
    ['a soft hyphen', '\u00AD', 'visible-text'],
  ])('refuses text of %s only', (_what, input, key) => {
    expect(refusal(title, input)).toBe(key);
  });

  it('refuses a lone surrogate, and counts length in characters (an emoji is one)', () => {
    expect(refusal(title, 'a\uD800b')).toBe('well-formed');
    expect(title.safeParse('🌊'.repeat(20)).success).toBe(true);
    expect(refusal(title, '🌊'.repeat(21))).toBe('max-length');
  });

  it('agrees with the patterns the OpenAPI document states, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.oneof(fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)), fc.constantFrom('\u202E', '\u200B', '\r', '\u0000', ' ')), maxLength: 20 }), (s) => {
        const trimmed = s.trim();
        const statedValid = trimmed.length > 0 && CLEAN_TEXT.test(trimmed) && VISIBLE_TEXT.test(trimmed) && s.isWellFormed();
        expect(title.safeParse(s).success).toBe(statedValid);
      }),
      { numRuns: 500 },
    );
  });
});

describe('bilingual()', () => {
  const name = bilingual(50);

  it('takes a plain string as the Chinese text, as bodies did before', () => {
    expect(name.parse('暴雨红色预警')).toEqual({ 'zh-CN': '暴雨红色预警' });
    expect(name.parse({ 'zh-CN': '暴雨红色预警', en: 'Red rainstorm warning' })).toEqual({ 'zh-CN': '暴雨红色预警', en: 'Red rainstorm warning' });
  });

  it('cleans both languages', () => {
    expect(refusal(name, { 'zh-CN': '预警', en: 'a\u202Eb' })).toBe('clean-text');
    expect(refusal(name, { en: 'Warning' })).toBe('required');
  });
});

describe('levels', () => {
  it('takes warning levels as the numbers 1-4 and the strings "1"-"4", always giving the string', () => {
    for (const level of [1, 2, 3, 4, '1', '2', '3', '4']) expect(warningLevel.parse(level)).toBe(String(level));
    for (const bad of [0, 5, 1.5, '01', 'I', 'red', null]) expect(refusal(warningLevel, bad)).toBe('one-of');
  });

  it('takes response levels only as the Roman numerals I-IV, one spelling for values, plan keys and alert attributes', () => {
    const level = z.enum(RESPONSE_LEVELS);
    expect(RESPONSE_LEVELS.map((l) => level.parse(l))).toEqual(['I', 'II', 'III', 'IV']);
    for (const bad of ['iv', 'Ⅳ', 4, '4']) expect(refusal(level, bad)).toBe('one-of');
  });
});

describe('storable values', () => {
  it('keeps a coordinate to 7 decimals, so no accepted coordinate is a number DynamoDB refuses', () => {
    fc.assert(
      fc.property(fc.double({ min: -90, max: 90, noNaN: true }), (x) => {
        const kept = latitude.parse(x);
        expect(kept === 0 || Math.abs(kept) >= 1e-7).toBe(true);
        expect(Math.abs(kept - x)).toBeLessThanOrEqual(5e-8 + 1e-12);
      }),
    );
  });

  it('takes date-times written in the years 1900-2999 only, with an offset', () => {
    expect(isoDateTime.safeParse('1900-01-01T00:00:00+08:00').success).toBe(true);
    expect(isoDateTime.safeParse('2999-12-31T23:59:59-12:00').success).toBe(true);
    expect(refusal(isoDateTime, '1899-12-31T23:59:59Z')).toBe('year-range');
    expect(refusal(isoDateTime, '3000-01-01T00:00:00Z')).toBe('year-range');
    expect(refusal(isoDateTime, '2026-07-01T08:00:00')).toBe('date-time');
  });
});
