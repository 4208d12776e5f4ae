// Where data keys and blind-index MACs come from: KMS on AWS, key files under LOCAL_DATA_DIR locally, behind one
// interface. A wrapped data key opens only under the encryption context {incidentId, purpose} it was made for.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, KMSClient } from '@aws-sdk/client-kms';
import * as z from 'zod/mini';
import { ConfigError, readConfig } from '../config.ts';
import { associatedData, decrypt, encrypt, PiiIntegrityError } from './cipher.ts';
import type { Purpose } from './purposes.ts';

export interface KeyContext {
  incidentId: string;
  purpose: Purpose;
}

export interface GeneratedDataKey {
  /** 32 bytes for AES-256; never stored. */
  plaintext: Buffer;
  /** The key wrapped by the provider's wrapping key, as stored (base64). */
  wrapped: string;
  /** The wrapping key that wrapped it (a KMS key ARN, or `local:<fingerprint>`). */
  keyId: string;
}

export interface KeyProvider {
  generateDataKey(ctx: KeyContext): Promise<GeneratedDataKey>;
  /** Throws PiiIntegrityError when the wrapped key was made for another context or altered. */
  unwrap(wrapped: string, ctx: KeyContext): Promise<Buffer>;
  /** HMAC-SHA256 under the blind-index key, which never leaves the provider. */
  mac(message: Buffer | string): Promise<Buffer>;
}

const encryptionContext = (ctx: KeyContext): Record<string, string> => ({ incidentId: ctx.incidentId, purpose: ctx.purpose });

// ---- AWS KMS ---------------------------------------------------------------------------------------------------------

export interface KmsKeyIds {
  /** The symmetric key that wraps data keys (GenerateDataKey, Decrypt). */
  keyId: string;
  /** The HMAC_256 key of the blind index (GenerateMac). */
  hmacKeyId: string;
}

export class KmsKeyProvider implements KeyProvider {
  private readonly kms: KMSClient;
  private readonly ids: KmsKeyIds;

  constructor(kms: KMSClient, ids: KmsKeyIds) {
    this.kms = kms;
    this.ids = ids;
  }

  async generateDataKey(ctx: KeyContext): Promise<GeneratedDataKey> {
    const r = await this.kms.send(new GenerateDataKeyCommand({ KeyId: this.ids.keyId, KeySpec: 'AES_256', EncryptionContext: encryptionContext(ctx) }));
    if (!r.Plaintext || !r.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
    return { plaintext: Buffer.from(r.Plaintext), wrapped: Buffer.from(r.CiphertextBlob).toString('base64'), keyId: r.KeyId ?? this.ids.keyId };
  }

  async unwrap(wrapped: string, ctx: KeyContext): Promise<Buffer> {
    try {
      // KeyId pins the key: KMS refuses a blob wrapped by any other key instead of quietly using it.
      const r = await this.kms.send(
        new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64'), KeyId: this.ids.keyId, EncryptionContext: encryptionContext(ctx) }),
      );
      if (!r.Plaintext) throw new Error('KMS Decrypt returned no key');
      return Buffer.from(r.Plaintext);
    } catch (err) {
      if (err instanceof Error && (err.name === 'InvalidCiphertextException' || err.name === 'IncorrectKeyException')) {
        throw new PiiIntegrityError(`data key of incident ${ctx.incidentId} for ${ctx.purpose}: KMS refused it (${err.name})`);
      }
      throw err;
    }
  }

  async mac(message: Buffer | string): Promise<Buffer> {
    const r = await this.kms.send(
      new GenerateMacCommand({ KeyId: this.ids.hmacKeyId, MacAlgorithm: 'HMAC_SHA_256', Message: typeof message === 'string' ? Buffer.from(message, 'utf8') : message }),
    );
    if (!r.Mac) throw new Error('KMS GenerateMac returned no MAC');
    return Buffer.from(r.Mac);
  }
}

// ---- Local key files -------------------------------------------------------------------------------------------------

const KEY_BYTES = 32;
export const LOCAL_WRAPPING_KEY_FILE = 'pii-wrapping.key';
export const LOCAL_HMAC_KEY_FILE = 'pii-hmac.key';

/**
 * Reads a 32-byte key (hex) from `file`, creating it readable by the owner only (0600) on first use. The new key is
 * written to a temporary file and linked into place, so two processes starting at once end up with the same key.
 */
function loadOrCreateKey(file: string): Buffer {
  try {
    return parseKey(file, readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, randomBytes(KEY_BYTES).toString('hex'), { mode: 0o600 });
  try {
    linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  return parseKey(file, readFileSync(file, 'utf8'));
}

function parseKey(file: string, text: string): Buffer {
  const key = Buffer.from(text.trim(), 'hex');
  if (key.length !== KEY_BYTES) throw new ConfigError(`${file} does not hold a ${KEY_BYTES}-byte key in hex`);
  return key;
}

/**
 * KMS's stand-in on one machine: AES-256-GCM wrapping with the encryption context as associated data (so, as with
 * KMS, a wrapped key opens only under its own incident and purpose) and HMAC-SHA256 with a second key.
 */
export class LocalKeyProvider implements KeyProvider {
  private readonly dir: string;
  private keys: { wrapping: Buffer; hmac: Buffer; keyId: string } | undefined;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  private load() {
    if (!this.keys) {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const wrapping = loadOrCreateKey(join(this.dir, LOCAL_WRAPPING_KEY_FILE));
      const hmac = loadOrCreateKey(join(this.dir, LOCAL_HMAC_KEY_FILE));
      // A fingerprint, not the key: tells which local key wrapped a data key if .local is ever replaced.
      const keyId = `local:${createHash('sha256').update('pii-wrapping-key-id').update(wrapping).digest('hex').slice(0, 16)}`;
      this.keys = { wrapping, hmac, keyId };
    }
    return this.keys;
  }

  async generateDataKey(ctx: KeyContext): Promise<GeneratedDataKey> {
    const { wrapping, keyId } = this.load();
    const plaintext = randomBytes(KEY_BYTES);
    return { plaintext, wrapped: encrypt(wrapping, plaintext, wrapContext(ctx)), keyId };
  }

  async unwrap(wrapped: string, ctx: KeyContext): Promise<Buffer> {
    return decrypt(this.load().wrapping, wrapped, wrapContext(ctx), `data key of incident ${ctx.incidentId} for ${ctx.purpose}`);
  }

  async mac(message: Buffer | string): Promise<Buffer> {
    return createHmac('sha256', this.load().hmac).update(message).digest();
  }
}

const wrapContext = (ctx: KeyContext) => associatedData(['pii-data-key/v1', ctx.incidentId, ctx.purpose]);

// ---- Configuration -------------------------------------------------------------------------------------------------

export const piiKeySettings = {
  /** AWS: the KMS key (id, ARN or alias) that wraps data keys. */
  PII_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** AWS: the KMS HMAC_256 key of the blind index. */
  PII_HMAC_KEY_ID: z.optional(z.string().check(z.minLength(1))),
  /** Local host: the directory of the two key files (created 0600 on first use). */
  LOCAL_DATA_DIR: z.optional(z.string().check(z.minLength(1))),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'cn-north-1'),
};

export type PiiKeyConfig = { kind: 'kms'; keyId: string; hmacKeyId: string; region: string } | { kind: 'local'; dir: string };

/** KMS when either KMS setting is present (then both must be), else the local key files; neither is a ConfigError. */
export function readPiiKeyConfig(env: NodeJS.ProcessEnv = process.env): PiiKeyConfig {
  const cfg = readConfig(piiKeySettings, env);
  if (cfg.PII_KEY_ID !== undefined || cfg.PII_HMAC_KEY_ID !== undefined) {
    if (cfg.PII_KEY_ID === undefined || cfg.PII_HMAC_KEY_ID === undefined) {
      throw new ConfigError(`Missing or invalid configuration: ${cfg.PII_KEY_ID === undefined ? 'PII_KEY_ID' : 'PII_HMAC_KEY_ID'} (required with the other KMS key id)`);
    }
    return { kind: 'kms', keyId: cfg.PII_KEY_ID, hmacKeyId: cfg.PII_HMAC_KEY_ID, region: cfg.AWS_REGION };
  }
  if (cfg.LOCAL_DATA_DIR !== undefined) return { kind: 'local', dir: cfg.LOCAL_DATA_DIR };
  throw new ConfigError('Missing or invalid configuration: PII_KEY_ID and PII_HMAC_KEY_ID (AWS) or LOCAL_DATA_DIR (local host)');
}

export function createKeyProvider(cfg: PiiKeyConfig): KeyProvider {
  if (cfg.kind === 'local') return new LocalKeyProvider(cfg.dir);
  return new KmsKeyProvider(new KMSClient({ region: cfg.region, maxAttempts: 3 }), { keyId: cfg.keyId, hmacKeyId: cfg.hmacKeyId });
}

let provider: KeyProvider | undefined;

/** The process's one key provider, from configuration read once (first use fails fast when it is missing). */
export function keyProvider(): KeyProvider {
  provider ??= createKeyProvider(readPiiKeyConfig());
  return provider;
}

export function resetKeyProviderForTests(): void {
  provider = undefined;
}
