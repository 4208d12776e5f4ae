// Incident page: its warnings (rules 1-5). Issue one with the eight Art 64 fields; the issuer adjusts or lifts it.
import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../../api/client.ts';
import type { PublicWarning, WarningLink } from '../../../api/types.ts';
import { cstInputToIso, isoToCstInput, lines } from '../../../format.ts';
import { formatDateTime, label, t } from '../../../i18n/index.ts';
import { StatusBadge, WarningBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { Dialog } from '../../../ui/Dialog.tsx';
import { FieldGroup, Select, TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm, type Values } from '../../../ui/form.ts';
import { Section } from '../../../ui/Page.tsx';
import { Table } from '../../../ui/Table.tsx';
import { warningLevelOptions } from '../options.ts';
import { pick } from '../../public/WarningsPage.tsx';
import { incidentPath, type IncidentCtx } from './shared.ts';

/** `lat, lng` per line -> a closed ring; the first point is repeated last when it was not typed again. */
export function parseRing(text: string): [number, number][] | undefined {
  const pts = lines(text).map((l) => l.split(/[,\s]+/).map(Number) as [number, number]);
  if (pts.length === 0) return undefined;
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) pts.push([first[0], first[1]]);
  return pts;
}

const ringText = (p?: [number, number][]) => (p ?? []).map(([a, b]) => `${a}, ${b}`).join('\n');

function areaValues(w?: PublicWarning): Values {
  return {
    'area.divisions': (w?.area.divisions ?? []).join(' '),
    'area.description': w?.area.description ?? '',
    'area.polygon': ringText(w?.area.polygon),
    'area.circle.lat': w?.area.circle ? String(w.area.circle.lat) : '',
    'area.circle.lng': w?.area.circle ? String(w.area.circle.lng) : '',
    'area.circle.radiusKm': w?.area.circle ? String(w.area.circle.radiusKm) : '',
  };
}

function areaBody(v: Values) {
  const s = (k: string) => String(v[k] ?? '').trim();
  const polygon = parseRing(s('area.polygon'));
  const hasCircle = s('area.circle.lat') || s('area.circle.lng') || s('area.circle.radiusKm');
  const n = (k: string) => (s(k) === '' ? Number.NaN : Number(s(k)));
  return {
    divisions: s('area.divisions').split(/[\s,]+/).filter(Boolean),
    ...(s('area.description') ? { description: s('area.description') } : {}),
    ...(polygon ? { polygon } : {}),
    ...(hasCircle ? { circle: { lat: n('area.circle.lat'), lng: n('area.circle.lng'), radiusKm: n('area.circle.radiusKm') } } : {}),
  };
}

function AreaFields() {
  return (
    <FieldGroup legend={t('warning.area')}>
      <TextField name="area.divisions" label={t('warning.divisions')} hint={t('hint.divisions')} required />
      <TextField name="area.description" label={t('warning.areaDescription')} />
      <TextArea name="area.polygon" label={t('warning.polygon')} hint={t('hint.polygon')} />
      <TextField name="area.circle.lat" label={t('warning.circleLat')} inputMode="decimal" />
      <TextField name="area.circle.lng" label={t('warning.circleLng')} inputMode="decimal" />
      <TextField name="area.circle.radiusKm" label={t('warning.radiusKm')} inputMode="decimal" />
    </FieldGroup>
  );
}

function IssueForm({ ctx }: { ctx: IncidentCtx }) {
  const i = ctx.incident;
  const blank = (): Values => ({
    level: '4',
    startsAt: isoToCstInput(new Date()),
    ...areaValues(),
    'area.divisions': i.divisionCode,
    hazards: '',
    measures: '',
    'title.zh-CN': '',
    'title.en': '',
    key: newIdempotencyKey(),
  });
  const form = useForm<Values>(blank);
  return (
    <Form
      form={form}
      submitLabel={t('warning.issue')}
      onSubmit={async (v) => {
        const en = String(v['title.en']).trim();
        const body = {
          level: v['level'],
          startsAt: cstInputToIso(String(v['startsAt'])) ?? v['startsAt'],
          area: areaBody(v),
          hazards: lines(String(v['hazards'])),
          measures: lines(String(v['measures'])),
          title: { 'zh-CN': String(v['title.zh-CN']), ...(en ? { en } : {}) },
        };
        await call('POST', incidentPath(i.incidentId, '/warnings'), { body, idempotencyKey: String(v['key']) });
        form.reset(blank());
        ctx.changed(t('warning.issued'));
      }}
    >
      <div class="field-grid">
        <Select name="level" label={t('warning.level')} required options={warningLevelOptions()} />
        <TextField name="startsAt" type="datetime-local" label={t('warning.startsAt')} required hint={t('hint.cst')} />
      </div>
      <div class="field-grid">
        <TextField name="title.zh-CN" label={t('field.titleZh')} required />
        <TextField name="title.en" label={t('field.titleEn')} />
      </div>
      <AreaFields />
      <TextArea name="hazards" label={t('warning.hazards')} hint={t('hint.onePerLine')} required />
      <TextArea name="measures" label={t('warning.measures')} hint={t('hint.onePerLine')} required />
    </Form>
  );
}

function AdjustDialog({ link, detail, onClose, ctx }: { link: WarningLink; detail?: PublicWarning | undefined; onClose(): void; ctx: IncidentCtx }) {
  const [initial] = useState<Values>(() => ({
    level: link.level,
    ...areaValues(detail),
    hazards: (detail?.hazards ?? []).map((x) => pick(x, 'zh-CN')).join('\n'),
    measures: (detail?.measures ?? []).map((x) => pick(x, 'zh-CN')).join('\n'),
    reason: '',
  }));
  const form = useForm<Values>(initial);
  // Only what was changed is sent: an unchanged list keeps its English translations.
  const changed = (v: Values, ...names: string[]) => names.some((n) => String(v[n]).trim() !== String(initial[n]).trim());
  return (
    <Dialog open title={t('warning.adjust')} onClose={onClose}>
      <Form
        form={form}
        submitLabel={t('warning.adjust')}
        onSubmit={async (v) => {
          const body: Record<string, unknown> = { action: 'adjust', reason: String(v['reason']) };
          if (v['level'] !== link.level) body['level'] = v['level'];
          if (changed(v, ...Object.keys(areaValues()))) body['area'] = areaBody(v);
          if (changed(v, 'hazards')) body['hazards'] = lines(String(v['hazards']));
          if (changed(v, 'measures')) body['measures'] = lines(String(v['measures']));
          await call('POST', `/v1/warnings/${encodeURIComponent(link.warningId)}/transitions`, { body });
          onClose();
          ctx.changed(t('warning.adjusted'));
        }}
      >
        <Select name="level" label={t('warning.level')} options={warningLevelOptions()} />
        <AreaFields />
        <TextArea name="hazards" label={t('warning.hazards')} hint={t('hint.onePerLine')} />
        <TextArea name="measures" label={t('warning.measures')} hint={t('hint.onePerLine')} />
        <TextArea name="reason" label={t('field.reason')} required />
      </Form>
    </Dialog>
  );
}

function LiftDialog({ link, onClose, ctx }: { link: WarningLink; onClose(): void; ctx: IncidentCtx }) {
  const form = useForm({ reason: '' });
  return (
    <Dialog open title={t('warning.lift')} onClose={onClose}>
      <p>{t('warning.liftWarning')}</p>
      <Form
        form={form}
        submitLabel={t('warning.lift')}
        onSubmit={async (v) => {
          const reason = String(v.reason).trim();
          await call('POST', `/v1/warnings/${encodeURIComponent(link.warningId)}/transitions`, { body: { action: 'lift', ...(reason ? { reason } : {}) } });
          onClose();
          ctx.changed(t('warning.lifted'));
        }}
      >
        <TextArea name="reason" label={t('field.reasonOptional')} />
      </Form>
    </Dialog>
  );
}

export function Warnings({ ctx, details }: { ctx: IncidentCtx; details: PublicWarning[] }) {
  const [open, setOpen] = useState<{ kind: 'adjust' | 'lift'; link: WarningLink } | null>(null);
  const links = ctx.incident.warnings ?? [];
  const warnable = ctx.incident.category !== 'social-security';
  return (
    <Section title={t('incident.warnings')} id="incident-warnings">
      {links.length === 0 ? (
        <p class="empty">{t('warning.none')}</p>
      ) : (
        <Table
          caption={t('incident.warnings')}
          rows={links}
          rowKey={(w) => w.warningId}
          columns={[
            { header: t('warning.level'), cell: (w) => <WarningBadge level={w.level} /> },
            { header: t('warning.status'), cell: (w) => <StatusBadge status={w.status} /> },
            { header: t('warning.issuedAt'), cell: (w) => formatDateTime(w.issuedAt) },
            {
              header: t('warning.links'),
              cell: (w) => (
                <>
                  <a href={`#/warnings/${encodeURIComponent(w.warningId)}`}>{t('warning.publicPage')}</a> ·{' '}
                  <a href={`/v1/public/warnings/${encodeURIComponent(w.warningId)}.cap`}>{t('warning.capLink')}</a>
                </>
              ),
            },
            {
              header: t('table.actions'),
              cell: (w) =>
                w.status === 'active' ? (
                  <span class="inline-actions">
                    <Button onClick={() => setOpen({ kind: 'adjust', link: w })}>{t('warning.adjust')}</Button>
                    <Button variant="danger" onClick={() => setOpen({ kind: 'lift', link: w })}>
                      {t('warning.lift')}
                    </Button>
                  </span>
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
      {open?.kind === 'adjust' && <AdjustDialog ctx={ctx} link={open.link} detail={details.find((d) => d.warningId === open.link.warningId)} onClose={() => setOpen(null)} />}
      {open?.kind === 'lift' && <LiftDialog ctx={ctx} link={open.link} onClose={() => setOpen(null)} />}
      {warnable ? (
        <details class="disclosure">
          <summary>{t('warning.issueNew')}</summary>
          <IssueForm ctx={ctx} />
        </details>
      ) : (
        <p class="muted">{t('warning.notForSocial', { category: label('category', 'social-security') })}</p>
      )}
    </Section>
  );
}
