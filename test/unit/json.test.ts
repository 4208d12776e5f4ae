// The body parser's JSON reader: the same values as JSON.parse for every JSON text, plus what JSON.parse lets through
// silently (a key given twice, a `__proto__` key) named with its path, and syntax errors with line, column and position.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { JsonSyntaxError, MAX_DEPTH, parseJson } from '../../shared/http/json.ts';

function syntaxError(text: string): JsonSyntaxError {
  try {
    parseJson(text);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonSyntaxError);
    return e as JsonSyntaxError;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseJson', () => {
  it('reads every JSON text as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (value, pretty) => {
        const text = JSON.stringify(value, null, pretty ? 2 : undefined);
        const { value: read, keyProblems } = parseJson(text);
        expect(read).toEqual(JSON.parse(text));
        // JSON.stringify never writes a key twice; a __proto__ key it may write, and that alone is named.
        expect(keyProblems.every((k) => k.problem === 'proto' && k.path.split('.').at(-1) === '__proto__')).toBe(true);
        expect(keyProblems.length > 0).toBe(text.includes('"__proto__":'));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses every text JSON.parse refuses', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        if (valid) expect(() => parseJson(text)).not.toThrow();
        else expect(() => parseJson(text)).toThrow(JsonSyntaxError);
      }),
      { numRuns: 500 },
    );
  });

  it('names every key given twice, with its path, and keeps reading', () => {
    const { keyProblems } = parseJson('{"title":"a","area":{"divisions":["110105"],"divisions":[]},"title":"b"}');
    expect(keyProblems).toEqual([
      { path: 'area.divisions', problem: 'duplicate' },
      { path: 'title', problem: 'duplicate' },
    ]);
  });

  it('names a __proto__ key anywhere, and never lets it reach a prototype', () => {
    const { value, keyProblems } = parseJson('{"a":{"__proto__":{"polluted":true}},"list":[{"__proto__":1}]}');
    expect(keyProblems).toEqual([
      { path: 'a.__proto__', problem: 'proto' },
      { path: 'list.0.__proto__', problem: 'proto' },
    ]);
    const a = (value as { a: Record<string, unknown> }).a;
    expect(Object.getPrototypeOf(a)).toBe(Object.prototype);
    expect(Object.hasOwn(a, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('treats constructor and toString as keys like any other', () => {
    expect(parseJson('{"constructor":1,"toString":"x","hasOwnProperty":null}')).toEqual({ value: { constructor: 1, toString: 'x', hasOwnProperty: null }, keyProblems: [] });
  });

  it.each([
    ['{"title": "Flood plan",', 'json-unexpected-end', 1, 24],
    ['{"a": 1,\n  "b": }', 'json-unexpected-char', 2, 8],
    ['{"a": tru}', 'json-unexpected-char', 1, 7],
    ['{"a": "x\ny"}', 'json-raw-control', 1, 9],
    ['{"a": "\\x"}', 'json-bad-escape', 1, 8],
    ['{"a": 01}', 'json-bad-number', 1, 7],
    ['{"a": 1} {}', 'json-trailing', 1, 10],
    ["{'a': 1}", 'json-unexpected-char', 1, 2],
  ] as const)('says where %j goes wrong', (text, what, line, column) => {
    const e = syntaxError(text);
    expect({ what: e.what, line: e.line, column: e.column }).toEqual({ what, line, column });
  });

  it(`refuses nesting deeper than ${MAX_DEPTH} levels instead of running out of stack`, () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(syntaxError(deep).what).toBe('json-too-deep');
    expect(() => parseJson(`${'['.repeat(MAX_DEPTH)}${']'.repeat(MAX_DEPTH)}`)).not.toThrow();
  });
});

describe('why the reader refuses __proto__ itself', () => {
  it('is needed: a zod record drops a __proto__ key that JSON.parse keeps as an own property, refusing neither', () => {
    const record = z.partialRecord(z.enum(['I', 'II']), z.number());
    const parsed = record.safeParse(JSON.parse('{"I":1,"__proto__":2}'));
    // The key is silently gone: a body that said something the schema never saw.
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual({ I: 1 });
  });
});
