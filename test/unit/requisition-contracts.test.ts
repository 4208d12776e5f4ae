// The requisition, claim and reveal contracts as a person meets them (identifiers checked as a person would check them, a
// wrong check digit named by its field, amounts bounded, money in whole fen), and the voucher page: bilingual, every
// field the local rules list, the owner masked, two signature blocks, and nothing of a value able to become markup.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import 'aws-sdk-client-mock-vitest/extend';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { decodeJwt } from 'jose';
import { parseTokenArgs, signToken } from '../../infra/local/auth.ts';
import { escapeHtml, voucherHtml, yuan } from '../../functions/requisitions/voucher.ts';
import { CLAIM_CAP_FEN } from '../../shared/domain/claim.ts';
import { issueRequisition } from '../../shared/domain/requisition.ts';
import { fieldErrorsOf } from '../../shared/http/messages.ts';
import { createClaimBody } from '../../shared/http/contracts/claims.ts';
import { createRequisitionBody } from '../../shared/http/contracts/requisitions.ts';
import { revealBody } from '../../shared/pii/reveal.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { resetKeyProviderForTests } from '../../shared/pii/key-provider.ts';
import { resetPiiVaultForTests } from '../../shared/pii/vault.ts';
import type { StoredRequisition } from '../../shared/store/requisitions.ts';
import { claimBody, companyCodeOf, OWNER, requisitionBody, truck, wrongCheck } from '../support/compensation.ts';
import { mockTable } from '../support/mocked-sdk.ts';
import { draft, gov, incident } from './requisition-fixtures.ts';

const errorsOf = (schema: { safeParse: (v: unknown, o?: object) => { success: boolean; error?: unknown } }, body: unknown) => {
  const r = schema.safeParse(body, { reportInput: true });
  return r.success ? [] : fieldErrorsOf(r.error as never, 'body').map((e) => `${e.path}: ${e.message}`);
};

describe('the requisition contract', () => {
  it('takes a valid owner, normalising the ID number and the phone', () => {
    const parsed = createRequisitionBody.parse(requisitionBody({}, { ...OWNER, idNumber: OWNER.idNumber.toLowerCase(), phone: '+86 138 1234 5678' }));
    expect(parsed.owner).toMatchObject({ idNumber: OWNER.idNumber.toUpperCase(), phone: '+8613812345678' });
  });

  it('names the field of an ID number whose check digit is wrong, without echoing the number (GB 11643)', () => {
    const errors = errorsOf(createRequisitionBody, requisitionBody({}, { ...OWNER, idNumber: wrongCheck(OWNER.idNumber) }));
    expect(errors).toEqual(['body.owner.idNumber: check digit does not match (GB 11643-1999); please check the number']);
  });

  it("names a unit's credit code with a wrong check character, and takes its landline (GB 32100)", () => {
    const unit = { kind: 'unit', name: '北京某某物流有限公司', creditCode: companyCodeOf(7), phone: '010-65123456', address: '北京市朝阳区东三环中路1号' };
    expect(createRequisitionBody.parse(requisitionBody({}, unit)).owner).toMatchObject({ phone: '010-65123456' });
    expect(errorsOf(createRequisitionBody, requisitionBody({}, { ...unit, creditCode: wrongCheck(unit.creditCode) }))).toEqual([
      'body.owner.creditCode: check character does not match (GB 32100-2015); please check the code',
    ]);
    expect(errorsOf(createRequisitionBody, requisitionBody({}, { ...unit, phone: '12345' }))).toEqual(['body.owner.phone: must be a mainland mobile number or a landline such as 010-65123456']);
  });

  it('refuses a value over the limit, a fraction of a fen and an unknown owner kind', () => {
    expect(errorsOf(createRequisitionBody, requisitionBody({ items: [truck({ valueFen: CLAIM_CAP_FEN + 1 })] }))).toEqual([`body.items.0.valueFen: must be at most ${CLAIM_CAP_FEN}`]);
    expect(errorsOf(createRequisitionBody, requisitionBody({ items: [truck({ valueFen: 10.5 })] }))).toEqual(['body.items.0.valueFen: must be a whole number']);
    expect(errorsOf(createRequisitionBody, requisitionBody({}, { ...OWNER, kind: 'company' }))[0]).toMatch(/^body\.owner/);
  });
});

describe('the claim and reveal contracts', () => {
  it('bounds every amount in whole fen and takes a bank account number of digits only', () => {
    expect(errorsOf(createClaimBody, claimBody({ items: [{ kind: 'repair', amountFen: CLAIM_CAP_FEN + 1, description: 'x' }] }))).toEqual([`body.items.0.amountFen: must be at most ${CLAIM_CAP_FEN}`]);
    expect(errorsOf(createClaimBody, claimBody({ items: [{ kind: 'repair', amountFen: 0, description: 'x' }] }))).toEqual(['body.items.0.amountFen: must be at least 1']);
    expect(errorsOf(createClaimBody, claimBody({ bankAccount: { bank: 'ICBC', accountName: '张三', accountNumber: '6222 0202 0099' } }))).toEqual([
      'body.bankAccount.accountNumber: must be a bank account number of 8 to 30 digits',
    ]);
  });

  it('rule 18: wants ten characters of reason, white space not counted', () => {
    const ref = { kind: 'requisition', id: 'req-00000001' };
    expect(revealBody.safeParse({ ref, field: 'owner.phone', purpose: '  a b c d e f g h i  ' }).success).toBe(false);
    expect(revealBody.parse({ ref, field: 'owner.phone', purpose: '  Calling the owner  ' }).purpose).toBe('Calling the owner');
  });
});

describe('the voucher page', () => {
  const { ddb } = mockTable();
  const dir = mkdtempSync(join(tmpdir(), 'erp-voucher-'));
  beforeAll(() => {
    vi.stubEnv('LOCAL_DATA_DIR', dir);
    resetPiiVaultForTests();
    resetKeyProviderForTests();
    // The data key is live: views show each field's mask.
    ddb.on(GetCommand).resolves({ Item: { PK: 'PIIKEY#inc-0001', SK: 'PURPOSE#requisition', incidentId: 'inc-0001', purpose: 'requisition', dataKeyId: 'dk-1', wrapped: 'x' } });
  });
  afterAll(() => {
    vi.unstubAllEnvs();
    resetPiiVaultForTests();
    resetKeyProviderForTests();
    rmSync(dir, { recursive: true, force: true });
  });

  const sealed = (mask: string): SealedField => ({ v: 1, c: 'ciphertext', k: 'dk-1', mask, incidentId: 'inc-0001', purpose: 'requisition' });
  const hostile = '<script>alert("x")</script> & \'friends\'';
  const stored = (): StoredRequisition => {
    const d = draft({ reason: hostile, items: [truck({ name: `Truck ${hostile}`, valueFen: 123_456_789_012 })] as never, executingOfficer: { name: 'Officer "Li"', contact: '139****0000' } });
    const r = issueRequisition('req-0001', incident(), d, gov.county, new Date('2026-07-01T04:00:00Z'), { paperworkHours: 48, voucherSeq: 42 }).requisition;
    return {
      ...r,
      owner: { kind: 'individual', claimantRef: 'bidx', name: sealed('张*'), idNumber: sealed('110105********1237'), phone: sealed('138****8000'), address: sealed('北京市东城区…') },
      officerContact: sealed('139****0000'),
    };
  };

  it('prints every field in Chinese and English, the owner masked, with two signature blocks', async () => {
    const html = await voucherHtml(stored());
    for (const label of ['征用凭证', 'Requisition Voucher', '法律依据', 'Legal basis', '征用事由', 'Reason', '被征用人', 'Owner', '征用单位', 'Requisitioning unit', '执行人员', 'Executing officer', '征用时间', 'Time of taking', '型号', 'Model']) {
      expect(html, label).toContain(label);
    }
    expect(html).toContain('110105-2026-000042');
    expect(html).toContain('110105********1237');
    expect(html).toContain('139****0000');
    expect(html).toContain('2026-07-01 11:00 (UTC+8)');
    expect(html.match(/class="signature"/g)).toHaveLength(2);
    expect(html).toContain('1,234,567,890.12');
  });

  it('escapes every value, so a reason or an item name never becomes markup', async () => {
    const html = await voucherHtml(stored());
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;friends&#39;');
    expect(html).toContain('Officer &quot;Li&quot;');
    expect(escapeHtml('a<b>"c"&\'d\'')).toBe('a&lt;b&gt;&quot;c&quot;&amp;&#39;d&#39;');
  });

  it('writes yuan from fen without floating point', () => {
    expect(yuan(0)).toBe('0.00');
    expect(yuan(5)).toBe('0.05');
    expect(yuan(CLAIM_CAP_FEN)).toBe('10,000,000,000.00');
    expect(yuan(999_999_999_999)).toBe('9,999,999,999.99');
  });
});

describe('the local token tool', () => {
  it('signs the verified ID number of a citizen as Cognito does (custom:id_number), upper-cased', async () => {
    const spec = parseTokenArgs(['--role', 'citizen', '--id-number', '11010519870101777x']);
    expect(spec.idNumber).toBe('11010519870101777X');
    expect(decodeJwt(await signToken(spec, new Uint8Array(32)))).toMatchObject({ 'custom:id_number': '11010519870101777X', 'cognito:groups': 'citizen' });
  });

  it('refuses an ID number whose check digit is wrong', () => {
    expect(() => parseTokenArgs(['--role', 'citizen', '--id-number', wrongCheck(OWNER.idNumber)])).toThrow(/--id-number/);
  });
});
