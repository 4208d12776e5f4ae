// Office: citizens' reports of the division (rule 25: the reporter is never named; the view says only whether a way
// to reach them was left), by status and kind, and each step: assign, substantiate, dismiss, refer, publish a
// rebuttal of a rumour in both languages, reward.
import { useState } from 'preact/hooks';
import { call } from '../../../api/client.ts';
import { usePaged } from '../../../api/paging.ts';
import { REFERRAL_AGENCIES, REPORT_KINDS, REPORT_STATUSES, type Report, type ReportAction } from '../../../api/types.ts';
import { yuanToFen } from '../../../format.ts';
import { formatDateTime, formatMoney, label, t } from '../../../i18n/index.ts';
import { navigate } from '../../../router.ts';
import { Badge, StatusBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { FieldGroup, Select, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { Success } from '../../../ui/Notice.tsx';
import { Page } from '../../../ui/Page.tsx';
import { PagedList } from '../../../ui/PagedList.tsx';
import { Filters, FilterSelect } from '../../../ui/Filters.tsx';
import { Facts } from '../../../ui/Table.tsx';
import { reportActions } from '../../shared/steps.ts';

function ReportDialog({ r, action, onDone, onClose }: { r: Report; action: ReportAction; onDone(next: Report): void; onClose(): void }) {
  const form = useForm<Values>({
    department: '',
    findings: '',
    reason: '',
    to: 'market-regulation',
    reference: '',
    'title.zh-CN': '',
    'title.en': '',
    'body.zh-CN': '',
    'body.en': '',
    incidentId: r.incidentId ?? '',
    amountFen: '',
  });
  const title = t(`reportAction.${action}` as 'reportAction.assign');
  return (
    <Dialog open title={title} onClose={onClose}>
      <Form
        form={form}
        submitLabel={title}
        onSubmit={async (v) => {
          const s = (k: string) => String(v[k] ?? '');
          const amount = s('amountFen').trim();
          const body: Record<string, unknown> =
            action === 'assign'
              ? { action, department: s('department') }
              : action === 'substantiate'
                ? { action, findings: s('findings') }
                : action === 'dismiss'
                  ? { action, reason: s('reason') }
                  : action === 'refer'
                    ? { action, to: s('to'), reference: s('reference') }
                    : action === 'publish-rebuttal'
                      ? {
                          action,
                          title: { 'zh-CN': s('title.zh-CN'), en: s('title.en') },
                          body: { 'zh-CN': s('body.zh-CN'), en: s('body.en') },
                          ...(!r.incidentId && s('incidentId').trim() ? { incidentId: s('incidentId').trim() } : {}),
                        }
                      : { action, reason: s('reason'), ...(amount ? { amountFen: yuanToFen(amount) ?? Number.NaN } : {}) };
          onDone((await call<Report>('POST', `/v1/reports/${encodeURIComponent(r.reportId)}/transitions`, { body })).data);
        }}
      >
        {action === 'assign' && <TextField name="department" label={t('report.department')} required />}
        {action === 'substantiate' && <TextArea name="findings" label={t('report.findings')} required rows={4} />}
        {(action === 'dismiss' || action === 'reward') && <TextArea name="reason" label={t('field.reason')} required />}
        {action === 'refer' && (
          <>
            <Select name="to" label={t('report.referTo')} required options={REFERRAL_AGENCIES.map((a) => ({ value: a, label: label('agency', a) }))} />
            <TextField name="reference" label={t('report.referenceNo')} required />
          </>
        )}
        {action === 'publish-rebuttal' && (
          <>
            <p>{t('report.rebuttalLead')}</p>
            <FieldGroup legend={t('release.new')}>
              <TextField name="title.zh-CN" label={t('field.titleZh')} required />
              <TextField name="title.en" label={t('report.titleEn')} required />
            </FieldGroup>
            <TextArea name="body.zh-CN" label={t('field.bodyZh')} required rows={4} />
            <TextArea name="body.en" label={t('report.bodyEn')} required rows={4} />
            {!r.incidentId && <TextField name="incidentId" label={t('report.incident')} required hint={t('hint.rebuttalIncident')} />}
          </>
        )}
        {action === 'reward' && <TextField name="amountFen" label={t('report.rewardYuan')} inputMode="decimal" hint={t('hint.yuan')} />}
      </Form>
    </Dialog>
  );
}

function ReportCard({ r, onChanged }: { r: Report; onChanged(next: Report): void }) {
  const [pending, setPending] = useState<ReportAction | null>(null);
  return (
    <article class="card">
      <div class="card-head">
        <StatusBadge status={r.status} />
        <Badge tone="neutral">{label('reportKind', r.kind)}</Badge>
        <h2 class="card-title">{t('report.receivedLine', { at: formatDateTime(r.receivedAt), division: r.divisionCode })}</h2>
      </div>
      <p class="prose">{r.description}</p>
      <Facts
        items={[
          [t('report.where'), r.location ? `${r.location.address ?? ''} (${r.location.lat}, ${r.location.lng})` : '—'],
          [t('report.evidence'), r.evidence.length ? r.evidence.map((e) => `${label('evidenceKind', e.kind)}: ${e.reference}`).join('; ') : '—'],
          [t('report.contactGiven'), r.contactGiven ? t('report.contactYes') : t('report.contactNo')],
          [t('report.incident'), r.incidentId ? <a href={`#/office/incidents/${encodeURIComponent(r.incidentId)}`}>{r.incidentId}</a> : '—'],
          ...(r.assignment ? ([[t('report.department'), r.assignment.department]] as [string, string][]) : []),
          ...(r.findings ? ([[t('report.findings'), r.findings.text]] as [string, string][]) : []),
          ...(r.dismissal ? ([[t('report.dismissed'), r.dismissal.reason]] as [string, string][]) : []),
          ...(r.referral ? ([[t('report.referTo'), `${label('agency', r.referral.to)} · ${r.referral.reference}`]] as [string, string][]) : []),
          ...(r.rebuttal ? ([[t('report.rebuttal'), t('report.rebuttalAt', { at: formatDateTime(r.rebuttal.at) })]] as [string, string][]) : []),
          ...(r.reward ? ([[t('report.reward'), `${r.reward.reason}${r.reward.amountFen !== undefined ? ` · ${formatMoney(r.reward.amountFen)}` : ''}`]] as [string, string][]) : []),
        ]}
      />
      <div class="button-row">
        {reportActions(r).map((a) => (
          <Button key={a} variant={a === 'dismiss' ? 'danger' : 'secondary'} onClick={() => setPending(a)}>
            {t(`reportAction.${a}` as 'reportAction.assign')}
          </Button>
        ))}
      </div>
      {pending && (
        <ReportDialog
          r={r}
          action={pending}
          onClose={() => setPending(null)}
          onDone={(next) => {
            setPending(null);
            onChanged(next);
          }}
        />
      )}
    </article>
  );
}

export function ReportsPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? '';
  const kind = query.get('kind') ?? '';
  const [generation, setGeneration] = useState(0);
  const [changed, setChanged] = useState<Record<string, Report>>({});
  const [message, setMessage] = useState<string | null>(null);
  const list = usePaged<Report>('/v1/reports', { status, kind }, { refresh: generation });
  const go = (next: Record<string, string>) => navigate(`/office/reports?${new URLSearchParams({ status, kind, ...next }).toString()}`);
  return (
    <Page title={t('page.reports')} lead={<p>{t('report.officeLead')}</p>}>
      {message && <Success>{message}</Success>}
      <Filters>
        <FilterSelect id="report-status" label={t('report.status')} value={status} options={REPORT_STATUSES.map((s) => ({ value: s, label: label('status', s) }))} onChange={(v) => go({ status: v })} />
        <FilterSelect id="report-kind" label={t('report.kind')} value={kind} options={REPORT_KINDS.map((k) => ({ value: k, label: label('reportKind', k) }))} onChange={(v) => go({ kind: v })} />
      </Filters>
      <PagedList list={list} empty={t('report.none')}>
        {(items) => (
          <div>
            {items.map((r) => (
              <ReportCard
                key={r.reportId}
                r={changed[r.reportId] ?? r}
                onChanged={(next) => {
                  setChanged((c) => ({ ...c, [next.reportId]: next }));
                  setMessage(t('report.done', { status: label('status', next.status) }));
                  if (status) setGeneration((g) => g + 1);
                }}
              />
            ))}
          </div>
        )}
      </PagedList>
    </Page>
  );
}
