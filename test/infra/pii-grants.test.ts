// The personal-data keys in the templates: the stateful stack holds a rotating symmetric key for data keys and an
// HMAC_256 key for the blind index; each API function gets GenerateDataKey/Decrypt on the first only under the
// encryption context of its purposes (API_PII_ACCESS), GenerateMac on the second only where it MACs, both key ids in its
// environment, and functions without personal data get neither.
import { SKIP_BUNDLING } from '../support/cdk.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PII_ACCESS } from '../../infra/aws/api-stack.ts';
import { createPlatform } from '../../infra/aws/platform.ts';
import { API_FUNCTIONS } from '../../shared/http/routes.ts';

type Json = Record<string, any>;

let outdir: string;
let stateful: Template;
let api: Template;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'erp-cdk-pii-'));
  const platform = createPlatform({ outdir, context: { stage: 'dev', '@aws-cdk/core:appMode': 'inmemory', ...SKIP_BUNDLING } });
  platform.app.synth();
  stateful = Template.fromStack(platform.stateful);
  api = Template.fromStack(platform.api);
});
afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

const resources = (t: Template, type: string) => Object.entries(t.toJSON().Resources as Record<string, Json>).filter(([, r]) => r.Type === type);
const asList = <T>(x: T | T[]) => (Array.isArray(x) ? x : [x]);

/** The function of an API area: its construct is `Fn-<name>`, so its logical id starts with `Fn<name>`. */
const functionOf = (fn: string) => resources(api, 'AWS::Lambda::Function').find(([id]) => id.startsWith(`Fn${fn.replace(/-/g, '')}`) && !id.startsWith(`Fn${fn.replace(/-/g, '')}deadlines`))!;

/** The statements of the policies attached to a function's role. */
function statementsOf(fn: string): Json[] {
  const role = functionOf(fn)[1].Properties.Role['Fn::GetAtt'][0] as string;
  return resources(api, 'AWS::IAM::Policy')
    .filter(([, p]) => asList(p.Properties.Roles).some((r: Json) => r.Ref === role))
    .flatMap(([, p]) => asList(p.Properties.PolicyDocument.Statement) as Json[]);
}
const envOf = (fn: string) => functionOf(fn)[1].Properties.Environment.Variables as Json;
const touches = (s: Json, key: string) => JSON.stringify(s.Resource).includes(key);

describe('personal-data keys (shared/pii)', () => {
  it('keeps a rotating symmetric key for data keys and an HMAC_256 key for the blind index in the stateful stack', () => {
    const keys = resources(stateful, 'AWS::KMS::Key');
    const pii = keys.find(([id]) => id.startsWith('PiiKey'))![1].Properties;
    const hmac = keys.find(([id]) => id.startsWith('PiiHmacKey'))![1].Properties;
    expect(pii.EnableKeyRotation).toBe(true);
    expect(pii.KeySpec ?? 'SYMMETRIC_DEFAULT').toBe('SYMMETRIC_DEFAULT');
    expect(hmac).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
    const hmacActions = asList(hmac.KeyPolicy.Statement).flatMap((s: Json) => asList(s.Action));
    expect(hmacActions).toContain('kms:GenerateMac');
    expect(hmacActions).not.toContain('kms:Decrypt');
  });

  it('grants each function data keys only under the encryption context of its purposes, and the MAC only where it MACs', () => {
    expect(Object.keys(API_PII_ACCESS)).toEqual(expect.arrayContaining(['organizations', 'volunteers', 'deployments']));
    expect(API_PII_ACCESS.organizations!.purposes).toEqual(['volunteer']);
    expect(API_PII_ACCESS.volunteers!.purposes).toEqual(['volunteer']);
    expect(API_PII_ACCESS.deployments!.purposes).toEqual(['compensation']);
    for (const fn of API_FUNCTIONS) {
      const statements = statementsOf(fn);
      const dataKeys = statements.filter((s) => touches(s, 'PiiKey'));
      const macs = statements.filter((s) => touches(s, 'PiiHmacKey'));
      const access = API_PII_ACCESS[fn];
      if (!access) {
        expect(dataKeys, fn).toEqual([]);
        expect(macs, fn).toEqual([]);
        expect(envOf(fn)['PII_KEY_ID'], fn).toBeUndefined();
        continue;
      }
      expect(dataKeys, fn).toHaveLength(1);
      expect(asList(dataKeys[0]!.Action).sort(), fn).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
      expect(asList(dataKeys[0]!.Condition.StringEquals['kms:EncryptionContext:purpose']).sort(), fn).toEqual([...access.purposes].sort());
      expect(macs.flatMap((s) => asList(s.Action)), fn).toEqual(access.mac ? ['kms:GenerateMac'] : []);
      expect(envOf(fn), fn).toMatchObject({ PII_KEY_ID: expect.anything(), PII_HMAC_KEY_ID: expect.anything() });
    }
  });
});
