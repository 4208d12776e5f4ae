// Office: retention assessments of an incident's personal data (rules 16-17). After the response ends each purpose's
// data is destroyed unless a recorded legality, necessity and security assessment keeps it, until a date; open
// compensation cases keep theirs by statute. Recording one, and ending one early.
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../../api/client.ts';
import { usePaged } from '../../../api/paging.ts';
import { PURPOSES, RETENTION_GROUNDS, type RetentionAssessment } from '../../../api/types.ts';
import { formatDate, formatDateTime, label, t } from '../../../i18n/index.ts';
import { StatusBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { CheckboxGroup, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { Success } from '../../../ui/Notice.tsx';
import { Page, Section } from '../../../ui/Page.tsx';
import { PagedList } from '../../../ui/PagedList.tsx';
import { Facts } from '../../../ui/Table.tsx';

const assessmentsPath = (incidentId: string, rest = '') => `/v1/incidents/${encodeURIComponent(incidentId)}/retention-assessments${rest}`;

function RecordForm({ incidentId, onDone }: { incidentId: string; onDone(): void }) {
  const blank = (): Values => ({ purposes: [] as string[], grounds: [] as string[], legality: '', necessity: '', security: '', retainUntil: '', key: newIdempotencyKey() });
  const form = useForm<Values>(blank);
  return (
    <Form
      form={form}
      labelledBy="retention-new"
      submitLabel={t('retention.record')}
      onSubmit={async (v) => {
        const body = { purposes: v['purposes'], grounds: v['grounds'], legality: String(v['legality']), necessity: String(v['necessity']), security: String(v['security']), retainUntil: String(v['retainUntil']) };
        await call<RetentionAssessment>('POST', assessmentsPath(incidentId), { body, idempotencyKey: String(v['key']) });
        form.reset(blank());
        onDone();
      }}
    >
      <CheckboxGroup name="purposes" label={t('retention.purposes')} hint={t('hint.purposes')} options={PURPOSES.map((p) => ({ value: p, label: label('purpose', p) }))} />
      <CheckboxGroup name="grounds" label={t('retention.grounds')} options={RETENTION_GROUNDS.filter((g) => g !== 'compensation-duty').map((g) => ({ value: g, label: label('ground', g) }))} />
      <TextArea name="legality" label={t('retention.legality')} required hint={t('hint.legality')} />
      <TextArea name="necessity" label={t('retention.necessity')} required hint={t('hint.necessity')} />
      <TextArea name="security" label={t('retention.security')} required hint={t('hint.security')} />
      <TextField name="retainUntil" type="date" label={t('retention.retainUntil')} required hint={t('hint.retainUntil')} />
    </Form>
  );
}

function EndDialog({ a, onDone, onClose }: { a: RetentionAssessment; onDone(): void; onClose(): void }) {
  const form = useForm<Values>({ reason: '' });
  return (
    <Dialog open title={t('retention.end')} onClose={onClose}>
      <p>{t('retention.endText')}</p>
      <Form
        form={form}
        submitLabel={t('retention.end')}
        onSubmit={async (v) => {
          await call('POST', assessmentsPath(a.incidentId, `/${encodeURIComponent(a.assessmentId)}/end`), { body: { reason: String(v['reason']) } });
          onDone();
        }}
      >
        <TextArea name="reason" label={t('field.reason')} required />
      </Form>
    </Dialog>
  );
}

export function RetentionPage({ params }: { params: Record<string, string> }) {
  const incidentId = params['incidentId']!;
  const [generation, setGeneration] = useState(0);
  const [ending, setEnding] = useState<RetentionAssessment | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = usePaged<RetentionAssessment>(assessmentsPath(incidentId), {}, { refresh: generation });
  const changed = (msg: string) => {
    setMessage(msg);
    setGeneration((g) => g + 1);
  };
  return (
    <Page title={t('page.retention')} lead={<p>{t('retention.lead')}</p>}>
      <p>
        <a href={`#/office/incidents/${encodeURIComponent(incidentId)}`}>{t('incident.back')}</a>
      </p>
      {message && <Success>{message}</Success>}
      <Section title={t('retention.list')} id="retention-list">
        <PagedList list={list} empty={t('retention.none')}>
          {(items) => (
            <div>
              {items.map((a) => (
                <article class="card" key={a.assessmentId}>
                  <div class="card-head">
                    <StatusBadge status={a.status} />
                    <h3 class="card-title">{a.basis === 'statutory' ? t('retention.statutory') : t('retention.recorded')}</h3>
                  </div>
                  <Facts
                    items={[
                      [t('retention.purposes'), a.purposes.map((p) => label('purpose', p)).join(', ')],
                      [t('retention.grounds'), a.grounds.map((g) => label('ground', g)).join(', ')],
                      [t('retention.retainUntil'), a.retainUntil ? formatDate(a.retainUntil) : t('retention.whileCaseOpen')],
                      [t('retention.recordedAt'), `${formatDateTime(a.recordedAt)}${a.recordedBy ? ` · ${a.recordedBy.division} ${label('gov', a.recordedBy.level)}` : ''}`],
                      ...(a.case ? ([[t('retention.case'), <a href={`#/office/claims/${encodeURIComponent(a.case.claimId)}`}>{label('status', a.case.claimStatus)}</a>]] as [string, ComponentChild][]) : []),
                      [t('retention.legality'), a.legality],
                      [t('retention.necessity'), a.necessity],
                      [t('retention.security'), a.security],
                      ...(a.ended ? ([[t('retention.ended'), `${formatDateTime(a.ended.at)} · ${a.ended.reason}`]] as [string, string][]) : []),
                    ]}
                  />
                  {a.basis === 'recorded' && a.status === 'in-force' && (
                    <Button variant="danger" onClick={() => setEnding(a)}>
                      {t('retention.end')}
                    </Button>
                  )}
                </article>
              ))}
            </div>
          )}
        </PagedList>
      </Section>
      <Section title={t('retention.new')} id="retention-new">
        <RecordForm incidentId={incidentId} onDone={() => changed(t('retention.recordedDone'))} />
      </Section>
      {ending && (
        <EndDialog
          a={ending}
          onClose={() => setEnding(null)}
          onDone={() => {
            setEnding(null);
            changed(t('retention.endedDone'));
          }}
        />
      )}
    </Page>
  );
}
