// Office: the plan editor. Creates a plan (version 1, draft) or drafts the next version of one (PUT with the ETag of
// the read). Response levels I-IV with thresholds, the required authority and measures; warning measures per level.
// Field names are the API's paths, so every error the API names lands next to its field.
import { call, newIdempotencyKey } from '../../api/client.ts';
import { useResource } from '../../api/paging.ts';
import { METRICS, RESPONSE_LEVELS, WARNING_LEVELS, type Plan, type PlanContent, type ResponseLevel, type WarningLevel } from '../../api/types.ts';
import { count, fenToYuanInput, lines, yuanToFen } from '../../format.ts';
import { label, t } from '../../i18n/index.ts';
import { navigate } from '../../router.ts';
import { session } from '../../session.ts';
import { useStore } from '../../store.ts';
import { ButtonLink } from '../../ui/Button.tsx';
import { FieldGroup, Select, TextArea, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm, type Values } from '../../ui/form.ts';
import { ProblemNotice, Progress } from '../../ui/Notice.tsx';
import { Page } from '../../ui/Page.tsx';
import { categoryOptions, govLevelOptions, planTypeOptions } from './options.ts';

const lv = (l: ResponseLevel, rest: string) => `responseLevels.${l}.${rest}`;

function initialValues(plan: Plan | undefined, division: string): Values {
  const v: Values = {
    title: plan?.content?.title ?? plan?.title ?? '',
    type: plan?.type ?? 'special',
    category: plan?.category ?? 'natural-disaster',
    divisionCode: plan?.divisionCode ?? division,
    parentPlanId: plan?.parentPlanId ?? '',
  };
  for (const l of RESPONSE_LEVELS) {
    const def = plan?.content?.responseLevels[l];
    for (const m of METRICS) {
      const n = def?.thresholds[m];
      v[lv(l, `thresholds.${m}`)] = n === undefined ? '' : m === 'directLossFen' ? fenToYuanInput(n) : String(n);
    }
    v[lv(l, 'requiredAuthority')] = def?.requiredAuthority ?? '';
    v[lv(l, 'measures')] = (def?.measures ?? []).join('\n');
  }
  for (const w of WARNING_LEVELS) v[`warningMeasures.${w}`] = (plan?.content?.warningMeasures[w] ?? []).join('\n');
  return v;
}

/** The content the API takes; a level is included when anything of it was filled in. */
export function contentOf(v: Values): PlanContent {
  const s = (k: string) => String(v[k] ?? '');
  const responseLevels: PlanContent['responseLevels'] = {};
  for (const l of RESPONSE_LEVELS) {
    const thresholds: Record<string, number> = {};
    for (const m of METRICS) {
      const raw = s(lv(l, `thresholds.${m}`)).trim();
      if (raw === '') continue;
      // Invalid text goes as NaN (null in JSON) so the API names this very field.
      thresholds[m] = m === 'directLossFen' ? (yuanToFen(raw) ?? Number.NaN) : (count(raw) ?? Number.NaN);
    }
    const measures = lines(s(lv(l, 'measures')));
    const authority = s(lv(l, 'requiredAuthority'));
    if (Object.keys(thresholds).length || measures.length || authority) {
      responseLevels[l] = { thresholds, measures, ...(authority ? { requiredAuthority: authority as never } : {}) };
    }
  }
  const warningMeasures: PlanContent['warningMeasures'] = {};
  for (const w of WARNING_LEVELS) {
    const m = lines(s(`warningMeasures.${w}`));
    if (m.length) warningMeasures[w as WarningLevel] = m;
  }
  return { title: s('title'), responseLevels, warningMeasures };
}

function EditorForm({ plan, etag }: { plan?: Plan; etag?: string | undefined }) {
  const s = useStore(session);
  const form = useForm<Values>(() => ({ ...initialValues(plan, s?.division ?? ''), idempotencyKey: newIdempotencyKey() }));
  const creating = !plan;
  return (
    <Form
      form={form}
      labelledBy="page-title"
      submitLabel={creating ? t('plan.create') : t('plan.saveDraft')}
      secondary={<ButtonLink href={plan ? `#/office/plans/${encodeURIComponent(plan.planId)}` : '#/office/plans'}>{t('action.cancel')}</ButtonLink>}
      onSubmit={async (v) => {
        const content = contentOf(v);
        if (creating) {
          const parent = String(v['parentPlanId']).trim();
          const body = { ...content, type: v['type'], category: v['category'], divisionCode: String(v['divisionCode']).trim(), ...(parent ? { parentPlanId: parent } : {}) };
          const r = await call<Plan>('POST', '/v1/plans', { body, idempotencyKey: String(v['idempotencyKey']) });
          navigate(`/office/plans/${encodeURIComponent(r.data.planId)}`);
        } else {
          await call<Plan>('PUT', `/v1/plans/${encodeURIComponent(plan.planId)}`, { body: content, ...(etag ? { ifMatch: etag } : {}) });
          navigate(`/office/plans/${encodeURIComponent(plan.planId)}`);
        }
      }}
    >
      <TextField name="title" label={t('plan.title')} required />
      {creating && (
        <div class="field-grid">
          <Select name="type" label={t('plan.type')} required options={planTypeOptions()} />
          <Select name="category" label={t('plan.category')} required options={categoryOptions()} />
          <TextField name="divisionCode" label={t('plan.division')} required inputMode="numeric" hint={t('hint.division')} />
          <TextField name="parentPlanId" label={t('plan.parent')} hint={t('hint.parentPlan')} />
        </div>
      )}
      <h2>{t('plan.responseLevels')}</h2>
      <p class="field-hint">{t('hint.responseLevels')}</p>
      {RESPONSE_LEVELS.map((l) => (
        <FieldGroup key={l} legend={t('response.levelName', { level: l })}>
          {METRICS.map((m) => (
            <TextField
              key={m}
              name={lv(l, `thresholds.${m}`)}
              label={t(`metric.${m}` as 'metric.deaths')}
              inputMode={m === 'directLossFen' ? 'decimal' : 'numeric'}
              {...(m === 'directLossFen' ? { hint: t('hint.yuan') } : {})}
            />
          ))}
          <Select name={lv(l, 'requiredAuthority')} label={t('plan.requiredAuthority')} options={govLevelOptions(t('plan.defaultAuthority', { level: label('gov', ({ I: 'national', II: 'province', III: 'city', IV: 'county' } as const)[l]) }))} />
          <TextArea name={lv(l, 'measures')} label={t('plan.measures')} hint={t('hint.onePerLine')} />
        </FieldGroup>
      ))}
      <h2>{t('plan.warningMeasures')}</h2>
      <div class="field-grid">
        {WARNING_LEVELS.map((w) => (
          <TextArea key={w} name={`warningMeasures.${w}`} label={t('plan.warningMeasuresOf', { level: w, colour: label('colour', { '1': 'red', '2': 'orange', '3': 'yellow', '4': 'blue' }[w]) })} hint={t('hint.onePerLine')} />
        ))}
      </div>
    </Form>
  );
}

export function NewPlanPage() {
  return (
    <Page title={t('page.newPlan')}>
      <EditorForm />
    </Page>
  );
}

export function RevisePlanPage({ params }: { params: Record<string, string> }) {
  const plan = useResource<Plan>(`/v1/plans/${encodeURIComponent(params['planId']!)}`);
  return (
    <Page title={t('page.revisePlan')} lead={<p>{t('plan.reviseLead')}</p>}>
      {plan.loading && <Progress>{t('list.loading')}</Progress>}
      {plan.problem && <ProblemNotice problem={plan.problem} onRetry={plan.reload} />}
      {plan.data && <EditorForm plan={plan.data} etag={plan.etag} />}
    </Page>
  );
}
