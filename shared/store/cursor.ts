// Opaque pagination cursors: the last evaluated key, checked on the way back in so a forged one cannot leave its partition.
import { InvalidCursor } from '../errors.ts';

export type LastKey = Record<string, string>;

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** Decodes a cursor and checks that it belongs to the partition being queried. */
export function decodeCursor(cursor: string | undefined, partition: { attr: string; value: string }): LastKey | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursor('The cursor is not one this API issued.');
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    Array.isArray(parsed) ||
    !Object.values(parsed).every((v) => typeof v === 'string') ||
    (parsed as LastKey)[partition.attr] !== partition.value ||
    typeof (parsed as LastKey)['PK'] !== 'string' ||
    typeof (parsed as LastKey)['SK'] !== 'string'
  ) {
    throw new InvalidCursor('The cursor does not belong to this list.');
  }
  return parsed as LastKey;
}
