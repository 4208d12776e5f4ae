// Public: report price gouging, hoarding, a counterfeit, a rumour or an incident (Art 7, 73(8); rule 25), with no sign-in
// and anonymously (the form sends no token even when signed in); a way to be reached is optional, sealed at once and
// never shown. Made offline, the report waits in this browser and goes when the connection returns; the follow-up code
// the API answers with (shown once) is kept here until the person lets it go. And the status check with that code.
import { useEffect, useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../api/client.ts';
import { EVIDENCE_KINDS, REPORT_KINDS, type ReportReceipt, type ReportStatusView } from '../../api/types.ts';
import { formatDateTime, label, t } from '../../i18n/index.ts';
import { OutboxPanel } from '../../offline/OutboxPanel.tsx';
import type { Kept } from '../../offline/outbox.ts';
import { outbox, submitOrQueue, useOutbox } from '../../offline/queue.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button, ButtonLink } from '../../ui/Button.tsx';
import { FieldGroup, Select, TextArea, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { Success } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { RowGroups, useRows } from '../../ui/Rows.tsx';
import { Facts } from '../../ui/Table.tsx';
import { citizenReportBody } from './report-body.ts';

export const CITIZEN_REPORTS = 'citizen-report';
export const reportOutbox = () => outbox(CITIZEN_REPORTS);
const EVIDENCE = { kind: 'photo', reference: '' };

const blank = (division: string): Values => ({
  kind: 'price-gouging',
  divisionCode: division,
  description: '',
  'location.address': '',
  'location.lat': '',
  'location.lng': '',
  incidentId: '',
  'contact.name': '',
  'contact.phone': '',
  'contact.email': '',
  key: '',
});

/** Follow-up codes of reports sent from this browser, each shown until the person says they have it. */
function Receipts({ kept, onForget }: { kept: Kept[]; onForget(id: string): void }) {
  if (kept.length === 0) return null;
  return (
    <section class="notice notice-success" aria-labelledby="report-receipts">
      <h2 id="report-receipts">{t('report.receiptsTitle', { n: kept.length })}</h2>
      <p>{t('report.receiptsLead')}</p>
      <ul class="outbox-items">
        {kept.map((k) => {
          const r = k.result as ReportReceipt;
          return (
            <li key={k.id}>
              <strong>{k.summary}</strong> <span class="muted">{t('report.sentAt', { at: formatDateTime(r.receivedAt ?? k.sentAt) })}</span>
              <dl class="facts compact">
                <div class="fact">
                  <dt>{t('report.number')}</dt>
                  <dd>
                    <code>{r.reportId}</code>
                  </dd>
                </div>
                <div class="fact">
                  <dt>{t('report.code')}</dt>
                  <dd>
                    <code>{r.followUpCode}</code>
                  </dd>
                </div>
              </dl>
              <span class="inline-actions">
                <ButtonLink href={`#/report/status?id=${encodeURIComponent(r.reportId)}&code=${encodeURIComponent(r.followUpCode)}`}>{t('report.checkStatus')}</ButtonLink>
                <Button variant="quiet" onClick={() => onForget(k.id)}>
                  {t('report.forgetCode')}
                </Button>
              </span>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function ReportFormPage() {
  const s = useStore(session);
  const box = reportOutbox();
  useOutbox(box);
  const form = useForm<Values>(() => blank(s?.division ?? ''));
  const evidence = useRows(form, 'evidence', EVIDENCE, 0);
  const [note, setNote] = useState<string | null>(null);
  return (
    <Page title={t('page.report')} lead={<p>{t('report.lead')}</p>}>
      <OutboxPanel box={box} />
      <Receipts kept={box.kept()} onForget={(id) => box.forget(id)} />
      {note && <Success>{note}</Success>}
      <Form
        form={form}
        labelledBy="page-title"
        submitLabel={t('report.submit')}
        onSubmit={async (v) => {
          setNote(null);
          const key = String(v['key']) || newIdempotencyKey();
          form.set('key', key);
          const body = citizenReportBody(v, evidence.count);
          const outcome = await submitOrQueue<ReportReceipt>(box, {
            kind: CITIZEN_REPORTS,
            method: 'POST',
            path: '/v1/reports',
            body,
            idempotencyKey: key,
            summary: `${label('reportKind', body.kind)} · ${body.divisionCode}`,
            anonymous: true,
            keepResult: true,
          });
          form.reset(blank(s?.division ?? ''));
          setNote(outcome.sent ? t('report.sent') : t('report.queued'));
        }}
      >
        <div class="field-grid">
          <Select name="kind" label={t('report.kind')} required options={REPORT_KINDS.map((k) => ({ value: k, label: label('reportKind', k) }))} />
          <TextField name="divisionCode" label={t('report.division')} required inputMode="numeric" hint={t('hint.division')} />
        </div>
        <TextArea name="description" label={t('report.description')} required rows={5} hint={t('hint.reportDescription')} />
        <FieldGroup legend={t('report.where')} hint={t('hint.reportWhere')}>
          <TextField name="location.address" label={t('incident.address')} />
          <TextField name="location.lat" label={t('incident.lat')} inputMode="decimal" hint={t('hint.lat')} />
          <TextField name="location.lng" label={t('incident.lng')} inputMode="decimal" hint={t('hint.lng')} />
        </FieldGroup>
        <h2>{t('report.evidence')}</h2>
        <p class="field-hint">{t('hint.evidence')}</p>
        <RowGroups rows={evidence} legend={(n) => t('report.evidenceN', { n: n + 1 })} min={0} max={20}>
          {(n) => (
            <>
              <Select name={`evidence.${n}.kind`} label={t('report.evidenceKind')} options={EVIDENCE_KINDS.map((k) => ({ value: k, label: label('evidenceKind', k) }))} />
              <TextField name={`evidence.${n}.reference`} label={t('report.evidenceReference')} />
            </>
          )}
        </RowGroups>
        <TextField name="incidentId" label={t('report.incident')} hint={t('hint.reportIncident')} />
        <FieldGroup legend={t('report.contact')} hint={t('hint.reportContact')}>
          <TextField name="contact.name" label={t('report.contactName')} autoComplete="off" />
          <TextField name="contact.phone" label={t('report.contactPhone')} type="tel" autoComplete="off" />
          <TextField name="contact.email" label={t('report.contactEmail')} type="email" autoComplete="off" />
        </FieldGroup>
      </Form>
      <p>
        <a href="#/report/status">{t('report.statusLink')}</a>
      </p>
    </Page>
  );
}

export function ReportStatusPage({ query }: { query: URLSearchParams }) {
  const form = useForm<Values>(() => ({ reportId: query.get('id') ?? '', code: query.get('code') ?? '' }));
  const [found, setFound] = useState<ReportStatusView | null>(null);
  const check = async (v: Values) => {
    setFound(null);
    const id = String(v['reportId']).trim();
    const r = await call<ReportStatusView>('GET', `/v1/reports/${encodeURIComponent(id)}`, { query: { code: String(v['code']).trim() }, anonymous: true });
    setFound(r.data);
  };
  // Opened from a receipt's link: check at once.
  useEffect(() => {
    if (query.get('id') && query.get('code')) void form.run(check);
  }, []);
  return (
    <Page title={t('page.reportStatus')} lead={<p>{t('report.statusLead')}</p>}>
      <Form form={form} labelledBy="page-title" submitLabel={t('report.checkStatus')} onSubmit={check}>
        <div class="field-grid">
          <TextField name="reportId" label={t('report.number')} required autoComplete="off" />
          <TextField name="code" label={t('report.code')} required autoComplete="off" hint={t('hint.followUpCode')} />
        </div>
      </Form>
      {found && (
        <Section title={t('report.statusTitle')} id="report-status">
          <Facts
            items={[
              [t('report.status'), <StatusBadge status={found.status} />],
              [t('report.statusMeaning'), label('reportStatusText', found.status)],
              [t('report.receivedAt'), formatDateTime(found.receivedAt)],
              [t('report.updatedAt'), formatDateTime(found.updatedAt)],
            ]}
          />
        </Section>
      )}
    </Page>
  );
}
