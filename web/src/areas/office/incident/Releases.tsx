// Incident page: information released to the public about it, and a new release (zh-CN required, English optional).
import { useEffect, useState } from 'preact/hooks';
import { call, get, newIdempotencyKey } from '../../../api/client.ts';
import type { Page as ApiPage, Release } from '../../../api/types.ts';
import { t } from '../../../i18n/index.ts';
import { TextArea, TextField } from '../../../ui/fields.tsx';
import { Form } from '../../../ui/Form.tsx';
import { useForm } from '../../../ui/form.ts';
import { Progress } from '../../../ui/Notice.tsx';
import { Section } from '../../../ui/Page.tsx';
import { ReleaseCard } from '../../public/ReleasesPage.tsx';
import { incidentPath, type IncidentCtx } from './shared.ts';

/** The public releases of one incident: the public list of its division, read page by page (up to 10 pages). */
function useIncidentReleases(incidentId: string, division: string, generation: number) {
  const [items, setItems] = useState<Release[]>([]);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let stale = false;
    (async () => {
      setLoading(true);
      const found: Release[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i++) {
        const page = await get<ApiPage<Release>>(`/v1/public/releases?division=${division}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { anonymous: true });
        found.push(...page.items.filter((r) => r.incidentId === incidentId));
        if (!page.cursor) break;
        cursor = page.cursor;
      }
      if (!stale) setItems(found);
    })()
      .catch(() => undefined)
      .finally(() => !stale && setLoading(false));
    return () => {
      stale = true;
    };
  }, [incidentId, division, generation]);
  return { items, loading };
}

export function Releases({ ctx, generation }: { ctx: IncidentCtx; generation: number }) {
  const i = ctx.incident;
  const list = useIncidentReleases(i.incidentId, i.divisionCode, generation);
  const form = useForm({ 'title.zh-CN': '', 'title.en': '', 'body.zh-CN': '', 'body.en': '', key: newIdempotencyKey() });
  return (
    <Section title={t('incident.releases')} id="incident-releases">
      {list.loading && <Progress>{t('list.loading')}</Progress>}
      {!list.loading && list.items.length === 0 && <p class="empty">{t('public.noReleases')}</p>}
      <div class="cards">
        {list.items.map((r) => (
          <ReleaseCard key={r.releaseId} r={r} />
        ))}
      </div>
      <details class="disclosure">
        <summary>{t('release.new')}</summary>
        <Form
          form={form}
          submitLabel={t('release.publish')}
          onSubmit={async (v) => {
            const te = v['title.en'].trim();
            const be = v['body.en'].trim();
            const body = { title: { 'zh-CN': v['title.zh-CN'], ...(te ? { en: te } : {}) }, body: { 'zh-CN': v['body.zh-CN'], ...(be ? { en: be } : {}) } };
            await call('POST', incidentPath(i.incidentId, '/releases'), { body, idempotencyKey: v.key });
            form.reset({ 'title.zh-CN': '', 'title.en': '', 'body.zh-CN': '', 'body.en': '', key: newIdempotencyKey() });
            ctx.changed(t('release.published'));
          }}
        >
          <div class="field-grid">
            <TextField name="title.zh-CN" label={t('field.titleZh')} required />
            <TextField name="title.en" label={t('field.titleEn')} />
          </div>
          <TextArea name="body.zh-CN" label={t('field.bodyZh')} required rows={4} />
          <TextArea name="body.en" label={t('field.bodyEn')} rows={4} />
        </Form>
      </details>
    </Section>
  );
}
