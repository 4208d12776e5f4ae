// Incident page: the graded response (rules 6-9). Activate it under a plan in force, citing the level and the threshold
// met; the responsible government changes the level, a superior takes it over, and it is terminated.
import { useMemo, useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../../api/client.ts';
import { usePaged } from '../../../api/paging.ts';
import { METRICS, RESPONSE_LEVELS, type Plan, type ResponseLevel } from '../../../api/types.ts';
import { lines } from '../../../format.ts';
import { formatDateTime, label, t } from '../../../i18n/index.ts';
import { StatusBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { Select, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { Progress } from '../../../ui/Notice.tsx';
import { Section } from '../../../ui/Page.tsx';
import { Facts } from '../../../ui/Table.tsx';
import { responseLevelOptions } from '../options.ts';
import { incidentPath, type IncidentCtx } from './shared.ts';

/** Plans in force that could ground an activation: published or filed, of the incident's category. */
function useInForcePlans(category: string) {
  const published = usePaged<Plan>('/v1/plans', { status: 'published' }, { limit: 100 });
  const filed = usePaged<Plan>('/v1/plans', { status: 'filed' }, { limit: 100 });
  const plans = useMemo(() => [...published.items, ...filed.items].filter((p) => p.category === category), [published.items, filed.items, category]);
  return { plans, loading: published.loading || filed.loading };
}

function ActivateForm({ ctx }: { ctx: IncidentCtx }) {
  const i = ctx.incident;
  const { plans, loading } = useInForcePlans(i.category);
  const basis = i.severity.basis;
  const form = useForm<Values>(() => ({
    planId: basis?.planId ?? '',
    planVersion: basis ? String(basis.planVersion) : '',
    level: i.severity.level ?? 'IV',
    'basis.metric': basis?.metric ?? 'deaths',
    matters: '',
    expectedDuration: '',
    measures: '',
    key: newIdempotencyKey(),
  }));
  const chosen = plans.find((p) => p.planId === form.values['planId']);
  const planOptions = [
    { value: '', label: t('response.choosePlan') },
    ...plans.map((p) => ({ value: p.planId, label: `${p.title} (v${p.inForceVersion ?? p.latestVersion}, ${p.divisionCode})` })),
    ...(basis && !plans.some((p) => p.planId === basis.planId) ? [{ value: basis.planId, label: t('response.basisPlan', { id: basis.planId }) }] : []),
  ];
  const fillMeasures = () => {
    const lvl = form.values['level'] as ResponseLevel;
    const m = chosen?.content?.responseLevels[lvl]?.measures;
    if (m) form.set('measures', m.join('\n'));
  };
  return (
    <>
      {loading && <Progress>{t('response.loadingPlans')}</Progress>}
      <Form
        form={form}
        submitLabel={t('response.activate')}
        onSubmit={async (v) => {
          const body = {
            planId: String(v['planId']),
            planVersion: Number(String(v['planVersion']).trim() || Number.NaN),
            level: v['level'],
            matters: String(v['matters']),
            expectedDuration: String(v['expectedDuration']),
            measures: lines(String(v['measures'])),
            basis: { metric: v['basis.metric'] },
          };
          await call('POST', incidentPath(i.incidentId, '/response'), { body, idempotencyKey: String(v['key']), ...(ctx.etag ? { ifMatch: ctx.etag } : {}) });
          ctx.changed(t('response.activated'));
        }}
      >
        <div class="field-grid">
          <Select name="planId" label={t('response.plan')} required options={planOptions} />
          <TextField name="planVersion" label={t('response.planVersion')} inputMode="numeric" required hint={chosen?.inForceVersion ? t('response.inForceHint', { n: chosen.inForceVersion }) : undefined} />
          <Select name="level" label={t('response.level')} required options={responseLevelOptions()} />
          <Select name="basis.metric" label={t('response.basisMetric')} required options={METRICS.map((m) => ({ value: m, label: t(`metric.${m}` as 'metric.deaths') }))} />
        </div>
        <TextArea name="matters" label={t('response.matters')} required />
        <TextField name="expectedDuration" label={t('response.expectedDuration')} required hint={t('hint.duration')} />
        <TextArea name="measures" label={t('response.measures')} hint={t('hint.onePerLine')} required />
        {chosen?.content && (
          <p>
            <Button onClick={fillMeasures}>{t('response.useplanMeasures')}</Button>
          </p>
        )}
      </Form>
    </>
  );
}

type Pending = 'change-level' | 'hand-over' | 'terminate';

function TransitionDialog({ kind, ctx, onClose }: { kind: Pending; ctx: IncidentCtx; onClose(): void }) {
  const current = ctx.incident.response?.level ?? 'IV';
  const form = useForm<Values>(() => ({ level: RESPONSE_LEVELS.find((l) => l !== current) ?? 'IV', planVersion: '', reason: '' }));
  return (
    <Dialog open title={t(`responseAction.${kind}` as 'responseAction.terminate')} onClose={onClose}>
      {kind === 'terminate' && <p>{t('response.terminateWarning')}</p>}
      <Form
        form={form}
        submitLabel={t(`responseAction.${kind}` as 'responseAction.terminate')}
        onSubmit={async (v) => {
          const pv = String(v['planVersion']).trim();
          const body =
            kind === 'change-level'
              ? { action: kind, level: v['level'], reason: String(v['reason']), ...(pv ? { planVersion: Number(pv) } : {}) }
              : { action: kind, reason: String(v['reason']) };
          await call('POST', incidentPath(ctx.incident.incidentId, '/response/transitions'), { body, ...(ctx.etag ? { ifMatch: ctx.etag } : {}) });
          onClose();
          ctx.changed(t('response.changed'));
        }}
      >
        {kind === 'change-level' && (
          <>
            <Select name="level" label={t('response.newLevel')} required options={responseLevelOptions()} />
            <TextField name="planVersion" label={t('response.planVersionOptional')} inputMode="numeric" />
          </>
        )}
        <TextArea name="reason" label={t('field.reason')} required />
      </Form>
    </Dialog>
  );
}

export function Response({ ctx }: { ctx: IncidentCtx }) {
  const r = ctx.incident.response;
  const [pending, setPending] = useState<Pending | null>(null);
  return (
    <Section title={t('incident.response')} id="incident-response">
      {!r ? (
        ctx.incident.status === 'reported' ? (
          <details class="disclosure">
            <summary>{t('response.activateNew')}</summary>
            <ActivateForm ctx={ctx} />
          </details>
        ) : (
          <p class="empty">{t('response.none')}</p>
        )
      ) : (
        <>
          <Facts
            items={[
              [t('response.level'), <strong>{t('response.levelName', { level: r.level })}</strong>],
              [t('warning.status'), <StatusBadge status={r.status} />],
              [t('response.plan'), <a href={`#/office/plans/${encodeURIComponent(r.planId)}`}>{`${r.planId} v${r.planVersion}`}</a>],
              [t('response.basisMetric'), t('response.basisText', { metric: t(`metric.${r.basis.metric}` as 'metric.deaths'), value: r.basis.value, threshold: r.basis.threshold })],
              [t('response.matters'), r.matters],
              [t('response.expectedDuration'), r.expectedDuration],
              [t('response.measures'), r.measures.join('; ')],
              [t('response.activatedBy'), `${r.activatedBy.division} · ${label('gov', r.activatedBy.level)} · ${formatDateTime(r.activatedAt)}`],
              [t('response.responsible'), `${r.responsible.division} · ${label('gov', r.responsible.level)}`],
              ...(r.terminatedAt ? ([[t('response.terminatedAt'), formatDateTime(r.terminatedAt)]] as [string, string][]) : []),
            ]}
          />
          {r.status === 'active' && (
            <div class="button-row">
              <Button onClick={() => setPending('change-level')}>{t('responseAction.change-level')}</Button>
              <Button onClick={() => setPending('hand-over')}>{t('responseAction.hand-over')}</Button>
              <Button variant="danger" onClick={() => setPending('terminate')}>
                {t('responseAction.terminate')}
              </Button>
            </div>
          )}
        </>
      )}
      {ctx.incident.investigation && (
        <p class="notice notice-info">{t('incident.investigationText', { date: ctx.incident.investigation.dueDate, status: label('status', ctx.incident.investigation.status) })}</p>
      )}
      {pending && <TransitionDialog kind={pending} ctx={ctx} onClose={() => setPending(null)} />}
    </Section>
  );
}
