// Office: compensation claims (rules 13-15) and their reconsideration. The queue of the division's claims with the
// next due date of each; one claim with every computed deadline, its decision and notice of remedies, the office's
// steps from the correction request to the payment, the bank account revealed on a stated purpose, and the audit
// trail; the reconsideration organ's steps. The queue is the division's claims by status; any claim opens by number.
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { call } from '../../../api/client.ts';
import { usePaged, useRecordSteps } from '../../../api/paging.ts';
import { CLAIM_STATUSES, type Claim, type Incident, type Reconsideration } from '../../../api/types.ts';
import { cstInputToIso, fenToYuanInput, isoToCstInput, lines, yuanToFen } from '../../../format.ts';
import { formatDate, formatDateTime, formatMoney, label, t } from '../../../i18n/index.ts';
import { navigate } from '../../../router.ts';
import { Flag, StatusBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { Checkbox, Select, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { ProblemNotice, Progress, Success } from '../../../ui/Notice.tsx';
import { Page, Section } from '../../../ui/Page.tsx';
import { PagedList } from '../../../ui/PagedList.tsx';
import { Filters, FilterSelect } from '../../../ui/Filters.tsx';
import { blankRows, readRows, RowGroups, useRows } from '../../../ui/Rows.tsx';
import { Table } from '../../../ui/Table.tsx';
import { ClaimFacts, claimPath, Corrections, DecisionView, DueDates, ReconsiderationFacts, reconsiderationPath, sourceText } from '../../shared/claims.tsx';
import { AuditTrail, Masked } from '../Reveal.tsx';
import { claimActions, deadlineSentence, nextDue, type ClaimAction } from '../../shared/steps.ts';
import { OpenByNumber } from '../../shared/OpenByNumber.tsx';

/** Incidents whose claims an office works on: responding, in recovery, assessed. */
function useOpenIncidents() {
  const responding = usePaged<Incident>('/v1/incidents', { status: 'responding' }, { limit: 100 });
  const recovery = usePaged<Incident>('/v1/incidents', { status: 'recovery' }, { limit: 100 });
  const assessed = usePaged<Incident>('/v1/incidents', { status: 'assessed' }, { limit: 100 });
  return { items: [...responding.items, ...recovery.items, ...assessed.items], loading: responding.loading || recovery.loading || assessed.loading };
}

/** The office's queue: its division's claims (GET /v1/claims), by status, soonest deadline first; an incident narrows it. */
export function ClaimsQueuePage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? '';
  const incident = query.get('incident') ?? '';
  const incidents = useOpenIncidents();
  const list = usePaged<Claim>('/v1/claims', { status }, { limit: 100 });
  const go = (next: Record<string, string>) => navigate(`/office/claims?${new URLSearchParams({ status, incident, ...next }).toString()}`);
  const passed = (c: Claim) => c.deadlines.some((d) => d.passed && !d.done && !d.kind.startsWith('suit') && d.kind !== 'reconsideration-application');
  const soonest = (items: Claim[]) =>
    items.filter((c) => !incident || c.incidentId === incident).sort((a, b) => (nextDue(a.deadlines)?.due ?? '9999').localeCompare(nextDue(b.deadlines)?.due ?? '9999'));
  return (
    <Page title={t('page.claims')} lead={<p>{t('claims.queueLead')}</p>}>
      <Filters>
        <FilterSelect id="claims-status" label={t('claim.status')} value={status} options={CLAIM_STATUSES.map((s) => ({ value: s, label: label('status', s) }))} onChange={(v) => go({ status: v })} />
        <FilterSelect
          id="claims-incident"
          label={t('claims.incident')}
          value={incident}
          anyLabel={incidents.loading ? t('list.loading') : t('filter.any')}
          options={[
            ...incidents.items.map((i) => ({ value: i.incidentId, label: `${i.title} (${label('status', i.status)})` })),
            // An incident named in the link (from a requisition) that is not among the open ones.
            ...(incident && !incidents.items.some((i) => i.incidentId === incident) ? [{ value: incident, label: incident }] : []),
          ]}
          onChange={(v) => go({ incident: v })}
        />
      </Filters>
      <Section title={t('claims.ofDivision')} id="claims-list">
        <PagedList list={list} empty={t('claims.none')}>
          {(items) => (
            <Table
              caption={t('claims.ofDivision')}
              rows={soonest(items)}
              rowKey={(c) => c.claimId}
              columns={[
                { header: t('claim.claim'), cell: (c) => <a href={`#/office/claims/${encodeURIComponent(c.claimId)}`}>{sourceText(c)}</a> },
                { header: t('claim.status'), cell: (c) => <StatusBadge status={c.status} /> },
                { header: t('claim.claimed'), cell: (c) => formatMoney(c.claimedFen), numeric: true },
                {
                  header: t('claim.nextDue'),
                  cell: (c) => {
                    const d = nextDue(c.deadlines);
                    return d ? deadlineSentence(d) : '—';
                  },
                },
                { header: t('dashboard.flags'), cell: (c) => (passed(c) ? <Flag>{t('flag.deadlinePassed')}</Flag> : '—') },
              ]}
            />
          )}
        </PagedList>
      </Section>
      <Section title={t('claims.openByNumber')} id="claims-open">
        <OpenByNumber label={t('claims.number')} path={(id) => claimPath(id)} href={(id) => `/office/claims/${encodeURIComponent(id)}`} />
      </Section>
    </Page>
  );
}

const CORRECTION = { item: '', reason: '' };

function ClaimDialog({ c, action, etag, onDone, onClose }: { c: Claim; action: ClaimAction; etag: string | undefined; onDone(next: Claim): void; onClose(): void }) {
  // The time field shows minutes; left as it was filled in, it means "now" to the second (a decision of this same
  // minute must not look later than its service).
  const [opened] = useState(() => isoToCstInput(new Date()));
  const form = useForm<Values>(() => ({
    ...blankRows('items', CORRECTION, 1),
    reason: '',
    approvedFen: fenToYuanInput(c.claimedFen),
    reasons: '',
    servedAt: opened,
    amountFen: fenToYuanInput(c.owedFen ?? 0),
    paymentReference: '',
  }));
  const rows = useRows(form, 'items', CORRECTION, 1);
  const title = t(`claimAction.${action}` as 'claimAction.accept');
  const money = (s: string) => (s.trim() === '' ? Number.NaN : (yuanToFen(s) ?? Number.NaN));
  return (
    <Dialog open title={title} onClose={onClose}>
      <Form
        form={form}
        submitLabel={title}
        onSubmit={async (v) => {
          const s = (k: string) => String(v[k] ?? '');
          const reasons = lines(s('reasons'));
          const body: Record<string, unknown> =
            action === 'request-correction'
              ? { action, items: readRows(v, 'items', ['item', 'reason'], rows.count) }
              : action === 'extend'
                ? { action, reason: s('reason') }
                : action === 'approve'
                  ? { action, approvedFen: money(s('approvedFen')), ...(reasons.length ? { reasons } : {}) }
                  : action === 'reject'
                    ? { action, reasons }
                    : action === 'serve-notice'
                      ? { action, servedAt: s('servedAt') === opened ? new Date().toISOString() : (cstInputToIso(s('servedAt')) ?? s('servedAt')) }
                      : action === 'pay'
                        ? { action, amountFen: money(s('amountFen')), paymentReference: s('paymentReference') }
                        : { action };
          onDone((await call<Claim>('POST', claimPath(c.claimId, '/transitions'), { body, ...(etag ? { ifMatch: etag } : {}) })).data);
        }}
      >
        {action === 'request-correction' && (
          <>
            <p>{t('claims.correctionLead')}</p>
            <RowGroups rows={rows} legend={(n) => t('claims.missingN', { n: n + 1 })} max={50}>
              {(n) => (
                <>
                  <TextField name={`items.${n}.item`} label={t('claims.missingItem')} required />
                  <TextField name={`items.${n}.reason`} label={t('field.reason')} required />
                </>
              )}
            </RowGroups>
          </>
        )}
        {action === 'extend' && <TextArea name="reason" label={t('field.reason')} required hint={t('hint.extend')} />}
        {action === 'approve' && (
          <>
            <TextField name="approvedFen" label={t('claims.approvedYuan')} required inputMode="decimal" hint={t('hint.approve', { claimed: formatMoney(c.claimedFen) })} />
            <TextArea name="reasons" label={t('claims.reasonsPartial')} hint={t('hint.onePerLine')} />
          </>
        )}
        {action === 'reject' && <TextArea name="reasons" label={t('decision.reasons')} required hint={t('hint.onePerLine')} />}
        {action === 'serve-notice' && <TextField name="servedAt" type="datetime-local" label={t('claims.servedAt')} required hint={t('hint.servedAt')} />}
        {action === 'pay' && (
          <>
            <TextField name="amountFen" label={t('claims.amountYuan')} required inputMode="decimal" hint={t('hint.yuan')} />
            <TextField name="paymentReference" label={t('claims.paymentReference')} required />
          </>
        )}
        {action === 'close' && <p>{t('claims.closeText')}</p>}
      </Form>
    </Dialog>
  );
}

export function OfficeClaimPage({ params }: { params: Record<string, string> }) {
  const id = params['claimId']!;
  const { res, pending, setPending, message, generation, done } = useRecordSteps<Claim, ClaimAction>(claimPath(id));
  const c = res.data;
  const bank: ComponentChild = c && (
    <>
      {c.bankAccount.bank} · <Masked kind="claim" id={id} field="bankAccount.accountName" fieldLabel={t('claim.accountName')} masked={c.bankAccount.accountName} /> ·{' '}
      <Masked kind="claim" id={id} field="bankAccount.accountNumber" fieldLabel={t('claim.accountNumber')} masked={c.bankAccount.accountNumber} />
    </>
  );
  return (
    <Page title={c ? `${t('page.claim')} · ${sourceText(c)}` : t('page.claim')}>
      {res.loading && !c && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {c && (
        <>
          <p>
            <a href={`#/office/claims?incident=${encodeURIComponent(c.incidentId)}`}>{t('claims.backToQueue')}</a>
            {c.source.kind === 'requisition' && (
              <>
                {' · '}
                <a href={`#/office/requisitions/${encodeURIComponent(c.source.requisitionId)}`}>{t('claims.requisition')}</a>
              </>
            )}
            {c.source.kind === 'deployment' && (
              <>
                {' · '}
                <a href={`#/office/deployments/${encodeURIComponent(c.source.deploymentId)}`}>{t('claims.deployment')}</a>
              </>
            )}
          </p>
          <ClaimFacts c={c} bank={bank} />
          <Section title={t('claim.deadlines')} id="claim-deadlines">
            <DueDates deadlines={c.deadlines} caption={t('claim.deadlines')} />
          </Section>
          <Section title={t('plan.lifecycle')} id="claim-actions">
            <div class="button-row">
              {claimActions(c).map((a) => (
                <Button key={a} variant={a === 'reject' ? 'danger' : 'primary'} onClick={() => setPending(a)}>
                  {t(`claimAction.${a}` as 'claimAction.accept')}
                </Button>
              ))}
              {claimActions(c).length === 0 && <p class="muted">{t('plan.noActions')}</p>}
            </div>
          </Section>
          {c.decision && (
            <Section title={t('claim.decision')} id="claim-decision">
              <DecisionView d={c.decision} />
              {c.noticeServedAt && <p>{t('claims.served', { at: formatDateTime(c.noticeServedAt) })}</p>}
            </Section>
          )}
          {c.reconsideration && (
            <Section title={t('claim.reconsideration')} id="claim-reconsideration">
              <p>
                <StatusBadge status={c.reconsideration.status} />{' '}
                <a href={`#/office/reconsiderations/${encodeURIComponent(c.reconsideration.reconsiderationId)}`}>{t('reconsideration.open', { at: formatDateTime(c.reconsideration.appliedAt) })}</a>
              </p>
            </Section>
          )}
          {c.corrections.length > 0 && (
            <Section title={t('claim.corrections')} id="claim-corrections">
              <Corrections corrections={c.corrections} />
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
          <AuditTrail path={claimPath(id, '/audit')} generation={generation} />
          {pending && (
            <ClaimDialog
              c={c}
              action={pending}
              etag={res.etag}
              onClose={() => setPending(null)}
              onDone={(next) => done(next, t('claims.done', { status: label('status', next.status) }))}
            />
          )}
        </>
      )}
    </Page>
  );
}

type ReconAction = 'accept' | 'request-correction' | 'extend' | 'decide';

function reconActions(r: Reconsideration): ReconAction[] {
  if (r.status === 'submitted') return ['accept', 'request-correction'];
  if (r.status === 'accepted') return r.procedure === 'ordinary' ? ['decide', 'extend'] : ['decide'];
  if (r.status === 'extended') return ['decide'];
  return [];
}

function ReconDialog({ r, action, etag, onDone, onClose }: { r: Reconsideration; action: ReconAction; etag: string | undefined; onDone(next: Reconsideration): void; onClose(): void }) {
  const form = useForm<Values>(() => ({ ...blankRows('items', CORRECTION, 1), procedure: 'ordinary', partiesAgree: false, reason: '', outcome: 'upheld', reasons: '', variedFen: '' }));
  const rows = useRows(form, 'items', CORRECTION, 1);
  const title = t(`reconAction.${action}` as 'reconAction.accept');
  return (
    <Dialog open title={title} onClose={onClose}>
      <Form
        form={form}
        submitLabel={title}
        onSubmit={async (v) => {
          const s = (k: string) => String(v[k] ?? '');
          const varied = s('variedFen').trim();
          const body: Record<string, unknown> =
            action === 'accept'
              ? { action, procedure: s('procedure'), ...(v['partiesAgree'] === true ? { partiesAgree: true } : {}) }
              : action === 'request-correction'
                ? { action, items: readRows(v, 'items', ['item', 'reason'], rows.count) }
                : action === 'extend'
                  ? { action, reason: s('reason') }
                  : { action, outcome: s('outcome'), reasons: lines(s('reasons')), ...(s('outcome') === 'varied' ? { variedFen: varied === '' ? Number.NaN : (yuanToFen(varied) ?? Number.NaN) } : {}) };
          onDone((await call<Reconsideration>('POST', reconsiderationPath(r.reconsiderationId, '/transitions'), { body, ...(etag ? { ifMatch: etag } : {}) })).data);
        }}
      >
        {action === 'accept' && (
          <>
            <Select name="procedure" label={t('reconsideration.procedure')} options={['ordinary', 'simplified'].map((p) => ({ value: p, label: label('procedure', p) }))} hint={t('hint.simplified')} />
            <Checkbox name="partiesAgree" label={t('reconsideration.partiesAgree')} />
          </>
        )}
        {action === 'request-correction' && (
          <RowGroups rows={rows} legend={(n) => t('claims.missingN', { n: n + 1 })} max={50}>
            {(n) => (
              <>
                <TextField name={`items.${n}.item`} label={t('claims.missingItem')} required />
                <TextField name={`items.${n}.reason`} label={t('field.reason')} required />
              </>
            )}
          </RowGroups>
        )}
        {action === 'extend' && <TextArea name="reason" label={t('field.reason')} required />}
        {action === 'decide' && (
          <>
            <Select name="outcome" label={t('reconsideration.outcome')} options={['upheld', 'varied', 'revoked'].map((o) => ({ value: o, label: label('status', o) }))} />
            {form.values['outcome'] === 'varied' && <TextField name="variedFen" label={t('reconsideration.variedYuan')} required inputMode="decimal" hint={t('hint.varied')} />}
            <TextArea name="reasons" label={t('decision.reasons')} required hint={t('hint.onePerLine')} />
          </>
        )}
      </Form>
    </Dialog>
  );
}

export function OfficeReconsiderationPage({ params }: { params: Record<string, string> }) {
  const id = params['reconsiderationId']!;
  const { res, pending, setPending, message, done } = useRecordSteps<Reconsideration, ReconAction>(reconsiderationPath(id));
  const r = res.data;
  return (
    <Page title={t('page.reconsideration')} lead={<p>{t('reconsideration.officeLead')}</p>}>
      {res.loading && !r && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {r && (
        <>
          <p>
            <a href={`#/office/claims/${encodeURIComponent(r.claimId)}`}>{t('reconsideration.backToClaim')}</a> · {t('reconsideration.windowDue', { date: formatDate(r.windowDue) })}
          </p>
          <ReconsiderationFacts r={r} />
          <Section title={t('claim.deadlines')} id="reconsideration-deadlines">
            <DueDates deadlines={r.deadlines} caption={t('claim.deadlines')} />
          </Section>
          <Section title={t('plan.lifecycle')} id="reconsideration-actions">
            <div class="button-row">
              {reconActions(r).map((a) => (
                <Button key={a} variant="primary" onClick={() => setPending(a)}>
                  {t(`reconAction.${a}` as 'reconAction.accept')}
                </Button>
              ))}
              {reconActions(r).length === 0 && <p class="muted">{t('plan.noActions')}</p>}
            </div>
          </Section>
          {r.corrections.length > 0 && (
            <Section title={t('claim.corrections')} id="reconsideration-corrections">
              <Corrections corrections={r.corrections} />
            </Section>
          )}
          {pending && (
            <ReconDialog
              r={r}
              action={pending}
              etag={res.etag}
              onClose={() => setPending(null)}
              onDone={(next) => done(next, t('claims.done', { status: label('status', next.status) }))}
            />
          )}
        </>
      )}
    </Page>
  );
}
