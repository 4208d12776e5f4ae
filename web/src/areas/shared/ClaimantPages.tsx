// The claimant's side of compensation (rules 13-15), for a citizen owner and for an organisation alike: their claims
// with the next due date, one claim with what to do next and by when, its decision and notice of remedies, the answer
// to a correction request, the application for reconsideration, and the reconsideration as it goes.
import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../api/client.ts';
import { usePaged, useResource } from '../../api/paging.ts';
import { DEPLOYMENT_CLAIM_KINDS, REQUISITION_CLAIM_KINDS, type Claim, type Reconsideration } from '../../api/types.ts';
import { fenToYuanInput } from '../../format.ts';
import { formatDate, formatDateTime, formatMoney, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { TextArea } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { ProblemNotice, Progress, Success } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { blankRows } from '../../ui/Rows.tsx';
import { Table } from '../../ui/Table.tsx';
import { BANK_FIELDS, BankFields, bankAccount, claimDocuments, claimItems, ClaimItemFields, DOCUMENT_FIELDS, DocumentFields, ITEM_FIELDS, useClaimRows } from './claim-forms.tsx';
import { ClaimFacts, claimPath, Corrections, DecisionView, DueDates, NextSteps, ReconsiderationFacts, reconsiderationPath, sourceText } from './claims.tsx';
import { claimantNextSteps, deadlineSentence, mayApplyForReconsideration, nextDue } from './steps.ts';

export type ClaimantArea = 'citizen' | 'org';

export function MyClaimsPage({ area }: { area: ClaimantArea }) {
  const list = usePaged<Claim>('/v1/me/claims', {});
  return (
    <Page title={t('page.myClaims')} lead={<p>{t('claim.myLead')}</p>}>
      <PagedList list={list} empty={t('claim.none')}>
        {(items) => (
          <Table
            caption={t('page.myClaims')}
            rows={items}
            rowKey={(c) => c.claimId}
            columns={[
              { header: t('claim.claim'), cell: (c) => <a href={`#/${area}/claims/${encodeURIComponent(c.claimId)}`}>{sourceText(c)}</a> },
              { header: t('claim.status'), cell: (c) => <StatusBadge status={c.status} /> },
              { header: t('claim.claimed'), cell: (c) => formatMoney(c.claimedFen), numeric: true },
              { header: t('claim.approved'), cell: (c) => (c.approvedFen !== undefined ? formatMoney(c.approvedFen) : '—'), numeric: true },
              {
                header: t('claim.nextDue'),
                cell: (c) => {
                  const d = nextDue(c.deadlines);
                  return d ? deadlineSentence(d) : '—';
                },
              },
              { header: t('claim.submittedAt'), cell: (c) => formatDateTime(c.submittedAt) },
            ]}
          />
        )}
      </PagedList>
    </Page>
  );
}

/** The claimant answers a correction request: every item listed, the heads and documents again, a new account if it changed. */
function ResubmitForm({ c, onDone }: { c: Claim; onDone(next: Claim): void }) {
  const form = useForm<Values>(() => ({
    ...blankRows(
      'items',
      ITEM_FIELDS,
      c.items.map((i) => ({ kind: i.kind, amountFen: fenToYuanInput(i.amountFen), description: i.description })),
    ),
    ...blankRows('documents', DOCUMENT_FIELDS, c.documents.map((d) => ({ kind: d.kind, reference: d.reference }))),
    ...BANK_FIELDS,
  }));
  const rows = useClaimRows(form, c.items.length, c.documents.length);
  const kinds = c.source.kind === 'requisition' ? REQUISITION_CLAIM_KINDS : DEPLOYMENT_CLAIM_KINDS;
  return (
    <Form
      form={form}
      labelledBy="claim-resubmit"
      submitLabel={t('claim.resubmit')}
      onSubmit={async (v) => {
        const bank = bankAccount(v);
        const body = {
          action: 'resubmit',
          items: claimItems(v, rows.items),
          documents: claimDocuments(v, rows.documents),
          // A new account only when one was typed: the one on record stays otherwise.
          ...(bank.bank || bank.accountName || bank.accountNumber ? { bankAccount: bank } : {}),
        };
        const r = await call<Claim>('POST', claimPath(c.claimId, '/transitions'), { body });
        onDone(r.data);
      }}
    >
      <ClaimItemFields rows={rows.items} kinds={kinds} />
      <h3>{t('claim.documents')}</h3>
      <DocumentFields rows={rows.documents} />
      <BankFields optional />
    </Form>
  );
}

function ReconsiderationForm({ c, area, onDone }: { c: Claim; area: ClaimantArea; onDone(id: string): void }) {
  const form = useForm<Values>({ grounds: '', request: '', key: newIdempotencyKey() });
  const window = c.deadlines.find((d) => d.kind === 'reconsideration-application');
  return (
    <Form
      form={form}
      labelledBy="claim-reconsider"
      submitLabel={t('reconsideration.apply')}
      onSubmit={async (v) => {
        const r = await call<Reconsideration>('POST', claimPath(c.claimId, '/reconsideration'), {
          body: { grounds: String(v['grounds']), request: String(v['request']) },
          idempotencyKey: String(v['key']),
        });
        onDone(r.data.reconsiderationId);
        navigate(`/${area}/reconsiderations/${encodeURIComponent(r.data.reconsiderationId)}`);
      }}
    >
      {window && <p>{t('reconsideration.windowText', { date: formatDate(window.due) })}</p>}
      <TextArea name="grounds" label={t('reconsideration.grounds')} required rows={4} hint={t('hint.grounds')} />
      <TextArea name="request" label={t('reconsideration.request')} required hint={t('hint.request')} />
    </Form>
  );
}

export function ClaimantClaimPage({ params, area }: { params: Record<string, string>; area: ClaimantArea }) {
  const id = params['claimId']!;
  const res = useResource<Claim>(claimPath(id));
  const [message, setMessage] = useState<string | null>(null);
  const c = res.data;
  return (
    <Page title={t('page.claim')}>
      {res.loading && !c && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {c && (
        <>
          <NextSteps steps={claimantNextSteps(c)} />
          <ClaimFacts c={c} />
          <Section title={t('claim.deadlines')} id="claim-deadlines">
            <DueDates deadlines={c.deadlines} caption={t('claim.deadlines')} />
          </Section>
          {c.decision && (
            <Section title={t('claim.decision')} id="claim-decision">
              <DecisionView d={c.decision} />
            </Section>
          )}
          {c.corrections.length > 0 && (
            <Section title={t('claim.corrections')} id="claim-corrections">
              <Corrections corrections={c.corrections} />
            </Section>
          )}
          {c.status === 'needs-correction' && (
            <Section title={t('claim.resubmitTitle')} id="claim-resubmit">
              <p>{t('claim.resubmitLead')}</p>
              <ResubmitForm
                c={c}
                onDone={(next) => {
                  res.setData(next);
                  setMessage(t('claim.resubmitted'));
                }}
              />
            </Section>
          )}
          {c.reconsideration && (
            <Section title={t('claim.reconsideration')} id="claim-reconsideration">
              <p>
                <StatusBadge status={c.reconsideration.status} />{' '}
                <a href={`#/${area}/reconsiderations/${encodeURIComponent(c.reconsideration.reconsiderationId)}`}>{t('reconsideration.open', { at: formatDateTime(c.reconsideration.appliedAt) })}</a>
              </p>
            </Section>
          )}
          {mayApplyForReconsideration(c) && (
            <Section title={t('reconsideration.applyTitle')} id="claim-reconsider">
              <ReconsiderationForm c={c} area={area} onDone={() => res.reload()} />
            </Section>
          )}
          {c.payments.length > 0 && (
            <Section title={t('claim.payments')} id="claim-payments">
              <ul>
                {c.payments.map((p) => (
                  <li key={`${p.at}:${p.reference}`}>{t('claim.paymentLine', { amount: formatMoney(p.amountFen), at: formatDateTime(p.at), reference: p.reference })}</li>
                ))}
              </ul>
            </Section>
          )}
        </>
      )}
    </Page>
  );
}

function ResubmitApplication({ r, onDone }: { r: Reconsideration; onDone(next: Reconsideration): void }) {
  const form = useForm<Values>({ grounds: r.grounds, request: r.request });
  return (
    <Form
      form={form}
      submitLabel={t('claim.resubmit')}
      onSubmit={async (v) => {
        const out = await call<Reconsideration>('POST', reconsiderationPath(r.reconsiderationId, '/transitions'), {
          body: { action: 'resubmit', grounds: String(v['grounds']), request: String(v['request']) },
        });
        onDone(out.data);
      }}
    >
      <TextArea name="grounds" label={t('reconsideration.grounds')} required rows={4} />
      <TextArea name="request" label={t('reconsideration.request')} required />
    </Form>
  );
}

export function ClaimantReconsiderationPage({ params, area }: { params: Record<string, string>; area: ClaimantArea }) {
  const id = params['reconsiderationId']!;
  const res = useResource<Reconsideration>(reconsiderationPath(id));
  const [message, setMessage] = useState<string | null>(null);
  const r = res.data;
  const next = r ? nextDue(r.deadlines) : undefined;
  return (
    <Page title={t('page.reconsideration')}>
      {res.loading && !r && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {r && (
        <>
          <NextSteps steps={[...(r.status === 'needs-correction' ? [t('next.needsCorrection')] : []), ...(next ? [deadlineSentence(next)] : [])]} />
          <p>
            <a href={`#/${area}/claims/${encodeURIComponent(r.claimId)}`}>{t('reconsideration.backToClaim')}</a>
          </p>
          <ReconsiderationFacts r={r} />
          <Section title={t('claim.deadlines')} id="reconsideration-deadlines">
            <DueDates deadlines={r.deadlines} caption={t('claim.deadlines')} />
          </Section>
          {r.corrections.length > 0 && (
            <Section title={t('claim.corrections')} id="reconsideration-corrections">
              <Corrections corrections={r.corrections} />
            </Section>
          )}
          {r.status === 'needs-correction' && (
            <Section title={t('claim.resubmitTitle')} id="reconsideration-resubmit">
              <ResubmitApplication
                r={r}
                onDone={(n) => {
                  res.setData(n);
                  setMessage(t('claim.resubmitted'));
                }}
              />
            </Section>
          )}
        </>
      )}
    </Page>
  );
}
