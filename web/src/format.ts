// Turning what a person types into what the API takes, and back: yuan to integer fen, China Standard Time inputs to
// ISO 8601 with offset, one-item-per-line lists. Pure functions (unit-tested without a browser).

/** `1234.5` or `1,234.50` yuan -> 123450 fen; undefined when it is not an amount with at most two decimals. */
export function yuanToFen(input: string): number | undefined {
  const s = input.replace(/[,\s¥￥]/g, '');
  const m = /^(\d{1,15})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return undefined;
  // Whole yuan and fen separately: 0.1 + 0.2 never meets floating point.
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : undefined;
}

export function fenToYuanInput(fen: number): string {
  const yuan = Math.floor(fen / 100);
  const rest = fen % 100;
  return rest === 0 ? String(yuan) : `${yuan}.${String(rest).padStart(2, '0')}`;
}

const CST_OFFSET_MS = 8 * 3600_000;

/** A `datetime-local` value read as China Standard Time -> ISO 8601 with +08:00; undefined when empty or malformed. */
export function cstInputToIso(value: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::(\d{2}))?$/.exec(value);
  return m ? `${m[1]}T${m[2]}:${m[3] ?? '00'}+08:00` : undefined;
}

/** An instant -> the `datetime-local` value of that moment in China Standard Time. */
export function isoToCstInput(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return new Date(d.getTime() + CST_OFFSET_MS).toISOString().slice(0, 16);
}

/** Today's date in China Standard Time (`2026-12-28`), for comparing with the API's due dates. */
export function cstToday(now: Date = new Date()): string {
  return new Date(now.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** A textarea with one item per line -> the items, blank lines dropped. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

/** A whole number typed in a field -> number, or undefined when blank; NaN stays NaN so the API names the field. */
export function count(text: string): number | undefined {
  const s = text.trim();
  if (s === '') return undefined;
  return /^\d+$/.test(s) ? Number(s) : Number.NaN;
}
