// The one body parser's JSON reader: strict RFC 8259, and stricter than JSON.parse where JSON.parse is silent. A key
// given twice (JSON.parse keeps the last, so two readers of the same body may disagree) and a `__proto__` key (a
// prototype-changing name that some code drops silently) are refused with their path; a syntax error says where.
import type { MessageKey } from './messages.ts';

/** Deeper than any body of the API nests (plans are 5 levels): a bound, so that no input can exhaust the stack. */
export const MAX_DEPTH = 64;

export class JsonSyntaxError extends Error {
  readonly what: MessageKey;
  /** 1-based, in UTF-16 code units of the text, as editors count columns. */
  readonly position: number;
  readonly line: number;
  readonly column: number;
  readonly params: Record<string, string | number>;

  constructor(what: MessageKey, position: number, line: number, column: number, params: Record<string, string | number> = {}) {
    super(`${what} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
    this.what = what;
    this.position = position;
    this.line = line;
    this.column = column;
    this.params = params;
  }
}

export interface KeyProblem {
  /** Dotted path of the key, from the body's root (`responseLevels.IV.measures`). */
  path: string;
  problem: 'duplicate' | 'proto';
}

const WS = new Set([0x20, 0x09, 0x0a, 0x0d]);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** Parses JSON text, or throws JsonSyntaxError; returns the value and every key given twice or named `__proto__`. */
export function parseJson(text: string): { value: unknown; keyProblems: KeyProblem[] } {
  let i = 0;
  const keyProblems: KeyProblem[] = [];

  const fail = (what: MessageKey, at = i, params: Record<string, string | number> = {}): never => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    const column = at - before.lastIndexOf('\n');
    throw new JsonSyntaxError(what, at + 1, line, column, params);
  };
  const unexpected = (): never => {
    if (i >= text.length) return fail('json-unexpected-end');
    const cp = text.codePointAt(i)!;
    const shown = cp < 0x20 || cp === 0x7f ? `U+${cp.toString(16).toUpperCase().padStart(4, '0')}` : `'${String.fromCodePoint(cp)}'`;
    return fail('json-unexpected-char', i, { char: shown });
  };
  const skip = () => {
    while (i < text.length && WS.has(text.charCodeAt(i))) i++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[i] !== ch) unexpected();
    i++;
  };

  function string(): string {
    // Called at the opening quote.
    i++;
    let out = '';
    let start = i;
    for (;;) {
      if (i >= text.length) fail('json-unexpected-end');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(start, i);
        i++;
        return out;
      }
      if (c < 0x20) fail('json-raw-control');
      if (c === 0x5c) {
        out += text.slice(start, i);
        const e = text[i + 1];
        if (e === undefined) fail('json-unexpected-end', i + 1);
        if (e === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('json-bad-escape');
          out += String.fromCharCode(parseInt(hex, 16));
          i += 6;
        } else {
          const plain = ESCAPES[e!];
          if (plain === undefined) fail('json-bad-escape');
          out += plain;
          i += 2;
        }
        start = i;
        continue;
      }
      i++;
    }
  }

  function value(path: string[], depth: number): unknown {
    if (depth > MAX_DEPTH) fail('json-too-deep', i, { max: MAX_DEPTH });
    skip();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      const seen = new Set<string>();
      skip();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        skip();
        if (text[i] !== '"') unexpected();
        const key = string();
        const at = [...path, key].join('.');
        if (key === '__proto__') keyProblems.push({ path: at, problem: 'proto' });
        else if (seen.has(key)) keyProblems.push({ path: at, problem: 'duplicate' });
        seen.add(key);
        expect(':');
        const v = value([...path, key], depth + 1);
        // Defined as an own property whatever the name: `__proto__` must not reach the prototype (it is refused anyway).
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return obj;
        }
        unexpected();
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      skip();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value([...path, String(arr.length)], depth + 1));
        skip();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return arr;
        }
        unexpected();
      }
    }
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) fail('json-bad-number');
      const next = text[i + m![0].length];
      if (next !== undefined && /[0-9.eE+-]/.test(next)) fail('json-bad-number');
      i += m![0].length;
      return Number(m![0]);
    }
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return v;
      }
    }
    return unexpected();
  }

  // A byte order mark is not JSON (RFC 8259 §8.1: senders must not add one); it is refused like any stray character.
  const v = value([], 0);
  skip();
  if (i < text.length) fail('json-trailing');
  return { value: v, keyProblems };
}
