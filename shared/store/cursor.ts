// Pagination cursors. Inside the store a cursor is the last evaluated key, checked on the way back in: exactly the key
// attributes of the table or index queried, all strings, in the partition queried. What a client sees is that cursor
// sealed with an HMAC over the route and the filter it was issued for (shared/http/api.ts seals and opens it), so a
// cursor of another list, another filter or nobody's is a 400 `invalid-cursor` before anything reaches DynamoDB.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { InvalidCursor } from '../errors.ts';
import { onLambda } from '../config.ts';

export type LastKey = Record<string, string>;

const invalid = () => new InvalidCursor('The cursor was not issued by this API for this list and filter; start again without it.');

/** DynamoDB keys are at most 2048 bytes (partition) and 1024 (sort); a longer value is no key of ours. */
const MAX_KEY_VALUE = 2048;

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  if (!key) return undefined;
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The attributes of a LastEvaluatedKey: the table's key, and the index's when an index is queried. */
function keyAttributes(partitionAttr: string): string[] {
  return partitionAttr === 'PK' ? ['PK', 'SK'] : ['PK', 'SK', partitionAttr, partitionAttr.replace(/PK$/, 'SK')];
}

/** Decodes a cursor and checks that it is a key of the partition being queried, with exactly that query's attributes. */
export function decodeCursor(cursor: string | undefined, partition: { attr: string; value: string }): LastKey | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const key = parsed as Record<string, unknown>;
  const expected = keyAttributes(partition.attr);
  const names = Object.keys(key);
  if (
    names.length !== expected.length ||
    !expected.every((a) => Object.hasOwn(key, a) && typeof key[a] === 'string' && key[a] !== '' && (key[a] as string).length <= MAX_KEY_VALUE) ||
    key[partition.attr] !== partition.value
  ) {
    throw invalid();
  }
  return Object.fromEntries(expected.map((a) => [a, key[a] as string]));
}

// ---- sealing: what clients hold ------------------------------------------------------------------------------------

const LOCAL_DEV_KEY = 'emergency-platform local development cursor key';

/**
 * The HMAC key: CURSOR_KEY, which the CDK sets to the stack's id (a value CloudFormation generates when the stack is
 * created, never in the template) and the local host to a random value kept under LOCAL_DATA_DIR. Without it, a fixed
 * development key: fine locally, refused on Lambda.
 */
let cachedKey: Buffer | undefined;
export function cursorKey(env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env === process.env && cachedKey) return cachedKey;
  const configured = env['CURSOR_KEY'];
  if (!configured && onLambda(env)) throw new Error('Missing configuration: CURSOR_KEY');
  const key = createHash('sha256').update(`cursor:${configured || LOCAL_DEV_KEY}`).digest();
  if (env === process.env) cachedKey = key;
  return key;
}
export function resetCursorKeyForTests(): void {
  cachedKey = undefined;
}

const mac = (inner: string, binding: string, key: Buffer) => createHmac('sha256', key).update(`${binding}\n${inner}`).digest();

/** `<inner>.<hmac of binding and inner>`: opaque to clients, bound to what it was issued for. */
export function sealCursor(inner: string, binding: string, key: Buffer = cursorKey()): string {
  return `${inner}.${mac(inner, binding, key).toString('base64url')}`;
}

/** The inner cursor of a sealed one, if it was issued for this binding; InvalidCursor otherwise. */
export function openCursor(sealed: string, binding: string, key: Buffer = cursorKey()): string {
  const dot = sealed.lastIndexOf('.');
  if (dot <= 0) throw invalid();
  const inner = sealed.slice(0, dot);
  const given = Buffer.from(sealed.slice(dot + 1), 'base64url');
  const wanted = mac(inner, binding, key);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) throw invalid();
  return inner;
}

/** What a cursor is bound to: the route, its path parameters and its filter (the query without cursor and limit). */
export function cursorBinding(route: string, params: unknown, query: unknown): string {
  const filter = { ...(query as Record<string, unknown>) };
  delete filter['cursor'];
  delete filter['limit'];
  return `${route}\n${canonical(params ?? {})}\n${canonical(filter)}`;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
