// Request and response vocabulary shared by every route's schema.
import * as z from 'zod';
import { DIVISION_PATTERN } from '../../domain/division.ts';

export const divisionCode = z.string().regex(DIVISION_PATTERN, 'a GB/T 2260 division code of 6, 9 or 12 digits');
/** An instant with its offset, in years CAP and every client can represent. */
export const isoDateTime = z.iso.datetime({ offset: true }).refine((s) => {
  const y = new Date(s).getUTCFullYear();
  return y >= 1900 && y <= 9999;
}, 'a date-time between the years 1900 and 9999');
export const id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'an identifier');
/** Text a person typed: trimmed, bounded, and well-formed Unicode (a lone surrogate breaks JSON and XML consumers). */
export const text = (max: number) =>
  z.string().trim().min(1).max(max).refine((s) => s.isWellFormed(), 'not well-formed Unicode');

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
};

export const pageOnlyQuery = z.object(pageQuery).strict();

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  })
  .meta({ id: 'Problem' });

export const pageOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().optional() });
