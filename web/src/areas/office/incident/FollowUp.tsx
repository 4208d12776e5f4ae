// Incident page: the figures, the severity with the threshold it rests on (or the override and its reason), and the
// follow-up report that changes them.
import type { ComponentChild } from 'preact';
import { call } from '../../../api/client.ts';
import type { Incident } from '../../../api/types.ts';
import { count, fenToYuanInput, yuanToFen } from '../../../format.ts';
import { formatDateTime, formatMoney, formatNumber, t } from '../../../i18n/index.ts';
import { Badge } from '../../../ui/Badge.tsx';
import { FieldGroup, Select, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm } from '../../../ui/form.ts';
import { Section } from '../../../ui/Page.tsx';
import { Facts } from '../../../ui/Table.tsx';
import { responseLevelOptions } from '../options.ts';
import { incidentPath, type IncidentCtx } from './shared.ts';

export function severityText(i: Incident): string {
  const s = i.severity;
  if (!s.level) return i.category === 'social-security' ? t('incident.notGradedSocial') : t('incident.ungradedNoPlan');
  return t('response.levelName', { level: s.level });
}

export function basisText(i: Incident): string {
  const b = i.severity.basis;
  if (!b) return '—';
  const fmt = (n: number) => (b.metric === 'directLossFen' ? formatMoney(n) : formatNumber(n));
  return t('incident.basis', { metric: t(`metric.${b.metric}` as 'metric.deaths'), value: fmt(b.value), threshold: fmt(b.threshold), level: b.level, plan: b.planId, version: b.planVersion });
}

function FollowUpForm({ ctx }: { ctx: IncidentCtx }) {
  const f = ctx.incident.figures;
  const form = useForm({
    'casualties.deaths': String(f.casualties.deaths),
    'casualties.missing': String(f.casualties.missing),
    'casualties.injured': String(f.casualties.injured),
    'casualties.seriouslyInjured': String(f.casualties.seriouslyInjured),
    directLossFen: fenToYuanInput(f.directLossFen),
    affectedPopulation: String(f.affectedPopulation),
    note: '',
    'severityOverride.level': '',
    'severityOverride.reason': '',
  });
  return (
    <Form
      form={form}
      submitLabel={t('incident.sendFollowUp')}
      onSubmit={async (v) => {
        const n = (k: keyof typeof v) => count(String(v[k])) ?? 0;
        const body = {
          casualties: { deaths: n('casualties.deaths'), missing: n('casualties.missing'), injured: n('casualties.injured'), seriouslyInjured: n('casualties.seriouslyInjured') },
          directLossFen: yuanToFen(String(v.directLossFen)) ?? Number.NaN,
          affectedPopulation: n('affectedPopulation'),
          ...(String(v.note).trim() ? { note: String(v.note) } : {}),
          ...(v['severityOverride.level'] ? { severityOverride: { level: v['severityOverride.level'], reason: String(v['severityOverride.reason']) } } : {}),
        };
        await call('POST', incidentPath(ctx.incident.incidentId, '/updates'), { body, ...(ctx.etag ? { ifMatch: ctx.etag } : {}) });
        ctx.changed(t('incident.followUpDone'));
      }}
    >
      <FieldGroup legend={t('incident.figures')}>
        <TextField name="casualties.deaths" label={t('metric.deaths')} inputMode="numeric" />
        <TextField name="casualties.missing" label={t('metric.missing')} inputMode="numeric" />
        <TextField name="casualties.injured" label={t('metric.injured')} inputMode="numeric" />
        <TextField name="casualties.seriouslyInjured" label={t('metric.seriouslyInjured')} inputMode="numeric" />
        <TextField name="directLossFen" label={t('metric.directLossFen')} inputMode="decimal" hint={t('hint.yuan')} />
        <TextField name="affectedPopulation" label={t('metric.affectedPopulation')} inputMode="numeric" />
      </FieldGroup>
      <TextArea name="note" label={t('incident.note')} />
      <FieldGroup legend={t('incident.override')} hint={t('hint.override')}>
        <Select name="severityOverride.level" label={t('incident.overrideLevel')} options={responseLevelOptions(t('incident.noOverride'))} />
        <TextField name="severityOverride.reason" label={t('field.reason')} />
      </FieldGroup>
    </Form>
  );
}

export function Figures({ ctx }: { ctx: IncidentCtx }) {
  const i = ctx.incident;
  const c = i.figures.casualties;
  return (
    <Section title={t('incident.figuresAndSeverity')} id="incident-figures">
      <Facts
        items={[
          [t('incident.severity'), <strong>{severityText(i)}</strong>],
          [t('incident.basisLabel'), basisText(i)],
          ...(i.severity.override
            ? ([[t('incident.override'), <Badge tone="attention">{t('incident.overrideText', { level: i.severity.override.level, reason: i.severity.override.reason, derived: i.severity.derivedLevel ?? '—' })}</Badge>]] as [string, ComponentChild][])
            : []),
          [t('metric.deaths'), formatNumber(c.deaths)],
          [t('metric.missing'), formatNumber(c.missing)],
          [t('metric.injured'), formatNumber(c.injured)],
          [t('metric.seriouslyInjured'), formatNumber(c.seriouslyInjured)],
          [t('metric.directLossFen'), formatMoney(i.figures.directLossFen)],
          [t('metric.affectedPopulation'), formatNumber(i.figures.affectedPopulation)],
          [t('incident.updates'), t('incident.updatesN', { n: i.updates, at: formatDateTime(i.updatedAt) })],
        ]}
      />
      <details class="disclosure">
        <summary>{t('incident.followUp')}</summary>
        <FollowUpForm key={i.updatedAt} ctx={ctx} />
      </details>
    </Section>
  );
}
