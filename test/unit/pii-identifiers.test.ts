// Identifier checks a person would expect: GB 11643-1999 resident ID numbers, GB 32100-2015 unified social credit
// codes and mainland mobile numbers, as pure functions and as zod schemas whose messages name the problem.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import {
  creditCode,
  creditCodeCheckChar,
  creditCodeProblem,
  isCreditCode,
  isMobile,
  isResidentId,
  mobileNumber,
  normaliseResidentId,
  residentIdCheckChar,
  residentIdNumber,
  residentIdProblem,
  toE164Mobile,
} from '../../shared/pii/identifiers.ts';

const NOW = new Date('2026-06-01T04:00:00Z');
const clock = { now: () => NOW };

describe('resident ID numbers (GB 11643-1999)', () => {
  it('accepts the examples of the standard, computed with ISO 7064 MOD 11-2', () => {
    // Prepare / Act / Assess: the check characters of the standard's own examples.
    expect(residentIdCheckChar('11010519491231002')).toBe('X');
    expect(residentIdCheckChar('44052418800101001')).toBe('4');
    for (const id of ['11010519491231002X', '440524188001010014', '110105200002291235', '420102199003078813']) {
      expect(residentIdProblem(id, NOW), id).toBeUndefined();
    }
  });

  it('accepts a lower-case x and surrounding spaces, normalised to upper case', () => {
    expect(isResidentId(' 11010519491231002x ', NOW)).toBe(true);
    expect(normaliseResidentId(' 11010519491231002x ')).toBe('11010519491231002X');
    expect(residentIdNumber(clock).parse('11010519491231002x')).toBe('11010519491231002X');
  });

  it('refuses a wrong check digit and says so', () => {
    expect(residentIdProblem('110105194912310021', NOW)).toMatch(/check digit does not match/);
    expect(residentIdProblem('440524188001010015', NOW)).toMatch(/check digit/);
  });

  it('refuses wrong lengths, letters inside and an X anywhere but last', () => {
    for (const bad of ['', '11010519491231002', '11010519491231002XX', '1101051949123100X2', '11010519491231A02X']) {
      expect(residentIdProblem(bad, NOW), bad).toMatch(/18-character/);
    }
    expect(residentIdProblem('010105194912310023', NOW)).toMatch(/issuing division/);
  });

  it('refuses birth dates that do not exist', () => {
    // 1900 was not a leap year; 2000 was (110105200002291235 above is valid).
    for (const first17 of ['11010519000229123', '11010519491331002', '11010519490230002', '11010519490100002', '11010517991231002']) {
      const id = first17 + residentIdCheckChar(first17);
      expect(residentIdProblem(id, NOW), id).toMatch(/real birth date/);
    }
  });

  it('refuses a birth date after today in China Standard Time, and accepts today', () => {
    const tomorrow = '11010520260602123';
    const today = '11010520260601123';
    expect(residentIdProblem(tomorrow + residentIdCheckChar(tomorrow), NOW)).toMatch(/future/);
    expect(residentIdProblem(today + residentIdCheckChar(today), NOW)).toBeUndefined();
    // 2026-06-01T20:00Z is already 2 June in Beijing: a child born on 2 June is not "in the future".
    expect(residentIdProblem(tomorrow + residentIdCheckChar(tomorrow), new Date('2026-06-01T20:00:00Z'))).toBeUndefined();
  });

  const validId = fc
    .record({
      division: fc.integer({ min: 110000, max: 829999 }),
      birth: fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2026-05-31T00:00:00Z'), noInvalidDate: true }),
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ division, birth, seq }) => {
      const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
      const first17 = `${division}${ymd}${String(seq).padStart(3, '0')}`;
      return first17 + residentIdCheckChar(first17);
    });

  it('accepts every generated number with its computed check digit', () => {
    fc.assert(fc.property(validId, (id) => residentIdProblem(id, NOW) === undefined));
  });

  it('refuses a valid number with any single character changed', () => {
    fc.assert(
      fc.property(validId, fc.nat(17), fc.constantFrom(...'0123456789X'), (id, at, replacement) => {
        fc.pre(id[at] !== replacement);
        const changed = id.slice(0, at) + replacement + id.slice(at + 1);
        return !isResidentId(changed, NOW);
      }),
      { numRuns: 2000 },
    );
  });

  it('names the field in a request contract and never echoes the value', () => {
    const body = z.object({ owner: z.object({ idNumber: residentIdNumber(clock) }) });
    const r = body.safeParse({ owner: { idNumber: '110105194912310021' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toHaveLength(1);
    expect(r.error!.issues[0]!.path).toEqual(['owner', 'idNumber']);
    expect(r.error!.issues[0]!.message).toMatch(/check digit/);
    expect(JSON.stringify(r.error!.issues)).not.toContain('110105194912310021');
  });
});

describe('unified social credit codes (GB 32100-2015)', () => {
  it('accepts codes whose check character is computed with the mod-31 weights', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    for (const code of ['91350100M000100Y43', '911100001000013984', '12100000400000372B', '52110105MJ0000001K']) {
      expect(creditCodeProblem(code), code).toBeUndefined();
    }
    expect(creditCode.parse(' 91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('refuses a wrong check character', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toMatch(/check character does not match/);
    expect(isCreditCode('911100001000013985')).toBe(false);
  });

  it('refuses the letters I, O, S, V and Z, wrong lengths and a division part with letters', () => {
    for (const bad of ['91350100M000100I43', '91350100M000100O43', '91350100S000100Y43', '9135010V0000100Y43', '91350100Z000100Y43', '91350100M000100Y4', '']) {
      expect(creditCodeProblem(bad), bad).toMatch(/18-character/);
    }
    const first17 = '9135A100M000100Y4';
    expect(creditCodeProblem(first17 + creditCodeCheckChar(first17))).toMatch(/registering division/);
  });

  it('refuses a valid code with any single character changed', () => {
    const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const validCode = fc
      .tuple(fc.constantFrom(...'19ANY'), fc.constantFrom(...'123459'), fc.integer({ min: 110000, max: 829999 }), fc.string({ unit: fc.constantFrom(...chars), minLength: 9, maxLength: 9 }))
      .map(([authority, type, division, org]) => {
        const first17 = `${authority}${type}${division}${org}`;
        return first17 + creditCodeCheckChar(first17);
      });
    fc.assert(
      fc.property(validCode, fc.nat(17), fc.constantFrom(...chars), (code, at, replacement) => {
        expect(isCreditCode(code)).toBe(true);
        fc.pre(code[at] !== replacement);
        return !isCreditCode(code.slice(0, at) + replacement + code.slice(at + 1));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('mainland mobile numbers', () => {
  it('normalises the usual spellings to E.164', () => {
    for (const spelling of ['13812345678', '+8613812345678', '008613812345678', '138 1234 5678', '+86 138-1234-5678']) {
      expect(toE164Mobile(spelling), spelling).toBe('+8613812345678');
      expect(mobileNumber.parse(spelling)).toBe('+8613812345678');
    }
  });

  it('refuses numbers that are not mainland mobiles', () => {
    for (const bad of ['12812345678', '1381234567', '138123456789', '+85213812345678', '010-12345678', '86 13812345678x', '']) {
      expect(isMobile(bad), bad).toBe(false);
    }
    const r = z.object({ phone: mobileNumber }).safeParse({ phone: '12812345678' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['phone']);
    expect(r.error!.issues[0]!.message).toMatch(/mainland mobile number/);
  });
});
