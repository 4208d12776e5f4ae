// Office: report an incident (POST /v1/incidents). Made offline, the report waits in this browser with the
// Idempotency-Key of its first submission and goes when the connection returns; the page says what is waiting.
import { useEffect, useState } from 'preact/hooks';
import { newIdempotencyKey } from '../../api/client.ts';
import type { Incident } from '../../api/types.ts';
import { count, cstInputToIso, isoToCstInput, yuanToFen } from '../../format.ts';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { OutboxPanel } from '../../offline/OutboxPanel.tsx';
import { onDelivered, outbox, submitOrQueue } from '../../offline/queue.ts';
import { FieldGroup, Select, TextArea, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { Success } from '../../ui/Notice.tsx';
import { Page } from '../../ui/Page.tsx';
import { categoryOptions, responseLevelOptions } from './options.ts';

export const INCIDENT_REPORTS = 'incident-report';
export const incidentOutbox = () => outbox(INCIDENT_REPORTS);

const blank = (division: string): Values => ({
  category: 'natural-disaster',
  type: '',
  title: '',
  divisionCode: division,
  occurredAt: isoToCstInput(new Date()),
  'location.address': '',
  'location.lat': '',
  'location.lng': '',
  'casualties.deaths': '0',
  'casualties.missing': '0',
  'casualties.injured': '0',
  'casualties.seriouslyInjured': '0',
  directLossFen: '0',
  affectedPopulation: '0',
  description: '',
  'severityOverride.level': '',
  'severityOverride.reason': '',
});

const num = (s: string) => {
  const v = s.trim();
  return v === '' ? Number.NaN : Number(v);
};

/** The API body from what was typed; malformed numbers go as null so the API names their field. */
export function reportBody(v: Values) {
  const s = (k: string) => String(v[k] ?? '');
  const override = s('severityOverride.level');
  return {
    category: s('category'),
    type: s('type'),
    title: s('title'),
    divisionCode: s('divisionCode').trim(),
    occurredAt: cstInputToIso(s('occurredAt')) ?? s('occurredAt'),
    location: { lat: num(s('location.lat')), lng: num(s('location.lng')), address: s('location.address') },
    casualties: {
      deaths: count(s('casualties.deaths')) ?? 0,
      missing: count(s('casualties.missing')) ?? 0,
      injured: count(s('casualties.injured')) ?? 0,
      seriouslyInjured: count(s('casualties.seriouslyInjured')) ?? 0,
    },
    directLossFen: s('directLossFen').trim() === '' ? 0 : (yuanToFen(s('directLossFen')) ?? Number.NaN),
    affectedPopulation: count(s('affectedPopulation')) ?? 0,
    description: s('description'),
    ...(override ? { severityOverride: { level: override, reason: s('severityOverride.reason') } } : {}),
  };
}

export function IncidentReportPage() {
  const s = useStore(session);
  const box = incidentOutbox();
  const form = useForm<Values>(() => ({ ...blank(s?.division ?? ''), key: '' }));
  const [note, setNote] = useState<string | null>(null);
  const [sentLinks, setSentLinks] = useState<Incident[]>([]);
  useEffect(
    () =>
      onDelivered((d) => {
        if (d.submission.kind === INCIDENT_REPORTS) setSentLinks((l) => [...l, d.result as Incident]);
      }),
    [],
  );
  return (
    <Page title={t('page.reportIncident')} lead={<p>{t('incident.reportLead')}</p>}>
      <OutboxPanel box={box} />
      {note && <Success>{note}</Success>}
      {sentLinks.length > 0 && (
        <Success>
          <p>{t('outbox.delivered', { n: sentLinks.length })}</p>
          <ul>
            {sentLinks.map((i) => (
              <li key={i.incidentId}>
                <a href={`#/office/incidents/${encodeURIComponent(i.incidentId)}`}>{i.title}</a>
              </li>
            ))}
          </ul>
        </Success>
      )}
      <Form
        form={form}
        labelledBy="page-title"
        submitLabel={t('incident.submitReport')}
        onSubmit={async (v) => {
          setNote(null);
          // The key is made at the first submit and kept until this report is sent or queued.
          const key = String(v['key']) || newIdempotencyKey();
          form.set('key', key);
          const body = reportBody(v);
          const outcome = await submitOrQueue<Incident>(box, { kind: INCIDENT_REPORTS, method: 'POST', path: '/v1/incidents', body, idempotencyKey: key, summary: body.title || t('incident.untitled') });
          if (outcome.sent) {
            navigate(`/office/incidents/${encodeURIComponent(outcome.result.incidentId)}`);
          } else {
            form.reset({ ...blank(s?.division ?? ''), key: '' });
            setNote(t('outbox.queued'));
          }
        }}
      >
        <div class="field-grid">
          <Select name="category" label={t('incident.category')} required options={categoryOptions()} />
          <TextField name="type" label={t('incident.type')} required hint={t('hint.incidentType')} />
        </div>
        <TextField name="title" label={t('incident.title')} required />
        <div class="field-grid">
          <TextField name="divisionCode" label={t('plan.division')} required inputMode="numeric" hint={t('hint.division')} />
          <TextField name="occurredAt" type="datetime-local" label={t('incident.occurredAt')} required hint={t('hint.cst')} />
        </div>
        <FieldGroup legend={t('incident.location')}>
          <TextField name="location.address" label={t('incident.address')} required />
          <TextField name="location.lat" label={t('incident.lat')} inputMode="decimal" required hint={t('hint.lat')} />
          <TextField name="location.lng" label={t('incident.lng')} inputMode="decimal" required hint={t('hint.lng')} />
        </FieldGroup>
        <FieldGroup legend={t('incident.figures')}>
          <TextField name="casualties.deaths" label={t('metric.deaths')} inputMode="numeric" />
          <TextField name="casualties.missing" label={t('metric.missing')} inputMode="numeric" />
          <TextField name="casualties.injured" label={t('metric.injured')} inputMode="numeric" />
          <TextField name="casualties.seriouslyInjured" label={t('metric.seriouslyInjured')} inputMode="numeric" />
          <TextField name="directLossFen" label={t('metric.directLossFen')} inputMode="decimal" hint={t('hint.yuan')} />
          <TextField name="affectedPopulation" label={t('metric.affectedPopulation')} inputMode="numeric" />
        </FieldGroup>
        <TextArea name="description" label={t('incident.description')} required rows={4} />
        <FieldGroup legend={t('incident.override')} hint={t('hint.override')}>
          <Select name="severityOverride.level" label={t('incident.overrideLevel')} options={responseLevelOptions(t('incident.noOverride'))} />
          <TextField name="severityOverride.reason" label={t('field.reason')} />
        </FieldGroup>
      </Form>
    </Page>
  );
}
