// Identifiers a person would expect to be checked: resident ID numbers (GB 11643-1999), unified social credit codes
// (GB 32100-2015) and mainland mobile numbers; pure checks, normalisers, and zod schemas for request contracts.
// Messages name what is wrong, never echo the value (it is personal data and would reach error bodies).
import * as z from 'zod/mini';
import { systemClock, type Clock } from '../clock.ts';

// ---- Resident ID number (居民身份证号码), GB 11643-1999 ---------------------------------------------------------

/** ISO 7064 MOD 11-2 weights, 2^(17-i) mod 11, for the first 17 characters. */
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** The check character for each remainder of the weighted sum mod 11 ('X' stands for 10). */
const ID_CHECK = '10X98765432';

/** Upper-cased and trimmed: the stored, compared and indexed form. */
export function normaliseResidentId(value: string): string {
  return value.trim().toUpperCase();
}

/** The check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the check character is computed over 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
}

/** What is wrong with a resident ID number (already normalised), or undefined when it is valid on `now`. */
export function residentIdProblem(id: string, now: Date): string | undefined {
  if (!/^\d{17}[\dX]$/.test(id)) return 'must be an 18-character resident ID number: 17 digits and a check digit 0-9 or X';
  // The first six digits are the GB/T 2260 code of the division where the number was issued; none starts with 0.
  if (id[0] === '0') return 'must start with the 6-digit code of the issuing division';
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1800 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return 'must hold a real birth date (YYYYMMDD) in characters 7-14';
  }
  // Births are dated in China Standard Time: a child born today in Beijing may still be "tomorrow" in UTC.
  const todayCst = new Date(now.getTime() + 8 * 3_600_000);
  const today = Date.UTC(todayCst.getUTCFullYear(), todayCst.getUTCMonth(), todayCst.getUTCDate());
  if (birth.getTime() > today) return 'must not hold a birth date in the future';
  if (residentIdCheckChar(id.slice(0, 17)) !== id[17]) return 'check digit does not match (GB 11643-1999); please check the number';
  return undefined;
}

export function isResidentId(value: string, now: Date): boolean {
  return residentIdProblem(normaliseResidentId(value), now) === undefined;
}

// ---- Unified social credit code (统一社会信用代码), GB 32100-2015 ---------------------------------------------------

/** The 31 characters of the code, each standing for its index: digits and capitals without I, O, S, V, Z. */
const CREDIT_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Weights 3^i mod 31 for the first 17 characters. */
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export function normaliseCreditCode(value: string): string {
  return value.trim().toUpperCase();
}

/** The check character of the first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new RangeError('the check character is computed over 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARS.indexOf(first17[i]!);
    if (v < 0) throw new RangeError('a character outside the code set');
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARS[(31 - (sum % 31)) % 31]!;
}

const CREDIT_PATTERN = new RegExp(`^[${CREDIT_CHARS}]{18}$`);

/** What is wrong with a credit code (already normalised), or undefined when it is valid. */
export function creditCodeProblem(code: string): string | undefined {
  if (!CREDIT_PATTERN.test(code)) return 'must be an 18-character unified social credit code of digits and capitals other than I, O, S, V and Z';
  // Characters 3-8 are the GB/T 2260 code of the registering division.
  if (!/^\d{6}$/.test(code.slice(2, 8))) return 'must hold the 6-digit code of the registering division in characters 3-8';
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) return 'check character does not match (GB 32100-2015); please check the code';
  return undefined;
}

export function isCreditCode(value: string): boolean {
  return creditCodeProblem(normaliseCreditCode(value)) === undefined;
}

// ---- Mainland mobile numbers ---------------------------------------------------------------------------------------

/** People write 138 1234 5678, 138-1234-5678, +86 138..., 0086 138...: all are the same number. */
function nationalMobile(value: string): string | undefined {
  const compact = value.trim().replace(/[\s-]/g, '');
  const national = compact.replace(/^(\+86|0086)/, '');
  return /^1[3-9]\d{9}$/.test(national) ? national : undefined;
}

/** The E.164 form, `+8613812345678`, or undefined when the value is not a mainland mobile number. */
export function toE164Mobile(value: string): string | undefined {
  const national = nationalMobile(value);
  return national === undefined ? undefined : `+86${national}`;
}

export function isMobile(value: string): boolean {
  return nationalMobile(value) !== undefined;
}

const MOBILE_MESSAGE = 'must be a mainland mobile number: 11 digits starting 13-19, optionally after +86 or 0086';

// ---- Schemas for request contracts ---------------------------------------------------------------------------------

// The shapes the OpenAPI document states as patterns: each accepts only values the checks above accept (never more), so
// a client held to the pattern and to the check character in the description is never refused. The server itself is
// more forgiving (surrounding spaces, lower case, any spacing of a phone number).
/** 18 characters: division (not starting 0), birth date YYYYMMDD from 1800, sequence, check character. */
export const RESIDENT_ID_PATTERN = '^[1-9]\\d{5}(18|19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[\\dXx]$';
/** Two code characters, the 6-digit division, nine code characters and the check character. */
export const CREDIT_CODE_PATTERN = `^[${CREDIT_CHARS}]{2}\\d{6}[${CREDIT_CHARS}]{10}$`;
/** The usual spellings: 13812345678, 138 1234 5678, 138-1234-5678, with +86 or 0086 before, spaced or not. */
export const MOBILE_PATTERN = '^((\\+86|0086)[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}$';

/** A resident ID number; parses to the upper-cased form. The clock decides what "in the future" means. */
export const residentIdNumber = (clock: Clock = systemClock) =>
  z.string().check(z.maxLength(32, 'must be an 18-character resident ID number'), z.trim(), z.toUpperCase(), z.superRefine((id, ctx) => {
    const problem = residentIdProblem(id, clock.now());
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })).register(z.globalRegistry, {
    format: 'gb11643-resident-id',
    pattern: RESIDENT_ID_PATTERN,
    description:
      'Resident ID number (GB 11643-1999), 18 characters: the 6-digit code of the issuing division (not starting with 0), the birth date YYYYMMDD (a real date from 1800 on, not after today in China Standard Time), a 3-digit sequence and an ISO 7064 MOD 11-2 check character: the sum of the first 17 digits times the weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, mod 11, gives 0-10 -> 1 0 X 9 8 7 6 5 4 3 2. A lower-case x is taken. Stored encrypted, shown masked',
  });

/** A unified social credit code; parses to the upper-cased form. */
export const creditCode = z.lazy(() =>
  z.string().check(z.maxLength(32, 'must be an 18-character unified social credit code'), z.trim(), z.toUpperCase(), z.superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })).register(z.globalRegistry, {
    format: 'gb32100-credit-code',
    pattern: CREDIT_CODE_PATTERN,
    description:
      'Unified social credit code (GB 32100-2015), 18 characters from 0-9 and A-Z without I, O, S, V and Z, each standing for its index 0-30 in that order: characters 3-8 are the 6-digit code of the registering division, and the 18th is the check character: the sum of the first 17 values times the weights 3^i mod 31 (1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28), C = (31 - sum mod 31) mod 31',
  }),
);

/** A mainland mobile number in any usual spelling; parses to E.164 (`+8613812345678`). */
export const mobileNumber = z.lazy(() =>
  z.pipe(z.string().check(z.maxLength(32, MOBILE_MESSAGE)), z.transform((value, ctx) => {
    const e164 = toE164Mobile(value);
    if (e164 === undefined) {
      ctx.issues.push({ code: 'custom', message: MOBILE_MESSAGE, input: value });
      return z.NEVER;
    }
    return e164;
  })).register(z.globalRegistry, {
    format: 'cn-mobile',
    pattern: MOBILE_PATTERN,
    description: 'Mainland mobile number, 11 digits starting 13-19, e.g. 13812345678, 138-1234-5678 or +86 138 1234 5678 (+86 or 0086 optional); stored as E.164',
  }),
);
