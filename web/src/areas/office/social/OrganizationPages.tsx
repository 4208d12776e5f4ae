// Office: social emergency forces of the division (rule 22): the list by status and capability, one organisation's
// registration with the decision on it (approve until a date, suspend, reinstate, revoke), its group insurance and
// its roster with each volunteer's insurance and qualification expiry.
import { call } from '../../../api/client.ts';
import { usePaged, useRecordSteps } from '../../../api/paging.ts';
import { CAPABILITIES, ORGANIZATION_STATUSES, type Organization, type OrganizationSummary, type Volunteer } from '../../../api/types.ts';
import { label, t } from '../../../i18n/index.ts';
import { navigate } from '../../../router.ts';
import { Flag, StatusBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { ProblemNotice, Progress, Success } from '../../../ui/Notice.tsx';
import { Page, Section } from '../../../ui/Page.tsx';
import { PagedList } from '../../../ui/PagedList.tsx';
import { Filters, FilterSelect } from '../../../ui/Filters.tsx';
import { Table } from '../../../ui/Table.tsx';
import { GroupInsurance, OrganizationFacts, organizationPath } from '../../shared/organizations.tsx';
import { expiryBadge, VolunteerTable } from '../../shared/volunteers.tsx';

export function OrganizationsPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? 'pending';
  const capability = query.get('capability') ?? '';
  const list = usePaged<OrganizationSummary>('/v1/organizations', { status, capability });
  const go = (next: Record<string, string>) => navigate(`/office/organizations?${new URLSearchParams({ status, capability, ...next }).toString()}`);
  return (
    <Page title={t('page.organizations')} lead={<p>{t('org.officeLead')}</p>}>
      <Filters>
        <FilterSelect id="org-status" label={t('org.status')} value={status} options={ORGANIZATION_STATUSES.map((s) => ({ value: s, label: label('status', s) }))} onChange={(v) => go({ status: v })} />
        <FilterSelect id="org-capability" label={t('org.capability')} value={capability} options={CAPABILITIES.map((c) => ({ value: c, label: label('capability', c) }))} onChange={(v) => go({ capability: v })} />
      </Filters>
      <PagedList list={list} empty={t('org.none')}>
        {(items) => (
          <Table
            caption={t('page.organizations')}
            rows={items}
            rowKey={(o) => o.organizationId}
            columns={[
              { header: t('org.name'), cell: (o) => <a href={`#/office/organizations/${encodeURIComponent(o.organizationId)}`}>{o.name}</a> },
              { header: t('org.kind'), cell: (o) => label('orgKind', o.kind) },
              { header: t('org.status'), cell: (o) => <StatusBadge status={o.status} /> },
              { header: t('org.validUntil'), cell: (o) => (o.validUntil ? expiryBadge(o.validUntil) : '—') },
              { header: t('org.capabilities'), cell: (o) => o.capabilities.map((c) => label('capability', c)).join(', ') },
              { header: t('insurance.title'), cell: (o) => (o.insurance ? expiryBadge(o.insurance.coversTo) : <Flag>{t('org.noGroupInsurance')}</Flag>) },
            ]}
          />
        )}
      </PagedList>
    </Page>
  );
}

type OrgAction = 'approve-registration' | 'suspend' | 'reinstate' | 'revoke';

function orgActions(o: Organization): OrgAction[] {
  if (o.status === 'pending') return ['approve-registration', 'revoke'];
  if (o.status === 'registered') return ['approve-registration', 'suspend', 'revoke'];
  if (o.status === 'suspended') return ['reinstate', 'revoke'];
  return [];
}

function OrgDialog({ o, action, etag, onDone, onClose }: { o: Organization; action: OrgAction; etag: string | undefined; onDone(next: Organization): void; onClose(): void }) {
  const form = useForm<Values>({ validUntil: '', reason: '' });
  const title = t(`orgAction.${action}` as 'orgAction.suspend');
  return (
    <Dialog open title={title} onClose={onClose}>
      <Form
        form={form}
        submitLabel={title}
        onSubmit={async (v) => {
          const reason = String(v['reason']).trim();
          const body = action === 'approve-registration' ? { action, validUntil: String(v['validUntil']) } : { action, ...(reason || action !== 'reinstate' ? { reason: String(v['reason']) } : {}) };
          onDone((await call<Organization>('POST', organizationPath(o.organizationId, '/transitions'), { body, ...(etag ? { ifMatch: etag } : {}) })).data);
        }}
      >
        {action === 'approve-registration' && <TextField name="validUntil" type="date" label={t('org.validUntil')} required hint={t('hint.validUntil')} />}
        {action === 'revoke' && <p>{t('org.revokeText')}</p>}
        {action !== 'approve-registration' && <TextArea name="reason" label={action === 'reinstate' ? t('field.reasonOptional') : t('field.reason')} required={action !== 'reinstate'} />}
      </Form>
    </Dialog>
  );
}

export function OfficeOrganizationPage({ params }: { params: Record<string, string> }) {
  const id = params['organizationId']!;
  const { res, pending, setPending, message, done } = useRecordSteps<Organization, OrgAction>(organizationPath(id));
  const roster = usePaged<Volunteer>(organizationPath(id, '/volunteers'), {});
  const o = res.data;
  return (
    <Page title={o ? o.name : t('page.organization')}>
      {res.loading && !o && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {message && <Success>{message}</Success>}
      {o && (
        <>
          <OrganizationFacts o={o} />
          <Section title={t('plan.lifecycle')} id="org-actions">
            <div class="button-row">
              {orgActions(o).map((a) => (
                <Button key={a} variant={a === 'revoke' || a === 'suspend' ? 'danger' : 'primary'} onClick={() => setPending(a)}>
                  {t(`orgAction.${a}` as 'orgAction.suspend')}
                </Button>
              ))}
              {orgActions(o).length === 0 && <p class="muted">{t('plan.noActions')}</p>}
            </div>
          </Section>
          <Section title={t('org.groupInsurance')} id="org-insurance">
            <GroupInsurance o={o} />
          </Section>
          <Section title={t('page.roster')} id="org-roster">
            <VolunteerTable list={roster} />
          </Section>
          {pending && (
            <OrgDialog
              o={o}
              action={pending}
              etag={res.etag}
              onClose={() => setPending(null)}
              onDone={(next) => done(next, t('org.done', { status: label('status', next.status) }))}
            />
          )}
        </>
      )}
    </Page>
  );
}
