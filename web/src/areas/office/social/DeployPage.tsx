// Office: deploy a social force or self-registered volunteers for a task under the incident's active response
// (rules 21-22): the organisation's members or consenting volunteers found by skill, the task (risky or not, the
// qualifications it needs), dates, place and whom to report to. The API checks insurance, qualifications, overlaps
// and the registration; nobody is assigned without their own answer. A deployment also opens by its number.
import { call, newIdempotencyKey } from '../../../api/client.ts';
import { usePaged } from '../../../api/paging.ts';
import { CAPABILITIES, QUALIFICATION_KINDS, SKILLS, type Deployment, type OrganizationSummary, type Volunteer, type VolunteerSearchHit } from '../../../api/types.ts';
import { cstToday } from '../../../format.ts';
import { label, t } from '../../../i18n/index.ts';
import { navigate } from '../../../router.ts';
import { session } from '../../../session.ts';
import { useStore } from '../../../store.ts';
import { Checkbox, CheckboxGroup, Select, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { Progress } from '../../../ui/Notice.tsx';
import { Page, Section } from '../../../ui/Page.tsx';
import { OpenByNumber } from '../../shared/OpenByNumber.tsx';
import { deploymentPath } from '../../shared/DeploymentPage.tsx';
import { organizationPath } from '../../shared/organizations.tsx';
import { daysUntil } from '../../shared/expiry.ts';

const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function DeployPage({ params }: { params: Record<string, string> }) {
  const incidentId = params['incidentId']!;
  const s = useStore(session);
  const today = cstToday();
  const form = useForm<Values>({
    target: 'organization',
    organizationId: '',
    skill: '',
    volunteerIds: [] as string[],
    'task.title': '',
    'task.kind': 'water-rescue',
    'task.risky': true,
    'task.requiredQualifications': [] as string[],
    from: today,
    to: addDays(today, 2),
    place: '',
    reportTo: '',
    key: '',
  });
  const target = String(form.values['target']);
  const orgId = String(form.values['organizationId']);
  const orgs = usePaged<OrganizationSummary>(target === 'organization' ? '/v1/organizations' : null, { status: 'registered' }, { limit: 100 });
  const roster = usePaged<Volunteer>(target === 'organization' && orgId ? organizationPath(orgId, '/volunteers') : null, {}, { limit: 100 });
  const hits = usePaged<VolunteerSearchHit>(target === 'volunteers' && s?.division ? '/v1/volunteers' : null, { division: s?.division, skill: String(form.values['skill']) }, { limit: 100 });
  const insuredNote = (p: { coversTo: string }[]) => (p.some((x) => daysUntil(x.coversTo) >= 0) ? '' : ` (${t('volunteer.noInsurance')})`);
  const people =
    target === 'organization'
      ? roster.items.map((v) => ({ value: v.volunteerId, label: `${v.name}${insuredNote(v.insurance)}` }))
      : hits.items.map((v) => ({ value: v.volunteerId, label: `${v.name} · ${v.skills.map((k) => label('skill', k)).join(', ')}` }));
  return (
    <Page title={t('page.deploy')} lead={<p>{t('deployment.deployLead')}</p>}>
      <p>
        <a href={`#/office/incidents/${encodeURIComponent(incidentId)}`}>{t('incident.back')}</a>
      </p>
      <Section title={t('deployment.new')} id="deploy-new">
        <Form
          form={form}
          labelledBy="deploy-new"
          submitLabel={t('deployment.request')}
          onSubmit={async (v) => {
            const key = String(v['key']) || newIdempotencyKey();
            form.set('key', key);
            const body = {
              ...(target === 'organization' ? { organizationId: String(v['organizationId']) } : {}),
              // Only people of the list shown now: ticks left from another organisation or search do not go.
              volunteerIds: (v['volunteerIds'] as string[]).filter((id) => people.some((p) => p.value === id)),
              task: { title: String(v['task.title']), kind: v['task.kind'], risky: v['task.risky'] === true, requiredQualifications: v['task.requiredQualifications'] },
              from: String(v['from']),
              to: String(v['to']),
              place: String(v['place']),
              reportTo: String(v['reportTo']),
            };
            const d = await call<Deployment>('POST', `/v1/incidents/${encodeURIComponent(incidentId)}/deployments`, { body, idempotencyKey: key });
            navigate(`/office/deployments/${encodeURIComponent(d.data.deploymentId)}`);
          }}
        >
          <div class="field-grid">
            <Select name="target" label={t('deployment.target')} required options={[{ value: 'organization', label: t('deployment.target.organization') }, { value: 'volunteers', label: t('deployment.target.volunteers') }]} />
            {target === 'organization' ? (
              <Select name="organizationId" label={t('deployment.organization')} required options={[{ value: '', label: orgs.loading ? t('list.loading') : t('deployment.chooseOrganization') }, ...orgs.items.map((o) => ({ value: o.organizationId, label: o.name }))]} />
            ) : (
              <Select name="skill" label={t('deployment.skill')} options={[{ value: '', label: t('filter.any') }, ...SKILLS.map((k) => ({ value: k, label: label('skill', k) }))]} />
            )}
          </div>
          {(roster.loading || hits.loading) && <Progress>{t('list.loading')}</Progress>}
          <CheckboxGroup name="volunteerIds" label={t('deployment.people')} hint={target === 'volunteers' ? t('hint.searchMasked') : t('hint.chooseMembers')} options={people} />
          <div class="field-grid">
            <TextField name="task.title" label={t('deployment.task')} required />
            <Select name="task.kind" label={t('deployment.kind')} required options={CAPABILITIES.map((c) => ({ value: c, label: label('capability', c) }))} />
            <TextField name="from" type="date" label={t('deployment.from')} required />
            <TextField name="to" type="date" label={t('deployment.to')} required />
          </div>
          <Checkbox name="task.risky" label={t('deployment.riskyTask')} hint={t('deployment.riskyText')} />
          <CheckboxGroup name="task.requiredQualifications" label={t('deployment.requiredQualifications')} options={QUALIFICATION_KINDS.map((k) => ({ value: k, label: label('qualification', k) }))} />
          <TextField name="place" label={t('deployment.place')} required />
          <TextField name="reportTo" label={t('deployment.reportTo')} required />
        </Form>
      </Section>
      <Section title={t('deployment.openByNumber')} id="deploy-open">
        <OpenByNumber label={t('deployment.number')} path={(id) => deploymentPath(id)} href={(id) => `/office/deployments/${encodeURIComponent(id)}`} />
      </Section>
    </Page>
  );
}
