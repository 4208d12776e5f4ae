// A volunteer's record as the volunteer and their organisation keep it (rules 19-21): who (in the clear or masked, as
// rule 20 allows this reader), skills and availability, qualifications, training and insurance with what expires soon,
// the service record with hours, and the free service certificate (Volunteer Service Regulations Art 19).
import type { ComponentChild } from 'preact';
import { useState } from 'preact/hooks';
import { call } from '../../api/client.ts';
import { useResource, type Paged } from '../../api/paging.ts';
import { QUALIFICATION_KINDS, SKILLS, type ServiceRecord, type Volunteer } from '../../api/types.ts';
import { formatDate, formatDateTime, formatNumber, label, t } from '../../i18n/index.ts';
import { Badge, Flag, StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { saveDocument } from '../../ui/download.ts';
import { Checkbox, CheckboxGroup, Select, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { ProblemNotice, Success } from '../../ui/Notice.tsx';
import { Section } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { Facts, Table } from '../../ui/Table.tsx';
import { currentPolicy, daysUntil, EXPIRY_NOTICE_DAYS, volunteerWarnings } from './expiry.ts';


export const volunteerPath = (id: string, rest = '') => `/v1/volunteers/${encodeURIComponent(id)}${rest}`;

export function expiryBadge(date: string): ComponentChild {
  const days = daysUntil(date);
  if (days < 0) return <Flag>{t('volunteer.expired', { date: formatDate(date) })}</Flag>;
  if (days <= EXPIRY_NOTICE_DAYS) return <Badge tone="attention">{t('volunteer.expiresSoon', { date: formatDate(date), days })}</Badge>;
  return <Badge tone="good">{t('volunteer.validUntil', { date: formatDate(date) })}</Badge>;
}

export const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export const weekdayText = (days: number[]) => days.map((d) => t(`weekday.${d}` as 'weekday.1')).join(' ');

export const registrationBlank = (division: string): Values => ({
  name: '',
  idNumber: '',
  phone: '',
  skills: [] as string[],
  'availability.weekdays': [] as string[],
  'availability.notes': '',
  divisionCode: division,
  consentToShare: false,
  key: '',
});

export function registrationBody(v: Values) {
  const notes = String(v['availability.notes']).trim();
  return {
    name: String(v['name']),
    idNumber: String(v['idNumber']).trim().toUpperCase(),
    phone: String(v['phone']).replace(/[\s-]/g, ''),
    skills: v['skills'] as string[],
    availability: { weekdays: (v['availability.weekdays'] as string[]).map(Number).sort(), ...(notes ? { notes } : {}) },
    divisionCode: String(v['divisionCode']).trim(),
    consentToShare: v['consentToShare'] === true,
  };
}

/** Rule 19: identity, skills, availability and contact; rule 20: sharing with offices only with consent. */
export function RegistrationFields() {
  return (
    <>
      <div class="field-grid">
        <TextField name="name" label={t('volunteer.name')} required autoComplete="off" />
        <TextField name="idNumber" label={t('volunteer.idNumber')} required autoComplete="off" hint={t('hint.idNumber')} />
        <TextField name="phone" label={t('volunteer.phone')} required type="tel" autoComplete="off" hint={t('hint.mobile')} />
        <TextField name="divisionCode" label={t('plan.division')} required inputMode="numeric" hint={t('hint.division')} />
      </div>
      <CheckboxGroup name="skills" label={t('volunteer.skills')} options={SKILLS.map((s) => ({ value: s, label: label('skill', s) }))} />
      <CheckboxGroup name="availability.weekdays" label={t('volunteer.weekdays')} options={WEEKDAYS.map((d) => ({ value: d, label: t(`weekday.${d}` as 'weekday.1') }))} />
      <TextField name="availability.notes" label={t('volunteer.availabilityNotes')} />
      <Checkbox name="consentToShare" label={t('volunteer.consent')} hint={t('hint.consent')} />
    </>
  );
}

function QualificationForm({ v, onDone }: { v: Volunteer; onDone(next: Volunteer): void }) {
  const form = useForm<Values>({ kind: 'first-aid', certificateNo: '', issuer: '', validFrom: '', validUntil: '' });
  return (
    <Form
      form={form}
      submitLabel={t('volunteer.addQualification')}
      onSubmit={async (x) => {
        const from = String(x['validFrom']);
        const body = { kind: x['kind'], certificateNo: String(x['certificateNo']), issuer: String(x['issuer']), ...(from ? { validFrom: from } : {}), validUntil: String(x['validUntil']) };
        onDone((await call<Volunteer>('POST', volunteerPath(v.volunteerId, '/qualifications'), { body })).data);
        form.reset({ kind: 'first-aid', certificateNo: '', issuer: '', validFrom: '', validUntil: '' });
      }}
    >
      <div class="field-grid">
        <Select name="kind" label={t('volunteer.qualificationKind')} required options={QUALIFICATION_KINDS.map((k) => ({ value: k, label: label('qualification', k) }))} />
        <TextField name="certificateNo" label={t('volunteer.certificateNo')} required />
        <TextField name="issuer" label={t('volunteer.issuer')} required />
        <TextField name="validFrom" type="date" label={t('volunteer.validFrom')} />
        <TextField name="validUntil" type="date" label={t('volunteer.validUntilLabel')} required />
      </div>
    </Form>
  );
}

function TrainingForm({ v, onDone }: { v: Volunteer; onDone(next: Volunteer): void }) {
  const blank = { course: '', provider: '', completedOn: '', hours: '' };
  const form = useForm<Values>(blank);
  return (
    <Form
      form={form}
      submitLabel={t('volunteer.addTraining')}
      onSubmit={async (x) => {
        const hours = String(x['hours']).trim();
        const body = { course: String(x['course']), provider: String(x['provider']), completedOn: String(x['completedOn']), hours: hours === '' ? Number.NaN : Number(hours) };
        onDone((await call<Volunteer>('POST', volunteerPath(v.volunteerId, '/training'), { body })).data);
        form.reset(blank);
      }}
    >
      <div class="field-grid">
        <TextField name="course" label={t('volunteer.course')} required />
        <TextField name="provider" label={t('volunteer.provider')} required />
        <TextField name="completedOn" type="date" label={t('volunteer.completedOn')} required />
        <TextField name="hours" label={t('volunteer.trainingHours')} required inputMode="decimal" hint={t('hint.quarterHours')} />
      </div>
    </Form>
  );
}

export const policyBlank = { policyNo: '', insurer: '', coversFrom: '', coversTo: '' };
export const policyBody = (x: Values) => ({ policyNo: String(x['policyNo']), insurer: String(x['insurer']), kind: 'personal-accident', coversFrom: String(x['coversFrom']), coversTo: String(x['coversTo']) });

export function PolicyFields() {
  return (
    <div class="field-grid">
      <TextField name="policyNo" label={t('insurance.policyNo')} required />
      <TextField name="insurer" label={t('insurance.insurer')} required />
      <TextField name="coversFrom" type="date" label={t('insurance.coversFrom')} required />
      <TextField name="coversTo" type="date" label={t('insurance.coversTo')} required />
    </div>
  );
}

function InsuranceForm({ v, onDone }: { v: Volunteer; onDone(next: Volunteer): void }) {
  const form = useForm<Values>(policyBlank);
  return (
    <Form
      form={form}
      submitLabel={t('insurance.add')}
      onSubmit={async (x) => {
        onDone((await call<Volunteer>('POST', volunteerPath(v.volunteerId, '/insurance'), { body: policyBody(x) })).data);
        form.reset(policyBlank);
      }}
    >
      <p class="field-hint">{t('insurance.personalAccident')}</p>
      <PolicyFields />
    </Form>
  );
}

export function ServiceRecordView({ volunteerId, deploymentHref }: { volunteerId: string; deploymentHref(id: string): string }) {
  const res = useResource<ServiceRecord>(volunteerPath(volunteerId, '/service-record'));
  const [problem, setProblem] = useState<string | null>(null);
  const s = res.data;
  return (
    <Section
      title={t('volunteer.serviceRecord')}
      id="volunteer-service"
      actions={
        <Button
          onClick={() => {
            setProblem(null);
            saveDocument(volunteerPath(volunteerId, '/certificate'), `service-certificate-${volunteerId}.html`).catch((err: unknown) => setProblem((err as Error).message));
          }}
        >
          {t('volunteer.certificate')}
        </Button>
      }
    >
      <p class="field-hint">{t('volunteer.certificateHint')}</p>
      {problem && <ProblemNotice problem={{ title: problem, status: 0 }} />}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {s && (
        <>
          <p>{t('volunteer.totals', { hours: formatNumber(s.totalHours), days: s.totalDays })}</p>
          {s.deployments.length === 0 ? (
            <p class="empty">{t('volunteer.noDeployments')}</p>
          ) : (
            <Table
              caption={t('volunteer.serviceRecord')}
              rows={s.deployments}
              rowKey={(d) => d.deploymentId}
              columns={[
                { header: t('deployment.task'), cell: (d) => <a href={deploymentHref(d.deploymentId)}>{d.task.title}</a> },
                { header: t('deployment.kind'), cell: (d) => label('capability', d.task.kind) },
                { header: t('deployment.dates'), cell: (d) => `${formatDate(d.from)} – ${formatDate(d.to)}` },
                { header: t('deployment.status'), cell: (d) => <StatusBadge status={d.status} prefix="deploymentStatus" /> },
                { header: t('deployment.hours'), cell: (d) => formatNumber(d.hours), numeric: true },
              ]}
            />
          )}
        </>
      )}
    </Section>
  );
}

export function VolunteerRecord({ v, onChange, deploymentHref }: { v: Volunteer; onChange(next: Volunteer): void; deploymentHref(id: string): string }) {
  const [message, setMessage] = useState<string | null>(null);
  const changed = (msg: string) => (next: Volunteer) => {
    onChange(next);
    setMessage(msg);
  };
  const warnings = volunteerWarnings(v);
  return (
    <>
      {message && <Success>{message}</Success>}
      {warnings.length > 0 && (
        <div class="notice notice-error" role="status">
          <p class="notice-title">{t('volunteer.attention')}</p>
          <ul>
            {warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        </div>
      )}
      <Facts
        items={[
          [t('volunteer.name'), v.name],
          [t('volunteer.idNumber'), v.idNumber],
          [t('volunteer.phone'), v.phone],
          [t('volunteer.skills'), v.skills.map((s) => label('skill', s)).join(', ')],
          [t('volunteer.weekdays'), `${weekdayText(v.availability.weekdays)}${v.availability.notes ? ` · ${v.availability.notes}` : ''}`],
          [t('plan.division'), v.divisionCode],
          [t('volunteer.consentShort'), v.consentToShare ? t('volunteer.consentYes') : t('volunteer.consentNo')],
          [t('volunteer.registeredAt'), formatDateTime(v.registeredAt)],
        ]}
      />
      <Section title={t('volunteer.qualifications')} id="volunteer-qualifications">
        {v.qualifications.length === 0 ? (
          <p class="empty">{t('volunteer.noQualifications')}</p>
        ) : (
          <Table
            caption={t('volunteer.qualifications')}
            rows={v.qualifications}
            rowKey={(q) => `${q.kind}:${q.certificateNo}`}
            columns={[
              { header: t('volunteer.qualificationKind'), cell: (q) => label('qualification', q.kind) },
              { header: t('volunteer.certificateNo'), cell: (q) => q.certificateNo },
              { header: t('volunteer.issuer'), cell: (q) => q.issuer },
              { header: t('volunteer.validity'), cell: (q) => expiryBadge(q.validUntil) },
            ]}
          />
        )}
        <details class="disclosure">
          <summary>{t('volunteer.addQualification')}</summary>
          <QualificationForm v={v} onDone={changed(t('volunteer.saved'))} />
        </details>
      </Section>
      <Section title={t('volunteer.training')} id="volunteer-training">
        {v.training.length === 0 ? (
          <p class="empty">{t('volunteer.noTraining')}</p>
        ) : (
          <Table
            caption={t('volunteer.training')}
            rows={v.training}
            rowKey={(x) => `${x.course}:${x.completedOn}`}
            columns={[
              { header: t('volunteer.course'), cell: (x) => x.course },
              { header: t('volunteer.provider'), cell: (x) => x.provider },
              { header: t('volunteer.completedOn'), cell: (x) => formatDate(x.completedOn) },
              { header: t('volunteer.trainingHours'), cell: (x) => formatNumber(x.hours), numeric: true },
            ]}
          />
        )}
        <details class="disclosure">
          <summary>{t('volunteer.addTraining')}</summary>
          <TrainingForm v={v} onDone={changed(t('volunteer.saved'))} />
        </details>
      </Section>
      <Section title={t('insurance.title')} id="volunteer-insurance">
        {v.insurance.length === 0 ? (
          <p class="empty">{t('volunteer.noInsurance')}</p>
        ) : (
          <Table
            caption={t('insurance.title')}
            rows={v.insurance}
            rowKey={(p) => p.policyNo}
            columns={[
              { header: t('insurance.policyNo'), cell: (p) => p.policyNo },
              { header: t('insurance.insurer'), cell: (p) => p.insurer },
              { header: t('insurance.covers'), cell: (p) => `${formatDate(p.coversFrom)} – ${formatDate(p.coversTo)}` },
              { header: t('volunteer.validity'), cell: (p) => expiryBadge(p.coversTo) },
            ]}
          />
        )}
        <details class="disclosure">
          <summary>{t('insurance.add')}</summary>
          <InsuranceForm v={v} onDone={changed(t('volunteer.saved'))} />
        </details>
      </Section>
      <ServiceRecordView volunteerId={v.volunteerId} deploymentHref={deploymentHref} />
    </>
  );
}

/** A roster or search list of volunteers with their expiry warnings. */
export function VolunteerTable({ list, href }: { list: Paged<Volunteer>; href?(id: string): string }) {
  return (
    <PagedList list={list} empty={t('volunteer.none')}>
      {(items) => (
        <Table
          caption={t('page.roster')}
          rows={items}
          rowKey={(v) => v.volunteerId}
          columns={[
            { header: t('volunteer.name'), cell: (v) => (href ? <a href={href(v.volunteerId)}>{v.name}</a> : v.name) },
            { header: t('volunteer.skills'), cell: (v) => v.skills.map((s) => label('skill', s)).join(', ') },
            {
              header: t('insurance.title'),
              cell: (v) => {
                const p = currentPolicy(v.insurance);
                return p ? expiryBadge(p.coversTo) : <Flag>{t('volunteer.noInsurance')}</Flag>;
              },
            },
            {
              header: t('volunteer.qualifications'),
              cell: (v) =>
                v.qualifications.length ? (
                  <ul class="plain">
                    {v.qualifications.map((q) => (
                      <li key={`${q.kind}:${q.certificateNo}`}>
                        {label('qualification', q.kind)} {expiryBadge(q.validUntil)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
    </PagedList>
  );
}
