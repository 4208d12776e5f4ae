// Organisation: answering a deployment request, the deployments under way or ended, and the deployment compensation
// claim (调用补偿) once one is stood down. The API has no list of an organisation's deployments: a request reaches the
// organisation as an alert with its number (subscribed with the organisation), and the deployments its members accepted
// are read from their service records, every member's, a few at a time.
import { useEffect, useState } from 'preact/hooks';
import { call, get, newIdempotencyKey } from '../../api/client.ts';
import { problemOf, useResource } from '../../api/paging.ts';
import { DEPLOYMENT_CLAIM_KINDS, type Claim, type Deployment, type Page as ApiPage, type Problem, type ServiceRecord, type Volunteer } from '../../api/types.ts';
import { formatDate, label, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { Empty, ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { blankRows } from '../../ui/Rows.tsx';
import { Table } from '../../ui/Table.tsx';
import { BANK_FIELDS, BankFields, bankAccount, claimDocuments, claimItems, ClaimItemFields, DOCUMENT_FIELDS, DocumentFields, ITEM_FIELDS, useClaimRows } from '../shared/claim-forms.tsx';
import { deploymentPath } from '../shared/DeploymentPage.tsx';
import { OpenByNumber } from '../shared/OpenByNumber.tsx';
import { volunteerPath } from '../shared/volunteers.tsx';
import { organizationPath } from '../shared/organizations.tsx';

type Entry = ServiceRecord['deployments'][number] & { people: number };

/** Every deployment any member was asked on, one entry each, newest dates first. */
function useOrgDeployments(orgId: string | undefined) {
  const [entries, setEntries] = useState<Entry[] | undefined>(undefined);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!orgId) return;
    let stale = false;
    setEntries(undefined);
    setProblem(null);
    (async () => {
      const members: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await get<ApiPage<Volunteer>>(`${organizationPath(orgId, '/volunteers')}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        members.push(...page.items.map((v) => v.volunteerId));
        if (!page.cursor) break;
        cursor = page.cursor;
      }
      const found = new Map<string, Entry>();
      // A few records at a time: a large roster must not open a hundred connections at once on a slow line.
      for (let i = 0; i < members.length; i += 6) {
        const records = await Promise.all(members.slice(i, i + 6).map((id) => get<ServiceRecord>(volunteerPath(id, '/service-record'))));
        for (const r of records) {
          for (const d of r.deployments) {
            if (d.organizationId !== orgId) continue;
            const seen = found.get(d.deploymentId);
            found.set(d.deploymentId, seen ? { ...seen, people: seen.people + 1 } : { ...d, people: 1 });
          }
        }
      }
      return [...found.values()].sort((a, b) => b.from.localeCompare(a.from));
    })().then(
      (list) => !stale && setEntries(list),
      (err: unknown) => !stale && setProblem(problemOf(err)),
    );
    return () => {
      stale = true;
    };
  }, [orgId, generation]);
  return { entries, problem, reload: () => setGeneration((g) => g + 1) };
}

function DeploymentTable({ rows, caption }: { rows: Entry[]; caption: string }) {
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
        { header: t('deployment.members'), cell: (d) => String(d.people), numeric: true },
      ]}
    />
  );
}

export function OrgDeploymentsPage() {
  const s = useStore(session);
  const { entries, problem, reload } = useOrgDeployments(s?.orgId);
  const of = (...statuses: string[]) => (entries ?? []).filter((d) => statuses.includes(d.status));
  return (
    <Page title={t('page.orgDeployments')} lead={<p>{t('deployment.orgLead')}</p>}>
      <Section title={t('deployment.toAnswer')} id="deployments-answer">
        <OpenByNumber label={t('deployment.number')} hint={t('hint.deploymentNumber')} path={(id) => deploymentPath(id)} href={(id) => `/org/deployments/${encodeURIComponent(id)}`} />
      </Section>
      {entries === undefined && !problem && <Progress>{t('deployment.reading')}</Progress>}
      {problem && <ProblemNotice problem={problem} onRetry={reload} />}
      {entries && (
        <>
          <Section title={t('deployment.underWay')} id="deployments-current">
            <DeploymentTable rows={of('requested', 'accepted', 'arrived', 'withdrawn')} caption={t('deployment.underWay')} />
          </Section>
          <Section title={t('deployment.ended')} id="deployments-ended">
            <DeploymentTable rows={of('stood-down', 'declined')} caption={t('deployment.ended')} />
          </Section>
        </>
      )}
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
