// The values of repeated groups of fields (`items.0.name`, `items.1.name`) to and from rows. No I/O.
import type { Values } from './form.ts';

/** The values of a form's first fields as rows: `{ 'items.0.name': 'x' }` -> `[{ name: 'x' }]`. */
export function blankRows(list: string, blank: Record<string, string>, rows: Record<string, string>[] | number): Values {
  const out: Values = {};
  const all = typeof rows === 'number' ? Array.from({ length: rows }, () => blank) : rows;
  all.forEach((row, n) => {
    for (const field of Object.keys(blank)) out[`${list}.${n}.${field}`] = row[field] ?? blank[field] ?? '';
  });
  return out;
}

/** The rows as typed: one record of field -> text per row. */
export function readRows(values: Values, list: string, fields: string[], count: number): Record<string, string>[] {
  return Array.from({ length: count }, (_, n) => Object.fromEntries(fields.map((f) => [f, String(values[`${list}.${n}.${f}`] ?? '')])));
}
