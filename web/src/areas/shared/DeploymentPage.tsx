// One deployment (调用) under unified command (rules 21-22), as the office in command, the organisation and a volunteer
// asked each see it: the task, dates and place, who was asked and how each answered, arrival, withdrawal and hours.
// The organisation answers for its members and a volunteer for themself (no forced assignment); the office stands it
// down; once stood down the organisation claims its compensation.
import { useState } from 'preact/hooks';
import { call } from '../../api/client.ts';
import { usePaged, useRecordSteps } from '../../api/paging.ts';
import type { Deployment, Volunteer } from '../../api/types.ts';
import { cstInputToIso, cstToday, isoToCstInput } from '../../format.ts';
import { formatDate, formatDateTime, formatNumber, label, t } from '../../i18n/index.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { Badge, StatusBadge } from '../../ui/Badge.tsx';
import { Button, ButtonLink } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { CheckboxGroup, Select, TextArea, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { ProblemNotice, Progress, Success } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { blankRows, readRows, RowGroups, useRows } from '../../ui/Rows.tsx';
import { Facts, Table } from '../../ui/Table.tsx';
import { Masked } from '../office/Reveal.tsx';
import { deploymentActions, type DeploymentAction, type DeploymentArea } from './steps.ts';

export const deploymentPath = (id: string, rest = '') => `/v1/deployments/${encodeURIComponent(id)}${rest}`;
function ActionDialog({ d, action, area, names, etag, onDone, onClose }: { d: Deployment; action: DeploymentAction; area: DeploymentArea; names: Map<string, string>; etag: string | undefined; onDone(next: Deployment): void; onClose(): void }) {
  const pending = d.people.filter((p) => p.answer === 'pending').map((p) => p.volunteerId);
  const went = d.people.filter((p) => p.answer === 'accepted').map((p) => p.volunteerId);
  const today = cstToday();
  const lastDay = d.to < today ? d.to : today;
  const hourRow = { volunteerId: went[0] ?? '', date: lastDay, hours: '' };
  // The time field shows minutes; left as it was filled in, it means "now" to the second (an answer of this same
  // minute must not look later than the arrival).
  const [opened] = useState(() => isoToCstInput(new Date()));
  const form = useForm<Values>(() => ({
    volunteerIds: pending,
    at: opened,
    reason: '',
    ...blankRows('entries', hourRow, went.length ? went.map((v) => ({ ...hourRow, volunteerId: v })) : 1),
  }));
  const rows = useRows(form, 'entries', hourRow, Math.max(1, went.length));
  const who = (id: string) => names.get(id) ?? id;
  const title = t(`deploymentAction.${action}` as 'deploymentAction.accept');
  return (
    <Dialog open title={title} onClose={onClose}>
      {action === 'decline' && <p>{t('deployment.declineText')}</p>}
      <Form
        form={form}
        submitLabel={title}
        onSubmit={async (v) => {
          let body: Record<string, unknown>;
          if (action === 'accept' || action === 'decline') body = area === 'org' ? { action, volunteerIds: v['volunteerIds'] } : { action };
          else if (action === 'arrive' || action === 'withdraw') body = { action, at: String(v['at']) === opened ? new Date().toISOString() : (cstInputToIso(String(v['at'])) ?? String(v['at'])) };
          else if (action === 'record-hours') {
            body = {
              action,
              entries: readRows(v, 'entries', ['volunteerId', 'date', 'hours'], rows.count).map((e) => ({ volunteerId: e['volunteerId'], date: e['date'], hours: e['hours']!.trim() === '' ? Number.NaN : Number(e['hours']) })),
            };
          } else {
            const reason = String(v['reason']).trim();
            body = { action, ...(reason ? { reason } : {}) };
          }
          const r = await call<Deployment>('POST', deploymentPath(d.deploymentId, '/transitions'), { body, ...(etag ? { ifMatch: etag } : {}) });
          onDone(r.data);
        }}
      >
        {(action === 'accept' || action === 'decline') && area === 'org' && (
          <CheckboxGroup name="volunteerIds" label={t('deployment.answerFor')} options={pending.map((id) => ({ value: id, label: who(id) }))} />
        )}
        {(action === 'arrive' || action === 'withdraw') && <TextField name="at" type="datetime-local" label={t(action === 'arrive' ? 'deployment.arrivedAt' : 'deployment.withdrawnAt')} required hint={t('hint.cst')} />}
        {action === 'record-hours' && (
          <RowGroups rows={rows} legend={(n) => t('deployment.entryN', { n: n + 1 })} max={60}>
            {(n) => (
              <>
                <Select name={`entries.${n}.volunteerId`} label={t('deployment.volunteer')} required options={went.map((id) => ({ value: id, label: who(id) }))} />
                <TextField name={`entries.${n}.date`} type="date" label={t('deployment.date')} required />
                <TextField name={`entries.${n}.hours`} label={t('deployment.hours')} required inputMode="decimal" hint={t('hint.quarterHours')} />
              </>
            )}
          </RowGroups>
        )}
        {action === 'stand-down' && <TextArea name="reason" label={t('field.reasonOptional')} />}
      </Form>
    </Dialog>
  );
}

export function DeploymentPage({ params, area }: { params: Record<string, string>; area: DeploymentArea }) {
  const id = params['deploymentId']!;
  const { res, pending, setPending, message, done } = useRecordSteps<Deployment, DeploymentAction>(deploymentPath(id));
  const s = useStore(session);
  // The organisation's roster names its members; others see the volunteers' numbers.
  const roster = usePaged<Volunteer>(area === 'org' && s?.orgId ? `/v1/organizations/${encodeURIComponent(s.orgId)}/volunteers` : null, {}, { limit: 100 });
  const names = new Map(roster.items.map((v) => [v.volunteerId, v.name]));
  const d = res.data;
  return (
    <Page title={d ? d.task.title : t('page.deployment')}>
      {res.loading && !d && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {d && (
        <>
          <Facts
            items={[
              [t('deployment.status'), <StatusBadge status={d.status} prefix="deploymentStatus" />],
              [t('deployment.kind'), `${label('capability', d.task.kind)}${d.task.risky ? ` · ${t('deployment.risky')}` : ''}`],
              [t('deployment.dates'), `${formatDate(d.from)} – ${formatDate(d.to)}`],
              [t('deployment.place'), d.place],
              [t('deployment.reportTo'), d.reportTo],
              [t('deployment.requestedBy'), `${d.requestedBy.division} · ${label('gov', d.requestedBy.level)} · ${formatDateTime(d.requestedAt)}`],
              [t('deployment.incident'), area === 'office' ? <a href={`#/office/incidents/${encodeURIComponent(d.incidentId)}`}>{d.incidentId}</a> : d.incidentId],
              [t('deployment.organization'), d.organizationId ?? t('deployment.selfRegistered')],
              [t('deployment.requiredQualifications'), d.task.requiredQualifications.length ? d.task.requiredQualifications.map((q) => label('qualification', q)).join(', ') : '—'],
              ...(d.arrivedAt ? ([[t('deployment.arrivedAt'), formatDateTime(d.arrivedAt)]] as [string, string][]) : []),
              ...(d.withdrawnAt ? ([[t('deployment.withdrawnAt'), formatDateTime(d.withdrawnAt)]] as [string, string][]) : []),
              ...(d.stoodDownAt ? ([[t('deployment.stoodDownAt'), `${formatDateTime(d.stoodDownAt)}${d.standDownReason ? ` · ${d.standDownReason}` : ''}`]] as [string, string][]) : []),
              [t('deployment.totalHours'), formatNumber(d.totalHours)],
            ]}
          />
          <Section title={t('deployment.actions')} id="deployment-actions">
            <div class="button-row">
              {deploymentActions(d, area).map((a) => (
                <Button key={a} variant={a === 'accept' ? 'primary' : a === 'decline' || a === 'stand-down' ? 'danger' : 'secondary'} onClick={() => setPending(a)}>
                  {t(`deploymentAction.${a}` as 'deploymentAction.accept')}
                </Button>
              ))}
              {area === 'org' && d.status === 'stood-down' && d.organizationId && (
                <ButtonLink variant="primary" href={`#/org/deployments/${encodeURIComponent(d.deploymentId)}/claim`}>
                  {t('deployment.claim')}
                </ButtonLink>
              )}
              {deploymentActions(d, area).length === 0 && !(area === 'org' && d.status === 'stood-down') && <p class="muted">{t('plan.noActions')}</p>}
            </div>
          </Section>
          <Section title={t('deployment.people')} id="deployment-people">
            <Table
              caption={t('deployment.people')}
              rows={d.people}
              rowKey={(p) => p.volunteerId}
              columns={[
                { header: t('deployment.volunteer'), cell: (p) => names.get(p.volunteerId) ?? p.volunteerId },
                {
                  // The roster copied for this response (masked; `destroyed` after it): an office reveals a phone, logged.
                  header: t('deployment.contact'),
                  cell: (p) => {
                    const c = d.contacts.find((x) => x.volunteerId === p.volunteerId);
                    if (!c) return '—';
                    return area === 'office' ? (
                      <>
                        {c.name} · <Masked kind="deployment" id={d.deploymentId} field={`contacts.${c.volunteerId}.phone`} fieldLabel={t('deployment.contactPhone')} masked={c.phone} />
                      </>
                    ) : (
                      `${c.name} · ${c.phone}`
                    );
                  },
                },
                { header: t('deployment.answer'), cell: (p) => <StatusBadge status={p.answer} prefix="answer" /> },
                { header: t('deployment.answeredAt'), cell: (p) => (p.answeredAt ? formatDateTime(p.answeredAt) : '—') },
                { header: t('deployment.hours'), cell: (p) => formatNumber(d.hours.filter((h) => h.volunteerId === p.volunteerId).reduce((n, h) => n + h.hours, 0)), numeric: true },
              ]}
            />
          </Section>
          {d.hours.length > 0 && (
            <Section title={t('deployment.hoursRecorded')} id="deployment-hours">
              <Table
                caption={t('deployment.hoursRecorded')}
                rows={d.hours}
                rowKey={(h) => `${h.volunteerId}:${h.date}:${h.recordedAt}`}
                columns={[
                  { header: t('deployment.volunteer'), cell: (h) => names.get(h.volunteerId) ?? h.volunteerId },
                  { header: t('deployment.date'), cell: (h) => formatDate(h.date) },
                  { header: t('deployment.hours'), cell: (h) => formatNumber(h.hours), numeric: true },
                  { header: t('deployment.recordedAt'), cell: (h) => formatDateTime(h.recordedAt) },
                ]}
              />
            </Section>
          )}
          {d.task.risky && <p class="small muted"><Badge tone="attention">{t('deployment.risky')}</Badge> {t('deployment.riskyText')}</p>}
          {pending && (
            <ActionDialog
              d={d}
              action={pending}
              area={area}
              names={names}
              etag={res.etag}
              onClose={() => setPending(null)}
              onDone={(next) => done(next, t('deployment.done', { status: label('deploymentStatus', next.status) }))}
            />
          )}
        </>
      )}
    </Page>
  );
}
