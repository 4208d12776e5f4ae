// AES-256-GCM (node:crypto) for one field: a random 12-byte IV per value, the 16-byte tag, and associated data that
// the caller builds from where the value belongs. Stored as base64url of iv | ciphertext | tag.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

/**
 * A ciphertext that does not authenticate: moved to another record or field, opened under another incident's or
 * purpose's key, or altered. Never the caller's fault, so not an AppError: the error mapper answers a plain 500 and
 * the message names only where, never what.
 */
export class PiiIntegrityError extends Error {
  override name = 'PiiIntegrityError';
}

function requireKey(key: Buffer): void {
  if (key.length !== KEY_BYTES) throw new RangeError(`an AES-256 key has ${KEY_BYTES} bytes`);
}

export function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer): string {
  requireKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
}

/** Throws PiiIntegrityError (with `where` as its message) when the blob does not authenticate under key and aad. */
export function decrypt(key: Buffer, blob: string, aad: Buffer, where: string): Buffer {
  requireKey(key);
  const raw = Buffer.from(blob, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) throw new PiiIntegrityError(`${where}: ciphertext too short`);
  const iv = raw.subarray(0, IV_BYTES);
  const tag = raw.subarray(raw.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(aad);
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new PiiIntegrityError(`${where}: ciphertext does not authenticate (moved, altered or under another key)`);
  }
}

/** Associated data from its parts: a JSON array, so no choice of separators can make two bindings collide. */
export function associatedData(parts: readonly string[]): Buffer {
  return Buffer.from(JSON.stringify(parts), 'utf8');
}
