// The requisitions, claims and reveal functions and the requisition-deadlines job as CloudFormation: each gets exactly
// the table actions its code sends, data keys only of its own purposes and only under an encryption context naming an
// incident (rule 16), the blind-index MAC only where it looks people up, the key ids in its environment, and the job a
// daily schedule with no key at all; cdk-nag's AwsSolutions checks pass with nothing new acknowledged.
import { SKIP_BUNDLING } from '../support/cdk.ts';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PII_ACCESS, API_TABLE_ACCESS } from '../../infra/aws/api-stack.ts';
import { createPlatform } from '../../infra/aws/platform.ts';
import { JOBS } from '../../shared/jobs.ts';

type Json = Record<string, any>;

let outdir: string;
let api: Template;
let stateful: Template;
let report: { pluginReports: { violations: { ruleName: string; violatingConstructs?: { constructPath: string }[] }[] }[] };

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'erp-cdk-compensation-'));
  const platform = createPlatform({ outdir, context: { stage: 'dev', '@aws-cdk/core:appMode': 'inmemory', ...SKIP_BUNDLING } });
  const assembly = platform.app.synth();
  api = Template.fromStack(platform.api);
  stateful = Template.fromStack(platform.stateful);
  const file = join(assembly.directory, 'validation-report.json');
  report = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { pluginReports: [] };
}, 480_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const resources = (t: Template, type: string): [string, Json][] => Object.entries(t.toJSON().Resources as Record<string, Json>).filter(([, r]) => r.Type === type);

function fn(name: string): [string, Json] {
  const hit = resources(api, 'AWS::Lambda::Function').find(([, f]) => f.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME === name);
  expect(hit, name).toBeDefined();
  return hit!;
}

function statementsOf(name: string): Json[] {
  const roleId = fn(name)[1].Properties.Role['Fn::GetAtt'][0];
  return resources(api, 'AWS::IAM::Policy')
    .filter(([, p]) => asList(p.Properties.Roles).some((r) => (r as Json).Ref === roleId))
    .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Json[])
    .filter((s) => s.Effect === 'Allow');
}

/** The stateful stack's export a resource in the API stack refers to, by the logical id it names. */
const refersTo = (value: unknown, logicalPrefix: string) => JSON.stringify(value).includes(logicalPrefix);
const onPiiKey = (s: Json) => refersTo(s.Resource, 'PiiKey') && !refersTo(s.Resource, 'PiiHmacKey');
const onHmacKey = (s: Json) => refersTo(s.Resource, 'PiiHmacKey');

describe('the compensation functions on AWS', () => {
  it.each(['requisitions', 'claims', 'pii'] as const)('grants %s exactly the table actions its code sends', (name) => {
    const actions = [...new Set(statementsOf(name).flatMap((s) => asList(s.Action) as string[]).filter((a) => a.startsWith('dynamodb:')))].sort();
    expect(actions).toEqual(API_TABLE_ACCESS[name].map((a) => `dynamodb:${a}`).sort());
  });

  it.each([
    ['requisitions', ['requisition'], true],
    ['claims', ['compensation'], true],
    ['pii', ['requisition', 'compensation', 'volunteer', 'report'], false],
  ] as const)('rule 16: lets %s make and open data keys of %j only, under an incident, and MAC only if it looks people up', (name, purposes, mac) => {
    // Prepare / Act
    const statements = statementsOf(name);
    const dataKeys = statements.filter(onPiiKey);
    const macs = statements.filter(onHmacKey);

    // Assess
    expect(API_PII_ACCESS[name]).toEqual({ purposes, mac });
    expect(dataKeys).toHaveLength(1);
    expect(asList(dataKeys[0]!.Action).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(dataKeys[0]!.Condition).toEqual({
      StringEquals: { 'kms:EncryptionContext:purpose': [...purposes] },
      Null: { 'kms:EncryptionContext:incidentId': 'false' },
    });
    if (mac) {
      expect(macs).toEqual([expect.objectContaining({ Action: 'kms:GenerateMac', Condition: { StringEquals: { 'kms:MacAlgorithm': 'HMAC_SHA_256' } } })]);
    } else {
      expect(macs).toEqual([]);
    }
    expect(Object.keys(fn(name)[1].Properties.Environment.Variables)).toEqual(expect.arrayContaining(['PII_KEY_ID', 'PII_HMAC_KEY_ID', 'TABLE_NAME']));
  });

  it('gives no other use of the personal-data keys to these functions: no Encrypt, no ReEncrypt, no key administration', () => {
    for (const name of ['requisitions', 'claims', 'pii']) {
      const kms = statementsOf(name).filter((s) => onPiiKey(s) || onHmacKey(s)).flatMap((s) => asList(s.Action) as string[]);
      expect(kms.every((a) => ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateMac'].includes(a)), name).toBe(true);
    }
  });

  it('runs requisition-deadlines daily at 01:15 UTC with its table actions and no personal-data key', () => {
    // Prepare
    const [fnId] = fn('requisition-deadlines');
    const [, schedule] = resources(api, 'AWS::Scheduler::Schedule').find(([, r]) => JSON.stringify(r.Properties.Target.Arn).includes(fnId))!;
    const statements = statementsOf('requisition-deadlines');

    // Assess
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'cron(15 1 * * ? *)', ScheduleExpressionTimezone: 'Etc/UTC' });
    expect([...new Set(statements.flatMap((s) => asList(s.Action) as string[]).filter((a) => a.startsWith('dynamodb:')))].sort()).toEqual(
      JOBS['requisition-deadlines'].tableAccess.map((a) => `dynamodb:${a}`).sort(),
    );
    expect(statements.filter((s) => onPiiKey(s) || onHmacKey(s))).toEqual([]);
    expect(fn('requisition-deadlines')[1].Properties.Environment.Variables).not.toHaveProperty('PII_KEY_ID');
  });

  it('keeps the data-key wrapping key rotating and the blind-index key an HMAC_256 key in the stateful stack', () => {
    const keys = resources(stateful, 'AWS::KMS::Key');
    const pii = keys.find(([id]) => id.startsWith('PiiKey'));
    const hmac = keys.find(([id]) => id.startsWith('PiiHmacKey'));
    expect(pii![1].Properties).toMatchObject({ EnableKeyRotation: true });
    expect(hmac![1].Properties).toMatchObject({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  });

  it('passes cdk-nag with no finding on these functions or the job', () => {
    const ours = ['Fn-requisitions', 'Fn-claims', 'Fn-pii', 'Fn-requisition-deadlines', 'RequisitionDeadlines'];
    const findings = report.pluginReports.flatMap((p) => p.violations).flatMap((v) => (v.violatingConstructs ?? []).map((c) => `${v.ruleName} ${c.constructPath}`));
    expect(findings.filter((f) => ours.some((o) => f.includes(o)))).toEqual([]);
  });
});
