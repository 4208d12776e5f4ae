// The KMS key provider with a mocked KMS client: data keys made and opened under the encryption context
// {incidentId, purpose}, the blind-index MAC made by GenerateMac on its own HMAC key, and the configuration that
// picks KMS or the local key files, failing fast when neither is set.
import { afterEach, describe, expect, it } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { mockClient } from 'aws-sdk-client-mock';
import { DecryptCommand, GenerateDataKeyCommand, GenerateMacCommand, InvalidCiphertextException, KMSClient, KMSInvalidStateException } from '@aws-sdk/client-kms';
import { ConfigError } from '../../shared/config.ts';
import { PiiIntegrityError } from '../../shared/pii/cipher.ts';
import { KmsKeyProvider, LocalKeyProvider, createKeyProvider, readPiiKeyConfig } from '../../shared/pii/key-provider.ts';

const KEY_ARN = 'arn:aws-cn:kms:cn-north-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const HMAC_ARN = 'arn:aws-cn:kms:cn-north-1:111122223333:key/hmac-5678';
const ctx = { incidentId: 'inc-20260601-0001', purpose: 'requisition' as const };

const kms = mockClient(KMSClient);
afterEach(() => kms.reset());
const provider = () => new KmsKeyProvider(new KMSClient({ region: 'cn-north-1' }), { keyId: KEY_ARN, hmacKeyId: HMAC_ARN });

describe('KmsKeyProvider', () => {
  it('rule 16: asks GenerateDataKey for an AES-256 key under the incident and purpose as encryption context', async () => {
    // Prepare
    const plaintext = Buffer.alloc(32, 7);
    kms.on(GenerateDataKeyCommand).resolves({ Plaintext: plaintext, CiphertextBlob: Buffer.from('wrapped-by-kms'), KeyId: KEY_ARN });
    // Act
    const key = await provider().generateDataKey(ctx);
    // Assess
    expect(kms).toHaveReceivedCommandWith(GenerateDataKeyCommand, { KeyId: KEY_ARN, KeySpec: 'AES_256', EncryptionContext: { incidentId: ctx.incidentId, purpose: 'requisition' } });
    expect(key.plaintext.equals(plaintext)).toBe(true);
    expect(Buffer.from(key.wrapped, 'base64').toString()).toBe('wrapped-by-kms');
    expect(key.keyId).toBe(KEY_ARN);
  });

  it('unwraps with Decrypt under the same encryption context, pinned to the wrapping key', async () => {
    kms.on(DecryptCommand).resolves({ Plaintext: Buffer.alloc(32, 9), KeyId: KEY_ARN });
    const key = await provider().unwrap(Buffer.from('wrapped-by-kms').toString('base64'), ctx);
    expect(key.equals(Buffer.alloc(32, 9))).toBe(true);
    expect(kms).toHaveReceivedCommandTimes(DecryptCommand, 1);
    const input = kms.commandCalls(DecryptCommand)[0]!.args[0].input;
    expect(input.KeyId).toBe(KEY_ARN);
    expect(input.EncryptionContext).toEqual({ incidentId: ctx.incidentId, purpose: 'requisition' });
    expect(Buffer.from(input.CiphertextBlob!).toString()).toBe('wrapped-by-kms');
  });

  it('turns a key KMS refuses under this context into PiiIntegrityError, and lets other failures through', async () => {
    kms
      .on(DecryptCommand)
      .rejectsOnce(new InvalidCiphertextException({ message: 'context mismatch', $metadata: {} }))
      .rejectsOnce(new KMSInvalidStateException({ message: 'key pending deletion', $metadata: {} }));
    await expect(provider().unwrap('AAAA', ctx)).rejects.toThrow(PiiIntegrityError);
    await expect(provider().unwrap('AAAA', ctx)).rejects.toThrow(KMSInvalidStateException);
  });

  it('makes blind-index MACs with GenerateMac HMAC_SHA_256 on the HMAC key, not the wrapping key', async () => {
    kms.on(GenerateMacCommand).resolves({ Mac: Buffer.alloc(32, 1), KeyId: HMAC_ARN, MacAlgorithm: 'HMAC_SHA_256' });
    const mac = await provider().mac('idNumber:11010519491231002X');
    expect(mac.equals(Buffer.alloc(32, 1))).toBe(true);
    const input = kms.commandCalls(GenerateMacCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ KeyId: HMAC_ARN, MacAlgorithm: 'HMAC_SHA_256' });
    expect(Buffer.from(input.Message!).toString()).toBe('idNumber:11010519491231002X');
    expect(kms).not.toHaveReceivedCommand(GenerateDataKeyCommand);
  });
});

describe('key provider configuration', () => {
  it('chooses KMS when the KMS key ids are set', () => {
    const cfg = readPiiKeyConfig({ PII_KEY_ID: KEY_ARN, PII_HMAC_KEY_ID: HMAC_ARN, AWS_REGION: 'cn-northwest-1' });
    expect(cfg).toEqual({ kind: 'kms', keyId: KEY_ARN, hmacKeyId: HMAC_ARN, region: 'cn-northwest-1' });
    expect(createKeyProvider(cfg)).toBeInstanceOf(KmsKeyProvider);
  });

  it('chooses the local key files when only LOCAL_DATA_DIR is set', () => {
    const cfg = readPiiKeyConfig({ LOCAL_DATA_DIR: '/tmp/erp-local' });
    expect(cfg).toEqual({ kind: 'local', dir: '/tmp/erp-local' });
    expect(createKeyProvider(cfg)).toBeInstanceOf(LocalKeyProvider);
  });

  it('fails fast, naming the settings, when one KMS key id or everything is missing', () => {
    expect(() => readPiiKeyConfig({ PII_KEY_ID: KEY_ARN, LOCAL_DATA_DIR: '/tmp/x' })).toThrow(/PII_HMAC_KEY_ID/);
    expect(() => readPiiKeyConfig({ PII_HMAC_KEY_ID: HMAC_ARN })).toThrow(/PII_KEY_ID/);
    expect(() => readPiiKeyConfig({})).toThrow(ConfigError);
    expect(() => readPiiKeyConfig({})).toThrow(/PII_KEY_ID and PII_HMAC_KEY_ID .* or LOCAL_DATA_DIR/);
  });
});
