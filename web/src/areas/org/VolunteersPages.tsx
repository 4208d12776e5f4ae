// Organisation: its volunteers (rule 19) with insurance and qualification expiry warnings, registering one, and one
// volunteer's record (qualifications, training, insurance, service record, certificate).
import { call, newIdempotencyKey } from '../../api/client.ts';
import { usePaged, useResource } from '../../api/paging.ts';
import type { Volunteer } from '../../api/types.ts';
import { t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { ButtonLink } from '../../ui/Button.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page } from '../../ui/Page.tsx';
import { registrationBlank, registrationBody, RegistrationFields, volunteerPath, VolunteerRecord, VolunteerTable } from '../shared/volunteers.tsx';
import { organizationPath } from '../shared/organizations.tsx';

export function RosterPage() {
  const s = useStore(session);
  const list = usePaged<Volunteer>(s?.orgId ? organizationPath(s.orgId, '/volunteers') : null, {});
  return (
    <Page
      title={t('page.roster')}
      lead={<p>{t('volunteer.rosterLead')}</p>}
      actions={
        <ButtonLink variant="primary" href="#/org/volunteers/new">
          {t('volunteer.registerMember')}
        </ButtonLink>
      }
    >
      <VolunteerTable list={list} href={(id) => `#/org/volunteers/${encodeURIComponent(id)}`} />
    </Page>
  );
}

export function RegisterMemberPage() {
  const s = useStore(session);
  const form = useForm<Values>(() => registrationBlank(s?.division ?? ''));
  return (
    <Page title={t('page.registerVolunteer')} lead={<p>{t('volunteer.memberLead')}</p>}>
      <Form
        form={form}
        labelledBy="page-title"
        submitLabel={t('volunteer.register')}
        onSubmit={async (v) => {
          const key = String(v['key']) || newIdempotencyKey();
          form.set('key', key);
          const r = await call<Volunteer>('POST', organizationPath(s?.orgId ?? '', '/volunteers'), { body: registrationBody(v), idempotencyKey: key });
          navigate(`/org/volunteers/${encodeURIComponent(r.data.volunteerId)}`);
        }}
      >
        <RegistrationFields />
      </Form>
    </Page>
  );
}

export function OrgVolunteerPage({ params }: { params: Record<string, string> }) {
  const res = useResource<Volunteer>(volunteerPath(params['volunteerId']!));
  return (
    <Page title={res.data ? res.data.name : t('page.volunteerRecord')}>
      {res.loading && !res.data && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {res.data && (
        <>
          <p>
            <a href="#/org/volunteers">{t('volunteer.backToRoster')}</a>
          </p>
          <VolunteerRecord v={res.data} onChange={res.setData} deploymentHref={(d) => `#/org/deployments/${encodeURIComponent(d)}`} />
        </>
      )}
    </Page>
  );
}
