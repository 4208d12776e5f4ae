// Errors in the caller's language all the way: validation messages in our own words (not the library's), JSON syntax
// errors with their position, field paths written the same way on 400 and 422, and a Chinese title and detail for every
// code and a Chinese message for every field error the API emits today (read from the sources the handlers import).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { API_FUNCTIONS } from '../../shared/http/routes.ts';
import { AppError, NotFound, NotInJurisdiction, RuleViolation, ValidationFailed, type FieldError } from '../../shared/errors.ts';
import { fieldErrorsOf, hasChineseDetail, localiseFieldErrors, normalisePath, say, TITLES } from '../../shared/http/messages.ts';
import { toProblem } from '../../shared/http/problem.ts';
import { bilingual, divisionCode, isoDateTime, text, warningLevel } from '../../shared/http/contracts/common.ts';

const root = resolve(import.meta.dirname, '../..');
const CJK = /[\u4e00-\u9fff]/;
/** English a Chinese message must not contain: words of three letters or more, other than codes and names kept as is. */
const englishWords = (s: string) => (s.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !['JSON', 'UTF', 'ETag', 'Match', 'If', 'Bearer', 'Authorization', 'token', 'npm', 'run', 'role', 'office', 'division', 'level', 'county', 'application', 'json', 'charset', 'Idempotency', 'Key', 'FFFD', 'ASCII', 'true', 'false', 'email', 'sms', 'https', 'cap'].includes(w));

function errorsOf(schema: z.ZodType, input: unknown): FieldError[] {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to fail`);
  return fieldErrorsOf(r.error, 'body');
}

describe('validation messages, written for people', () => {
  const body = z
    .object({
      title: text(10),
      level: warningLevel,
      category: z.enum(['accident', 'public-health']),
      count: z.number().int().min(0).max(100),
      list: z.array(text(5)).min(1).max(2),
      divisionCode,
      at: isoDateTime,
      name: bilingual(10),
    })
    .strict();
  const valid = { title: 'Flood', level: '1', category: 'accident', count: 1, list: ['a'], divisionCode: '110105', at: '2026-07-01T08:00:00+08:00', name: '名' };

  it.each([
    ['a missing field', { title: undefined }, 'body.title', 'required', '必填'],
    ['a level outside 1-4', { level: 5 }, 'body.level', 'must be one of 1, 2, 3, 4', '应为以下之一：1, 2, 3, 4'],
    ['an unknown category', { category: 'flood' }, 'body.category', 'must be one of accident, public-health', '应为以下之一：accident, public-health'],
    ['a number too large', { count: 101 }, 'body.count', 'must be at most 100', '不能大于 100'],
    ['a fraction for a whole number', { count: 1.5 }, 'body.count', 'must be a whole number', '应为整数'],
    ['text for a number', { count: '1' }, 'body.count', 'must be a number', '应为数字'],
    ['an empty list', { list: [] }, 'body.list', 'must have at least 1 items', '至少 1 项'],
    ['a blank item', { list: ['  '] }, 'body.list.0', 'must not be blank', '不能为空'],
    ['text too long', { title: 'x'.repeat(11) }, 'body.title', 'must be at most 10 characters', '最多 10 个字符'],
    ['a bad division code', { divisionCode: '1101' }, 'body.divisionCode', 'must be a GB/T 2260 division code of 6, 9 or 12 digits', '应为 6、9 或 12 位的 GB/T 2260 行政区划代码'],
    ['a date without offset', { at: '2026-07-01T08:00:00' }, 'body.at', 'must be a date-time with an offset, e.g. 2026-07-01T08:00:00+08:00', '应为带时区偏移的日期时间，例如 2026-07-01T08:00:00+08:00'],
    ['a bilingual text without Chinese', { name: { en: 'Name' } }, 'body.name.zh-CN', 'required', '必填'],
    ['a number for a text', { name: 3 }, 'body.name', 'must be a string or an object', '应为字符串或对象'],
    ['an unknown field', { colour: 'red' }, 'body.colour', 'unknown field', '不接受此字段'],
  ])('says %s plainly, in English and in Chinese', (_what, patch, path, en, zh) => {
    const errors = errorsOf(body, { ...valid, ...patch });

    expect(errors.map((e) => e.path)).toEqual([path]);
    expect(localiseFieldErrors(errors, 'en')).toEqual([{ path, message: en }]);
    expect(localiseFieldErrors(errors, 'zh')).toEqual([{ path, message: zh }]);
  });

  it('never passes on the validation library\'s own wording', () => {
    const inputs: unknown[] = [{}, { ...valid, level: true, count: -1, list: 'x', at: 5, name: { 'zh-CN': '' } }, [], null, 'x'];
    for (const input of inputs) {
      const r = body.safeParse(input, { reportInput: true });
      for (const e of r.success ? [] : fieldErrorsOf(r.error, 'body')) expect(e.message, e.path).not.toMatch(/Invalid|expected|received|Too (small|big)/);
    }
  });
});

describe('problem details in Chinese', () => {
  const zh = (e: AppError) => toProblem(e, 'r-1', 'zh').problem;

  it('writes the detail and every field message of a 400 in Chinese for a zh-CN caller', () => {
    const errors = errorsOf(z.object({ title: text(5), level: warningLevel }).strict(), { level: 9, extra: 1 });
    const problem = zh(new ValidationFailed('The request body is not valid.', errors));

    expect(problem.title).toBe('请求内容不符合要求');
    expect(problem.detail).toMatch(CJK);
    for (const e of problem.errors!) expect(englishWords(e.message), e.message).toEqual([]);
  });

  it('carries the parameters of a known English detail into the Chinese one', () => {
    expect(zh(new NotFound('No incident 5d1e7c3a-2b4f.')).detail).toBe('未找到突发事件：5d1e7c3a-2b4f。');
    expect(zh(new NotInJurisdiction('Only the issuing government (110105) may adjust or lift this warning (Art 70).')).detail).toBe(
      '只有发布预警的人民政府（110105）可以调整或解除该预警（第七十条）。',
    );
  });

  it('writes the paths of a 422 as a 400 writes them: from body', () => {
    const problem = toProblem(new RuleViolation('drill-in-future', 'later', [{ path: 'conductedAt', message: 'is in the future' }]), 'r-1', 'en').problem;
    expect(problem.errors).toEqual([{ path: 'body.conductedAt', message: 'is in the future' }]);
    expect(normalisePath('query.limit')).toBe('query.limit');
    expect(normalisePath('headers.idempotency-key')).toBe('headers.idempotency-key');
    expect(normalisePath('responseLevels.IV.thresholds.deaths')).toBe('body.responseLevels.IV.thresholds.deaths');
  });

  it('says a code nobody translated yet in Chinese all the same', () => {
    expect(zh(new RuleViolation('some-future-rule', 'A rule of the future.')).detail).toMatch(CJK);
  });
});

// ---- every code and field message the API emits today -------------------------------------------------------------

/** The TypeScript sources a handler imports, transitively (relative imports only). */
function sourcesOf(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const source = readFileSync(entry, 'utf8');
  for (const m of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+\.ts)'/g)) sourcesOf(resolve(dirname(entry), m[1]!), seen);
  return seen;
}

/**
 * The functions whose codes and messages must all be said in Chinese: those the API had when issue 7 asked for it.
 * Add each new area here when it lands; the test then names every code and message it still lacks.
 */
const CHECKED_FUNCTIONS: readonly string[] = ['health', 'plans', 'incidents', 'warnings', 'response', 'public', 'subscriptions'];

const sources = new Map<string, string>();
// A function being built may be listed before its handler exists: it emits nothing yet.
for (const fn of API_FUNCTIONS.filter((f) => CHECKED_FUNCTIONS.includes(f) && existsSync(resolve(root, `functions/${f}/handler.ts`)))) {
  for (const file of sourcesOf(resolve(root, `functions/${fn}/handler.ts`))) sources.set(file.slice(root.length + 1), readFileSync(file, 'utf8'));
}

describe('every code and message the handlers can emit', () => {
  it('reads the sources of every API function', () => {
    expect([...sources.keys()]).toEqual(expect.arrayContaining(['shared/domain/incident.ts', 'shared/domain/warning.ts', 'shared/domain/plan.ts', 'shared/http/api.ts']));
  });

  const codes = new Map<string, string>();
  for (const [file, source] of sources) {
    for (const m of source.matchAll(/new RuleViolation\(\s*'([\w-]+)'/g)) codes.set(m[1]!, file);
    for (const m of source.matchAll(/readonly code = '([\w-]+)'/g)) codes.set(m[1]!, file);
  }

  it.each([...codes].map(([code, file]) => [code, file]))('has a Chinese title and a Chinese detail for %s (%s)', (code) => {
    const title = TITLES[code] ?? TITLES['rule-violation']!;
    expect(title.zh).toMatch(CJK);
    expect(hasChineseDetail(code), `add a Chinese detail for '${code}' to DETAIL_ZH in shared/http/messages.ts`).toBe(true);
  });

  const messages = new Map<string, string>();
  for (const [file, source] of sources) {
    for (const m of source.matchAll(/message: (?:'((?:[^'\\]|\\.)*)'|`([^`]*)`)/g)) {
      const text = (m[1] ?? m[2]!).replace(/\$\{[^}]*\}/g, '110105').replace(/\\'/g, "'");
      if (text !== '' && !/^(required|unknown field)$/.test(text)) messages.set(text, file);
    }
  }

  it.each([...messages].map(([message, file]) => [message, file]))('says the field message "%s" (%s) in Chinese', (message) => {
    const [zh] = localiseFieldErrors([{ path: 'body.x', message }], 'zh');
    expect(zh!.message, `add a Chinese pattern for "${message}" to DOMAIN_FIELD_ZH in shared/http/messages.ts`).not.toBe(say('invalid', 'zh'));
    expect(zh!.message).toMatch(CJK);
  });
});
