// Request and response vocabulary shared by every route's schema. Every constraint is one the JSON Schema of the OpenAPI
// document can state (pattern, bounds, lengths), so a client generated from it never sends what these schemas refuse;
// custom messages are message keys of shared/http/messages.ts, said in the caller's language.
import * as z from 'zod';
import { WARNING_LEVELS, type WarningLevel } from '../../domain/categories.ts';
import { DIVISION_PATTERN } from '../../domain/division.ts';

export const divisionCode = z.lazy(() => z.string().regex(DIVISION_PATTERN, 'division-code'));

/**
 * An instant with its offset, written in the years 1900-2999: CAP and every client can represent it, and no offset
 * moves it out of the four-digit years ISO strings and DynamoDB sort keys rely on.
 */
export const isoDateTime = z.lazy(() => z.iso.datetime({ offset: true, error: 'date-time' }).regex(/^(19|2\d)\d\d-/, 'year-range'));
export const id = z.lazy(() => z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'identifier'));

/**
 * Characters no text of ours holds: C0 and C1 controls but tab and newline, the bidirectional overrides and isolates
 * (U+202A-202E, U+2066-2069: text that reads differently from what it says), the replacement character U+FFFD (what is
 * left of bytes that were not UTF-8 once a gateway decoded them) and the non-characters U+FFFE and U+FFFF (not XML).
 */
const FORBIDDEN = '\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\uFFFD-\\uFFFF';
/** Characters that show nothing: white space, format characters (zero-width spaces and joiners, marks), Hangul and braille blanks. */
const INVISIBLE = '\\s\\p{Cf}\\u115F\\u1160\\u3164\\uFFA0\\u2800';
export const CLEAN_TEXT = new RegExp(`^[^${FORBIDDEN}]*$`, 'u');
export const VISIBLE_TEXT = new RegExp(`[^${INVISIBLE}${FORBIDDEN}]`, 'u');

/** Length as JSON Schema counts it: in characters (code points), so an emoji is one, as a person counts it. */
export const characters = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/**
 * Text a person typed: trimmed; 1 to `max` characters; no control character but newline and tab, no bidirectional
 * override, not only invisible characters; well-formed Unicode (a lone surrogate breaks JSON and XML consumers).
 */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, 'not-blank')
    .regex(CLEAN_TEXT, 'clean-text')
    .regex(VISIBLE_TEXT, 'visible-text')
    .refine((s) => characters(s) <= max, { message: 'max-length', params: { max } })
    .refine((s) => s.isWellFormed(), 'well-formed')
    .meta({ maxLength: max });

/** Text in Chinese and, where given, English; a plain string is the Chinese text (what bodies sent before). */
export const bilingual = (max: number) =>
  z
    .union([text(max), z.object({ 'zh-CN': text(max), en: text(max).optional() }).strict()])
    .transform((v): { 'zh-CN': string; en?: string } => (typeof v === 'string' ? { 'zh-CN': v } : v))
    .meta({ description: `Chinese (zh-CN, required) and English (en, optional) text; a plain string is taken as the Chinese text` });

/** DynamoDB numbers run from 1e-130 to 1e126: a coordinate is kept to 7 decimals (about 1 cm), so none is ever smaller. */
const COORDINATE_DECIMALS = 1e7;
const coordinate = (limit: number) =>
  z
    .number()
    .min(-limit)
    .max(limit)
    .transform((x) => Math.round(x * COORDINATE_DECIMALS) / COORDINATE_DECIMALS || 0)
    .meta({ description: 'Degrees (WGS 84); kept to 7 decimals' });
export const latitude = z.lazy(() => coordinate(90));
export const longitude = z.lazy(() => coordinate(180));

/** Warning levels 1-4 (1 highest), as the strings '1'-'4' or the numbers 1-4; always the string afterwards. */
export const warningLevel = z.lazy(() =>
  z
    .union([z.enum(WARNING_LEVELS), z.literal([1, 2, 3, 4])])
    .transform((v) => String(v) as WarningLevel)
    .meta({ description: "Warning level: '1' (red, highest) to '4' (blue); the numbers 1-4 are taken too" }),
);

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** The paging fields of a list's query, spread into its object (a function: schemas are built on first use). */
export const pageQuery = () => ({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional().meta({ description: 'The cursor of the previous page of this same list and filter, as given' }),
});

/** What every audit entry shows: who, when, what; a reveal adds the field and what it was collected for (rule 16, 18). */
export const auditEntryShape = () => ({
  at: isoDateTime,
  action: z.string(),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string().optional(),
  actor: z.object({ kind: z.enum(['user', 'job', 'anonymous']), sub: z.string(), role: z.string(), division: z.string().optional() }).strict(),
  requestId: z.string(),
  field: z.string().optional(),
  collectedFor: z.object({ incidentId: z.string(), purpose: z.string() }).strict().optional(),
});

export const pageOnlyQuery = z.lazy(() => z.object(pageQuery()).strict());

export const problemSchema = z.lazy(() =>
  z
    .object({
      type: z.string(),
      title: z.string(),
      status: z.number().int(),
      code: z.string(),
      detail: z.string().optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string().optional(),
    })
    .meta({ id: 'Problem' }),
);

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().optional() }).strict();
