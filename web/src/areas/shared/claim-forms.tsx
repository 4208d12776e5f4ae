// The fields of a compensation claim, as the owner files it on a returned requisition, the organisation on a
// stood-down deployment, and either answers a correction request: the heads claimed (typed in yuan, sent as fen), the
// documents, and the bank account (personal data: sealed by the API, shown masked afterwards).
import { yuanToFen } from '../../format.ts';
import { label, t } from '../../i18n/index.ts';
import { Select, TextField } from '../../ui/fields.tsx';
import type { FormApi, Values } from '../../ui/form.ts';
import { readRows, RowGroups, useRows, type RowsApi } from '../../ui/Rows.tsx';

/** The documents a claim cites: those the API lists for a requisition's compensation case, and a deployment's. */
export const DOCUMENT_KINDS = ['claim-form', 'identity', 'voucher', 'handover-list', 'ownership', 'loss-certificate', 'loss-evidence', 'staff-hours', 'bank-account', 'stand-down-order', 'invoice', 'other'] as const;

export const ITEM_FIELDS = { kind: '', amountFen: '', description: '' };
export const DOCUMENT_FIELDS = { kind: '', reference: '' };

/** The heads of a claim as the API takes them: yuan typed -> integer fen; a malformed amount goes as NaN so the API names it. */
export function claimItems(v: Values, rows: RowsApi) {
  return readRows(v, 'items', Object.keys(ITEM_FIELDS), rows.count).map((r) => ({
    kind: r['kind'],
    amountFen: r['amountFen']!.trim() === '' ? Number.NaN : (yuanToFen(r['amountFen']!) ?? Number.NaN),
    description: r['description'],
  }));
}

/** Documents with a kind or a reference typed; fully blank rows are left out. */
export function claimDocuments(v: Values, rows: RowsApi) {
  return readRows(v, 'documents', Object.keys(DOCUMENT_FIELDS), rows.count)
    .filter((r) => r['kind']!.trim() || r['reference']!.trim())
    .map((r) => ({ kind: r['kind']!.trim(), reference: r['reference'] }));
}

export function bankAccount(v: Values) {
  return { bank: String(v['bankAccount.bank']), accountName: String(v['bankAccount.accountName']), accountNumber: String(v['bankAccount.accountNumber']).replace(/\s/g, '') };
}

export const BANK_FIELDS = { 'bankAccount.bank': '', 'bankAccount.accountName': '', 'bankAccount.accountNumber': '' };

export function useClaimRows(form: FormApi<Values>, items: number, documents: number) {
  return { items: useRows(form, 'items', ITEM_FIELDS, items), documents: useRows(form, 'documents', DOCUMENT_FIELDS, documents) };
}

export function ClaimItemFields({ rows, kinds }: { rows: RowsApi; kinds: readonly string[] }) {
  return (
    <RowGroups rows={rows} legend={(n) => t('claim.itemN', { n: n + 1 })} max={20}>
      {(n) => (
        <>
          <Select name={`items.${n}.kind`} label={t('claim.kind')} required options={[{ value: '', label: t('claim.chooseKind') }, ...kinds.map((k) => ({ value: k, label: label('claimKind', k) }))]} />
          <TextField name={`items.${n}.amountFen`} label={t('claim.amountYuan')} required inputMode="decimal" hint={t('hint.yuan')} />
          <TextField name={`items.${n}.description`} label={t('claim.description')} required />
        </>
      )}
    </RowGroups>
  );
}

export function DocumentFields({ rows }: { rows: RowsApi }) {
  return (
    <RowGroups rows={rows} legend={(n) => t('claim.documentN', { n: n + 1 })} min={0} max={50}>
      {(n) => (
        <>
          <Select name={`documents.${n}.kind`} label={t('claim.documentKind')} options={[{ value: '', label: t('claim.chooseDocument') }, ...DOCUMENT_KINDS.map((k) => ({ value: k, label: label('documentKind', k) }))]} />
          <TextField name={`documents.${n}.reference`} label={t('claim.documentReference')} />
        </>
      )}
    </RowGroups>
  );
}

export function BankFields({ optional }: { optional?: boolean }) {
  return (
    <fieldset class="field-group">
      <legend>{optional ? t('claim.bankAccountOptional') : t('claim.bankAccount')}</legend>
      <p class="field-hint">{t('hint.bankAccount')}</p>
      <div class="field-grid">
        <TextField name="bankAccount.bank" label={t('claim.bank')} required={!optional} />
        <TextField name="bankAccount.accountName" label={t('claim.accountName')} required={!optional} autoComplete="off" />
        <TextField name="bankAccount.accountNumber" label={t('claim.accountNumber')} required={!optional} inputMode="numeric" autoComplete="off" />
      </div>
    </fieldset>
  );
}
