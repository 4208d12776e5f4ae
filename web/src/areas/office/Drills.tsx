// Office: drills of a plan in force (rule 24) and their evaluation. The API lists no drills per plan, so the page
// keeps the drills recorded from this browser and reads each again from GET /v1/drills/{id} where the API has it.
import { useEffect, useState } from 'preact/hooks';
import { call, get, newIdempotencyKey } from '../../api/client.ts';
import type { Drill, Plan } from '../../api/types.ts';
import { cstInputToIso, isoToCstInput, lines } from '../../format.ts';
import { formatDateTime, formatNumber, t } from '../../i18n/index.ts';
import { Badge, Flag } from '../../ui/Badge.tsx';
import { Checkbox, TextArea, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm } from '../../ui/form.ts';
import { Section } from '../../ui/Page.tsx';
import { Facts } from '../../ui/Table.tsx';

const storeKey = (planId: string) => `erp.drills.${planId}`;

function remembered(planId: string): Drill[] {
  try {
    return JSON.parse(localStorage.getItem(storeKey(planId)) ?? '[]') as Drill[];
  } catch {
    return [];
  }
}

function remember(planId: string, d: Drill): Drill[] {
  const next = [d, ...remembered(planId).filter((x) => x.drillId !== d.drillId)].slice(0, 50);
  try {
    localStorage.setItem(storeKey(planId), JSON.stringify(next));
  } catch {
    /* storage full or off: the drill is recorded in the API all the same */
  }
  return next;
}

function Evaluation({ drill, onDone }: { drill: Drill; onDone(d: Drill): void }) {
  const form = useForm({ findings: '', revisionNeeded: false as boolean });
  return (
    <Form
      form={form}
      submitLabel={t('drill.evaluate')}
      onSubmit={async (v) => {
        const r = await call<Drill>('POST', `/v1/drills/${encodeURIComponent(drill.drillId)}/evaluation`, { body: { findings: lines(String(v.findings)), revisionNeeded: v.revisionNeeded === true } });
        onDone(r.data);
      }}
    >
      <TextArea name="findings" label={t('drill.findings')} hint={t('hint.onePerLine')} />
      <Checkbox name="revisionNeeded" label={t('drill.revisionNeeded')} />
    </Form>
  );
}

export function Drills({ plan, onChange }: { plan: Plan; onChange(): void }) {
  const [drills, setDrills] = useState<Drill[]>(() => remembered(plan.planId));
  const form = useForm({ conductedAt: isoToCstInput(new Date()), scenario: '', participants: '', key: newIdempotencyKey() });
  useEffect(() => {
    // Read each again: the evaluation may have been recorded elsewhere.
    for (const d of remembered(plan.planId)) {
      get<Drill>(`/v1/drills/${encodeURIComponent(d.drillId)}`)
        .then((fresh) => setDrills(remember(plan.planId, fresh)))
        .catch(() => undefined);
    }
  }, [plan.planId]);
  const saved = (d: Drill) => {
    setDrills(remember(plan.planId, d));
    onChange();
  };
  return (
    <Section title={t('drill.title')} id="plan-drills">
      {plan.inForceVersion === undefined ? (
        <p class="muted">{t('drill.notInForce')}</p>
      ) : (
        <>
          <h3 id="drill-record">{t('drill.record')}</h3>
          <Form
            form={form}
            labelledBy="drill-record"
            submitLabel={t('drill.record')}
            onSubmit={async (v) => {
              const body = { conductedAt: cstInputToIso(String(v.conductedAt)) ?? String(v.conductedAt), scenario: String(v.scenario), participants: Number(String(v.participants).trim() || Number.NaN) };
              const r = await call<Drill>('POST', `/v1/plans/${encodeURIComponent(plan.planId)}/drills`, { body, idempotencyKey: String(v.key) });
              saved(r.data);
              form.reset({ conductedAt: isoToCstInput(new Date()), scenario: '', participants: '', key: newIdempotencyKey() });
            }}
          >
            <div class="field-grid">
              <TextField name="conductedAt" type="datetime-local" label={t('drill.conductedAt')} hint={t('hint.cst')} required />
              <TextField name="participants" label={t('drill.participants')} inputMode="numeric" required />
            </div>
            <TextArea name="scenario" label={t('drill.scenario')} required />
          </Form>
        </>
      )}
      <h3>{t('drill.recorded')}</h3>
      {drills.length === 0 && <p class="empty">{t('drill.noneHere')}</p>}
      {drills.map((d) => (
        <article class="card" key={d.drillId}>
          <Facts
            items={[
              [t('drill.conductedAt'), formatDateTime(d.conductedAt)],
              [t('drill.participants'), formatNumber(d.participants)],
              [t('drill.version'), `v${d.planVersion}`],
              [t('drill.scenario'), d.scenario],
            ]}
          />
          {d.evaluation ? (
            <div>
              <p>
                <Badge tone="good">{t('drill.evaluatedAt', { at: formatDateTime(d.evaluation.evaluatedAt) })}</Badge>{' '}
                {d.evaluation.revisionNeeded && <Flag>{t('flag.revisionNeeded')}</Flag>}
              </p>
              <ul>
                {d.evaluation.findings.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            </div>
          ) : (
            <Evaluation drill={d} onDone={saved} />
          )}
        </article>
      ))}
    </Section>
  );
}
