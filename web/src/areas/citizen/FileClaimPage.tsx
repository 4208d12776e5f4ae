// Citizen: claim compensation for a requisition that came back (rule 13): the heads claimed in yuan, the documents the
// return listed (each with the reference of the copy the owner holds), and the bank account to pay into.
import { useEffect, useState } from 'preact/hooks';
import { call, get, newIdempotencyKey } from '../../api/client.ts';
import { problemOf } from '../../api/paging.ts';
import { REQUISITION_CLAIM_KINDS, type Claim, type Page as ApiPage, type Problem, type Requisition } from '../../api/types.ts';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { Info, ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { blankRows } from '../../ui/Rows.tsx';
import { BANK_FIELDS, BankFields, bankAccount, claimDocuments, claimItems, ClaimItemFields, DOCUMENT_FIELDS, DocumentFields, ITEM_FIELDS, useClaimRows } from '../shared/claim-forms.tsx';
import { DocumentsNeeded, itemsText, RequisitionItems } from '../shared/requisitions.tsx';

/** One of my requisitions: a citizen reads them only through their own list, so it is looked for there. */
function useMyRequisition(id: string) {
  const [found, setFound] = useState<Requisition | null | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  useEffect(() => {
    let stale = false;
    (async () => {
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const page = await get<ApiPage<Requisition>>(`/v1/me/requisitions?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        const hit = page.items.find((r) => r.requisitionId === id);
        if (hit) return hit;
        if (!page.cursor) return null;
        cursor = page.cursor;
      }
      return null;
    })().then(
      (r) => !stale && setFound(r),
      (err: unknown) => !stale && setProblem(problemOf(err)),
    );
    return () => {
      stale = true;
    };
  }, [id]);
  return { found, problem };
}

/** The heads a return opened the case for, as first rows of the claim: use of the property, and its loss or damage. */
const HEAD_KIND = { use: 'use-fee', loss: 'repair' } as const;

function ClaimForm({ r }: { r: Requisition }) {
  const heads = r.compensationCase?.heads ?? [];
  const docs = r.compensationCase?.documents ?? [];
  const form = useForm<Values>(() => ({
    ...blankRows('items', ITEM_FIELDS, heads.length ? heads.map((h) => ({ kind: HEAD_KIND[h] })) : 1),
    ...blankRows('documents', DOCUMENT_FIELDS, docs.filter((d) => d.kind !== 'bank-account' && d.kind !== 'claim-form').map((d) => ({ kind: d.kind }))),
    ...BANK_FIELDS,
    key: '',
  }));
  const rows = useClaimRows(form, Math.max(1, heads.length), docs.filter((d) => d.kind !== 'bank-account' && d.kind !== 'claim-form').length);
  return (
    <Form
      form={form}
      labelledBy="claim-form"
      submitLabel={t('claim.file')}
      onSubmit={async (v) => {
        const key = String(v['key']) || newIdempotencyKey();
        form.set('key', key);
        const body = { items: claimItems(v, rows.items), bankAccount: bankAccount(v), documents: claimDocuments(v, rows.documents) };
        const c = await call<Claim>('POST', `/v1/requisitions/${encodeURIComponent(r.requisitionId)}/claims`, { body, idempotencyKey: key });
        navigate(`/citizen/claims/${encodeURIComponent(c.data.claimId)}`);
      }}
    >
      <h3>{t('claim.items')}</h3>
      <ClaimItemFields rows={rows.items} kinds={REQUISITION_CLAIM_KINDS} />
      <h3>{t('claim.documents')}</h3>
      <DocumentFields rows={rows.documents} />
      <BankFields />
    </Form>
  );
}

export function FileClaimPage({ params }: { params: Record<string, string> }) {
  const id = params['requisitionId']!;
  const { found, problem } = useMyRequisition(id);
  return (
    <Page title={t('page.fileClaim')} lead={<p>{t('claim.fileLead')}</p>}>
      {found === undefined && !problem && <Progress>{t('list.loading')}</Progress>}
      {problem && <ProblemNotice problem={problem} />}
      {found === null && <ProblemNotice problem={{ title: t('requisition.notMine'), status: 404 }} />}
      {found && !found.compensationCase && <Info>{t('claim.notYet')}</Info>}
      {found && (
        <>
          <Section title={itemsText(found)} id="claim-requisition">
            <RequisitionItems r={found} />
            <DocumentsNeeded r={found} />
          </Section>
          {found.compensationCase && (
            <Section title={t('claim.formTitle')} id="claim-form">
              <ClaimForm r={found} />
            </Section>
          )}
        </>
      )}
    </Page>
  );
}
