// The local stand-in for KMS: key files created 0600 under LOCAL_DATA_DIR on first use, data keys that unwrap only
// under their own incident and purpose (as KMS's encryption context), and a stable HMAC for the blind index.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PiiIntegrityError } from '../../shared/pii/cipher.ts';
import { LOCAL_HMAC_KEY_FILE, LOCAL_WRAPPING_KEY_FILE, LocalKeyProvider } from '../../shared/pii/key-provider.ts';

const dir = mkdtempSync(join(tmpdir(), 'pii-local-keys-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ctx = { incidentId: 'inc-a', purpose: 'requisition' as const };

describe('LocalKeyProvider', () => {
  it('creates both key files on first use, readable by the owner only', async () => {
    const keysDir = join(dir, 'fresh');
    const provider = new LocalKeyProvider(keysDir);
    await provider.generateDataKey(ctx);
    expect(readdirSync(keysDir).sort()).toEqual([LOCAL_HMAC_KEY_FILE, LOCAL_WRAPPING_KEY_FILE].sort());
    for (const f of [LOCAL_HMAC_KEY_FILE, LOCAL_WRAPPING_KEY_FILE]) expect(statSync(join(keysDir, f)).mode & 0o777).toBe(0o600);
  });

  it('unwraps a data key in another process (instance) sharing the directory', async () => {
    const made = await new LocalKeyProvider(dir).generateDataKey(ctx);
    expect(made.plaintext).toHaveLength(32);
    expect(made.keyId).toMatch(/^local:[0-9a-f]{16}$/);
    const opened = await new LocalKeyProvider(dir).unwrap(made.wrapped, ctx);
    expect(opened.equals(made.plaintext)).toBe(true);
  });

  it('rule 16: refuses to unwrap a data key under another incident or purpose', async () => {
    const provider = new LocalKeyProvider(dir);
    const made = await provider.generateDataKey(ctx);
    await expect(provider.unwrap(made.wrapped, { ...ctx, incidentId: 'inc-b' })).rejects.toThrow(PiiIntegrityError);
    await expect(provider.unwrap(made.wrapped, { ...ctx, purpose: 'compensation' })).rejects.toThrow(PiiIntegrityError);
  });

  it('gives the same MAC for the same message across instances, and another for another message', async () => {
    const a = await new LocalKeyProvider(dir).mac('phone:+8613812345678');
    const b = await new LocalKeyProvider(dir).mac(Buffer.from('phone:+8613812345678'));
    const c = await new LocalKeyProvider(dir).mac('phone:+8613812345679');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
    expect(a).toHaveLength(32);
  });

  it('uses another key in another directory', async () => {
    const other = join(dir, 'other');
    expect((await new LocalKeyProvider(other).mac('x')).equals(await new LocalKeyProvider(dir).mac('x'))).toBe(false);
    const made = await new LocalKeyProvider(dir).generateDataKey(ctx);
    await expect(new LocalKeyProvider(other).unwrap(made.wrapped, ctx)).rejects.toThrow(PiiIntegrityError);
  });
});
