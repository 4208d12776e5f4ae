// Office: one plan. Its facts and filing deadline, the life-cycle buttons its state allows, the content of the latest
// version, every version, the plans under it, and its drills with their evaluation.
import { useState } from 'preact/hooks';
import { call } from '../../api/client.ts';
import { usePaged, useResource } from '../../api/paging.ts';
import { METRICS, RESPONSE_LEVELS, WARNING_LEVELS, type Plan, type PlanAction, type PlanContent } from '../../api/types.ts';
import { formatDate, formatDateTime, formatMoney, formatNumber, label, t } from '../../i18n/index.ts';
import { Badge, Flag, StatusBadge } from '../../ui/Badge.tsx';
import { Button, ButtonLink } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextArea } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm } from '../../ui/form.ts';
import { ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';
import { Facts, Table } from '../../ui/Table.tsx';
import { filingFlag } from './Dashboard.tsx';
import { PlanTable } from './PlansPage.tsx';
import { Drills } from './Drills.tsx';

/** What the latest version's state allows (the API decides; this only hides buttons that would surely be refused). */
export function actionsFor(p: Plan): PlanAction[] {
  const latest = p.content?.status ?? p.status;
  const out: PlanAction[] = [];
  if (latest === 'draft') out.push('submit');
  if (latest === 'under-review') out.push('approve');
  if (latest === 'approved') out.push('publish');
  if (p.filing && !p.filing.filedAt && p.inForceVersion !== undefined) out.push('file');
  if (p.status !== 'retired' && p.inForceVersion !== undefined) out.push('retire');
  return out;
}

export function ContentView({ content }: { content: PlanContent }) {
  const levels = RESPONSE_LEVELS.filter((l) => content.responseLevels[l]);
  return (
    <>
      <Table
        caption={t('plan.responseLevels')}
        rows={levels}
        rowKey={(l) => l}
        columns={[
          { header: t('response.level'), cell: (l) => t('response.levelName', { level: l }) },
          {
            header: t('plan.thresholds'),
            cell: (l) => (
              <ul class="plain">
                {METRICS.filter((m) => content.responseLevels[l]!.thresholds[m] !== undefined).map((m) => {
                  const n = content.responseLevels[l]!.thresholds[m]!;
                  return <li key={m}>{`${t(`metric.${m}` as 'metric.deaths')} ≥ ${m === 'directLossFen' ? formatMoney(n) : formatNumber(n)}`}</li>;
                })}
              </ul>
            ),
          },
          { header: t('plan.requiredAuthority'), cell: (l) => label('gov', content.responseLevels[l]!.requiredAuthority ?? '') || '—' },
          {
            header: t('plan.measures'),
            cell: (l) => (
              <ul class="plain">
                {content.responseLevels[l]!.measures.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            ),
          },
        ]}
      />
      <h3>{t('plan.warningMeasures')}</h3>
      <ul>
        {WARNING_LEVELS.filter((w) => content.warningMeasures[w]?.length).map((w) => (
          <li key={w}>
            {t('warning.levelShort', { level: w })}: {content.warningMeasures[w]!.join('; ')}
          </li>
        ))}
      </ul>
    </>
  );
}

function TransitionDialog({ plan, action, etag, onDone, onClose }: { plan: Plan; action: PlanAction; etag?: string | undefined; onDone(p: Plan): void; onClose(): void }) {
  const form = useForm({ reason: '' });
  return (
    <Dialog open title={t(`planAction.${action}` as 'planAction.submit')} onClose={onClose}>
      <Form
        form={form}
        submitLabel={t(`planAction.${action}` as 'planAction.submit')}
        onSubmit={async (v) => {
          const reason = String(v.reason).trim();
          const r = await call<Plan>('POST', `/v1/plans/${encodeURIComponent(plan.planId)}/transitions`, {
            body: { action, ...(reason ? { reason } : {}) },
            ...(etag ? { ifMatch: etag } : {}),
          });
          onDone(r.data);
        }}
      >
        <TextArea name="reason" label={t('field.reasonOptional')} />
      </Form>
    </Dialog>
  );
}

export function PlanPage({ params }: { params: Record<string, string> }) {
  const id = params['planId']!;
  const res = useResource<Plan>(`/v1/plans/${encodeURIComponent(id)}`);
  const children = usePaged<Plan>(`/v1/plans/${encodeURIComponent(id)}/children`);
  const [pending, setPending] = useState<PlanAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const p = res.data;
  return (
    <Page
      title={p ? p.title : t('page.plan')}
      actions={
        p && (
          <ButtonLink href={`#/office/plans/${encodeURIComponent(id)}/edit`}>{t('plan.revise')}</ButtonLink>
        )
      }
    >
      {res.loading && !p && <Progress>{t('list.loading')}</Progress>}
      {res.problem && <ProblemNotice problem={res.problem} onRetry={res.reload} />}
      {p && (
        <>
          <Facts
            items={[
              [t('plan.status'), <StatusBadge status={p.status} />],
              [t('plan.type'), label('planType', p.type)],
              [t('plan.category'), label('category', p.category)],
              [t('plan.division'), p.divisionCode],
              [t('plan.parent'), p.parentPlanId ? <a href={`#/office/plans/${encodeURIComponent(p.parentPlanId)}`}>{p.parentPlanId}</a> : '—'],
              [t('plan.latestVersion'), `v${p.latestVersion}`],
              [t('plan.inForce'), p.inForceVersion ? `v${p.inForceVersion}` : '—'],
              [
                t('plan.filing'),
                p.filing ? (
                  <>
                    {t('plan.filingTo', { body: label('filingBody', p.filing.to.body), division: p.filing.to.division, date: formatDate(p.filing.dueDate) })}{' '}
                    {filingFlag(p) ?? (p.filing.filedAt && <Badge tone="good">{t('plan.filedAt', { at: formatDateTime(p.filing.filedAt) })}</Badge>)}
                  </>
                ) : (
                  '—'
                ),
              ],
              [t('plan.revision'), p.revisionNeeded ? <Flag>{p.revisionReason ?? t('flag.revisionNeeded')}</Flag> : '—'],
              [t('plan.lastDrill'), p.lastDrillAt ? formatDateTime(p.lastDrillAt) : '—'],
            ]}
          />
          <Section title={t('plan.lifecycle')} id="plan-lifecycle">
            {done && (
              <p class="notice notice-success" role="status">
                {done}
              </p>
            )}
            <div class="button-row">
              {actionsFor(p).map((a) => (
                <Button key={a} variant={a === 'retire' ? 'danger' : 'primary'} onClick={() => setPending(a)}>
                  {t(`planAction.${a}` as 'planAction.submit')}
                </Button>
              ))}
              {actionsFor(p).length === 0 && <p class="muted">{t('plan.noActions')}</p>}
            </div>
            {pending && (
              <TransitionDialog
                plan={p}
                action={pending}
                etag={res.etag}
                onClose={() => setPending(null)}
                onDone={(next) => {
                  setPending(null);
                  setDone(t('plan.transitionDone', { status: label('status', next.status) }));
                  res.reload();
                }}
              />
            )}
          </Section>
          {p.content && (
            <Section title={t('plan.contentOf', { version: p.content.version })} id="plan-content">
              <ContentView content={p.content} />
            </Section>
          )}
          <Section title={t('plan.versions')} id="plan-versions">
            <ul class="inline-list">
              {Array.from({ length: p.latestVersion }, (_, i) => i + 1).map((v) => (
                <li key={v}>
                  <a href={`#/office/plans/${encodeURIComponent(id)}/versions/${v}`}>{t('plan.versionN', { n: v })}</a>
                  {v === p.inForceVersion && <Badge tone="good">{t('plan.inForce')}</Badge>}
                </li>
              ))}
            </ul>
          </Section>
          <Section title={t('plan.children')} id="plan-children">
            <PagedList list={children} empty={t('plan.noChildren')}>
              {(items) => <PlanTable items={items} caption={t('plan.children')} />}
            </PagedList>
          </Section>
          <Drills plan={p} onChange={res.reload} />
        </>
      )}
    </Page>
  );
}
