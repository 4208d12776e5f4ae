// Request and response vocabulary shared by every route's schema. Every constraint is one the JSON Schema of the OpenAPI
// document can state (pattern, bounds, lengths), so a client generated from it never sends what these schemas refuse;
// custom messages are message keys of shared/http/messages.ts, said in the caller's language. Written with zod/mini:
// metadata for the document is `.register(z.globalRegistry, {...})` on a schema built in the same expression, and
// `meta()` of shared/schema.ts on one used elsewhere too.
import * as z from 'zod/mini';
import { WARNING_LEVELS, type WarningLevel } from '../../domain/categories.ts';
import { DIVISION_PATTERN } from '../../domain/division.ts';

export const divisionCode = z.lazy(() => z.string().check(z.regex(DIVISION_PATTERN, 'division-code')));

/**
 * An instant with its offset, written in the years 1900-2999: CAP and every client can represent it, and no offset
 * moves it out of the four-digit years ISO strings and DynamoDB sort keys rely on.
 */
export const isoDateTime = z.lazy(() => z.iso.datetime({ offset: true, error: 'date-time' }).check(z.regex(/^(19|2\d)\d\d-/, 'year-range')));
export const id = z.lazy(() => z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'identifier')));

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
  z.string().check(
    z.trim(),
    z.minLength(1, 'not-blank'),
    z.regex(CLEAN_TEXT, 'clean-text'),
    z.regex(VISIBLE_TEXT, 'visible-text'),
    z.refine((s) => characters(s) <= max, { message: 'max-length', params: { max } }),
    z.refine((s) => s.isWellFormed(), 'well-formed'),
  ).register(z.globalRegistry, { maxLength: max });

/** Text in Chinese and, where given, English; a plain string is the Chinese text (what bodies sent before). */
export const bilingual = (max: number) =>
  z.pipe(z.union([text(max), z.strictObject({ 'zh-CN': text(max), en: z.optional(text(max)) })]), z.transform((v): { 'zh-CN': string; en?: string } => (typeof v === 'string' ? { 'zh-CN': v } : v))).register(z.globalRegistry, { description: `Chinese (zh-CN, required) and English (en, optional) text; a plain string is taken as the Chinese text` });

/** DynamoDB numbers run from 1e-130 to 1e126: a coordinate is kept to 7 decimals (about 1 cm), so none is ever smaller. */
const COORDINATE_DECIMALS = 1e7;
const coordinate = (limit: number) =>
  z.pipe(z.number().check(z.minimum(-limit), z.maximum(limit)), z.transform((x) => Math.round(x * COORDINATE_DECIMALS) / COORDINATE_DECIMALS || 0)).register(z.globalRegistry, { description: 'Degrees (WGS 84); kept to 7 decimals' });
export const latitude = z.lazy(() => coordinate(90));
export const longitude = z.lazy(() => coordinate(180));

/** Warning levels 1-4 (1 highest), as the strings '1'-'4' or the numbers 1-4; always the string afterwards. */
export const warningLevel = z.lazy(() =>
  z.pipe(z.union([z.enum(WARNING_LEVELS), z.literal([1, 2, 3, 4])]), z.transform((v) => String(v) as WarningLevel)).register(z.globalRegistry, { description: "Warning level: '1' (red, highest) to '4' (blue); the numbers 1-4 are taken too" }),
);

export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

/** The paging fields of a list's query, spread into its object (a function: schemas are built on first use). */
export const pageQuery = () => ({
  limit: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))).register(z.globalRegistry, { description: 'The cursor of the previous page of this same list and filter, as given' }),
});

/** What every audit entry shows: who, when, what; a reveal adds the field and what it was collected for (rule 16, 18). */
export const auditEntryShape = () => ({
  at: isoDateTime,
  action: z.string(),
  from: z.nullable(z.string()),
  to: z.string(),
  reason: z.optional(z.string()),
  actor: z.strictObject({ kind: z.enum(['user', 'job', 'anonymous']), sub: z.string(), role: z.string(), division: z.optional(z.string()) }),
  requestId: z.string(),
  field: z.optional(z.string()),
  collectedFor: z.optional(z.strictObject({ incidentId: z.string(), purpose: z.string() })),
});

export const pageOnlyQuery = z.lazy(() => z.strictObject(pageQuery()));

export const problemSchema = z.lazy(() =>
  z.object({
    type: z.string(),
    title: z.string(),
    status: z.number().check(z.int()),
    code: z.string(),
    detail: z.optional(z.string()),
    errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
    requestId: z.optional(z.string()),
  }).register(z.globalRegistry, { id: 'Problem' }),
);

export const pageOf = <T extends z.ZodMiniType>(item: T) => z.strictObject({ items: z.array(item), cursor: z.optional(z.string()) });
