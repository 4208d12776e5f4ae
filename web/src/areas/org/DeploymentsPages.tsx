// Organisation: the deployment requests to answer, the deployments under way or ended (the organisation's list), and
// the deployment compensation claim (调用补偿) once one is stood down.
import { call, newIdempotencyKey } from '../../api/client.ts';
import { usePaged, useResource } from '../../api/paging.ts';
import { DEPLOYMENT_CLAIM_KINDS, type Claim, type Deployment, type DeploymentSummary } from '../../api/types.ts';
import { formatDate, label, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { Empty, ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { blankRows } from '../../ui/Rows.tsx';
import { Table } from '../../ui/Table.tsx';
import { BANK_FIELDS, BankFields, bankAccount, claimDocuments, claimItems, ClaimItemFields, DOCUMENT_FIELDS, DocumentFields, ITEM_FIELDS, useClaimRows } from '../shared/claim-forms.tsx';
import { deploymentPath } from '../shared/DeploymentPage.tsx';
import { OpenByNumber } from '../shared/OpenByNumber.tsx';
import { organizationPath } from '../shared/organizations.tsx';

function DeploymentTable({ rows, caption }: { rows: DeploymentSummary[]; caption: string }) {
  if (rows.length === 0) return <Empty>{t('deployment.none')}</Empty>;
  return (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(d) => d.deploymentId}
      columns={[
        { header: t('deployment.task'), cell: (d) => <a href={`#/org/deployments/${encodeURIComponent(d.deploymentId)}`}>{d.task.title}</a> },
        { header: t('deployment.kind'), cell: (d) => label('capability', d.task.kind) },
        { header: t('deployment.dates'), cell: (d) => `${formatDate(d.from)} – ${formatDate(d.to)}` },
        { header: t('deployment.status'), cell: (d) => <StatusBadge status={d.status} prefix="deploymentStatus" /> },
        { header: t('deployment.members'), cell: (d) => String(d.people.length), numeric: true },
      ]}
    />
  );
}

/** The organisation's deployments (GET /v1/organizations/{id}/deployments): requests to answer, under way, ended. */
export function OrgDeploymentsPage() {
  const s = useStore(session);
  const list = usePaged<DeploymentSummary>(s?.orgId ? organizationPath(s.orgId, '/deployments') : null, {}, { limit: 100 });
  const of = (items: DeploymentSummary[], ...statuses: string[]) => items.filter((d) => statuses.includes(d.status));
  return (
    <Page title={t('page.orgDeployments')} lead={<p>{t('deployment.orgLead')}</p>}>
      <PagedList list={list} empty={t('deployment.none')}>
        {(items) => (
          <>
            <Section title={t('deployment.toAnswer')} id="deployments-answer">
              <DeploymentTable rows={of(items, 'requested')} caption={t('deployment.toAnswer')} />
            </Section>
            <Section title={t('deployment.underWay')} id="deployments-current">
              <DeploymentTable rows={of(items, 'accepted', 'arrived', 'withdrawn')} caption={t('deployment.underWay')} />
            </Section>
            <Section title={t('deployment.ended')} id="deployments-ended">
              <DeploymentTable rows={of(items, 'stood-down', 'declined')} caption={t('deployment.ended')} />
            </Section>
          </>
        )}
      </PagedList>
      <Section title={t('deployment.openByNumber')} id="deployments-open">
        <OpenByNumber label={t('deployment.number')} hint={t('hint.deploymentNumber')} path={(id) => deploymentPath(id)} href={(id) => `/org/deployments/${encodeURIComponent(id)}`} />
      </Section>
    </Page>
  );
}

export function DeploymentClaimPage({ params }: { params: Record<string, string> }) {
  const id = params['deploymentId']!;
  const res = useResource<Deployment>(deploymentPath(id));
  const form = useForm<Values>(() => ({
    ...blankRows('items', ITEM_FIELDS, [{ kind: 'labour' }, { kind: 'transport' }]),
    ...blankRows('documents', DOCUMENT_FIELDS, [{ kind: 'stand-down-order' }]),
    ...BANK_FIELDS,
    key: '',
  }));
  const rows = useClaimRows(form, 2, 1);
  const d = res.data;
  return (
    <Page title={t('page.deploymentClaim')} lead={<p>{t('deployment.claimLead')}</p>}>
      {res.loading && !d && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {d && (
        <p>
          <a href={`#/org/deployments/${encodeURIComponent(d.deploymentId)}`}>{d.task.title}</a> · {formatDate(d.from)} – {formatDate(d.to)} · <StatusBadge status={d.status} prefix="deploymentStatus" />
        </p>
      )}
      <Form
        form={form}
        labelledBy="page-title"
        submitLabel={t('claim.file')}
        onSubmit={async (v) => {
          const key = String(v['key']) || newIdempotencyKey();
          form.set('key', key);
          const body = { items: claimItems(v, rows.items), bankAccount: bankAccount(v), documents: claimDocuments(v, rows.documents) };
          const c = await call<Claim>('POST', deploymentPath(id, '/claims'), { body, idempotencyKey: key });
          navigate(`/org/claims/${encodeURIComponent(c.data.claimId)}`);
        }}
      >
        <h2>{t('claim.items')}</h2>
        <ClaimItemFields rows={rows.items} kinds={DEPLOYMENT_CLAIM_KINDS} />
        <h2>{t('claim.documents')}</h2>
        <DocumentFields rows={rows.documents} />
        <BankFields />
      </Form>
    </Page>
  );
}
