// Alert subscriptions of the signed-in person: subscribe by division, category and minimum level; unsubscribe. The
// list comes from GET /v1/subscriptions where the API has it; until then the page lists what was created here.
import { useState } from 'preact/hooks';
import { call, newIdempotencyKey } from '../../api/client.ts';
import { usePaged } from '../../api/paging.ts';
import type { Subscription } from '../../api/types.ts';
import { formatDateTime, label, t } from '../../i18n/index.ts';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { Checkbox, CheckboxGroup, Select, TextField } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm } from '../../ui/form.ts';
import { Empty, ProblemNotice, Progress, Success } from '../../ui/Notice.tsx';
import { Page, Section } from '../../ui/Page.tsx';
import { Table } from '../../ui/Table.tsx';
import { categoryOptions, warningLevelOptions } from '../office/options.ts';

const blank = () => ({
  protocol: 'email',
  endpoint: '',
  'filter.divisionPrefix': '',
  'filter.categories': [] as string[],
  'filter.minLevel': '',
  'filter.includeExercises': false as boolean,
  key: newIdempotencyKey(),
});

export function filterText(f: Subscription['filter']): string {
  const parts = [
    f.divisionPrefix ? t('subscription.divisionPrefix', { prefix: f.divisionPrefix }) : '',
    f.categories?.length ? f.categories.map((c) => label('category', c)).join(', ') : '',
    f.minLevel ? t('subscription.minLevelText', { level: f.minLevel }) : '',
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : t('subscription.everything');
}

export function SubscriptionsPage() {
  const list = usePaged<Subscription>('/v1/subscriptions', {});
  const [created, setCreated] = useState<Subscription[]>([]);
  const [removed, setRemoved] = useState<string[]>([]);
  const [confirm, setConfirm] = useState<Subscription | null>(null);
  const [coding, setCoding] = useState<Subscription | null>(null);
  const [updated, setUpdated] = useState<Record<string, Subscription>>({});
  const [message, setMessage] = useState<string | null>(null);
  const form = useForm(blank);
  // 404/405: this API has no listing route yet; show what was made here instead of an error.
  const listMissing = list.problem !== null && (list.problem.status === 404 || list.problem.status === 405);
  const rows = [...created, ...list.items.filter((s) => !created.some((c) => c.subscriptionId === s.subscriptionId))]
    .filter((s) => !removed.includes(s.subscriptionId))
    .map((s) => updated[s.subscriptionId] ?? s);
  return (
    <Page title={t('page.subscriptions')} lead={<p>{t('subscription.lead')}</p>}>
      {message && <Success>{message}</Success>}
      <Section title={t('subscription.mine')} id="subscriptions-list">
        {list.loading && <Progress>{t('list.loading')}</Progress>}
        {list.problem && !listMissing && <ProblemNotice problem={list.problem} onRetry={list.reload} />}
        {rows.length > 0 ? (
          <Table
            caption={t('subscription.mine')}
            rows={rows}
            rowKey={(s) => s.subscriptionId}
            columns={[
              { header: t('subscription.protocol'), cell: (s) => label('protocol', s.protocol) },
              { header: t('subscription.endpoint'), cell: (s) => s.endpoint },
              { header: t('subscription.filter'), cell: (s) => filterText(s.filter) },
              { header: t('warning.status'), cell: (s) => (s.status ? <StatusBadge status={s.status} /> : '—') },
              { header: t('subscription.createdAt'), cell: (s) => formatDateTime(s.createdAt) || '—' },
              {
                header: t('table.actions'),
                cell: (s) => (
                  <span class="inline-actions">
                    {s.status === 'pending-code' && <Button onClick={() => setCoding(s)}>{t('subscription.enterCode')}</Button>}
                    <Button variant="danger" onClick={() => setConfirm(s)}>
                      {t('subscription.delete')}
                    </Button>
                  </span>
                ),
              },
            ]}
          />
        ) : (
          (list.loaded || listMissing) && !list.loading && <Empty>{listMissing ? t('subscription.listComing') : t('subscription.none')}</Empty>
        )}
        {list.hasMore && !list.loading && <Button onClick={list.loadMore}>{t('list.more')}</Button>}
      </Section>
      <Section title={t('subscription.new')} id="subscription-new">
        <Form
          form={form}
          labelledBy="subscription-new"
          submitLabel={t('subscription.create')}
          onSubmit={async (v) => {
            const filter = {
              ...(v['filter.divisionPrefix'].trim() ? { divisionPrefix: v['filter.divisionPrefix'].trim() } : {}),
              ...(v['filter.categories'].length ? { categories: v['filter.categories'] } : {}),
              ...(v['filter.minLevel'] ? { minLevel: v['filter.minLevel'] } : {}),
              ...(v['filter.includeExercises'] ? { includeExercises: true } : {}),
            };
            const r = await call<Subscription>('POST', '/v1/subscriptions', { body: { protocol: v.protocol, endpoint: v.endpoint.trim(), filter }, idempotencyKey: v.key });
            setCreated((c) => [r.data, ...c.filter((x) => x.subscriptionId !== r.data.subscriptionId)]);
            form.reset(blank());
            setMessage(t('subscription.created'));
          }}
        >
          <div class="field-grid">
            <Select name="protocol" label={t('subscription.protocol')} required options={['email', 'sms', 'https'].map((p) => ({ value: p, label: label('protocol', p) }))} />
            <TextField name="endpoint" label={t('subscription.endpoint')} required hint={t('hint.endpoint')} />
          </div>
          <TextField name="filter.divisionPrefix" label={t('subscription.divisionPrefixLabel')} inputMode="numeric" hint={t('hint.divisionPrefix')} />
          <CheckboxGroup name="filter.categories" label={t('subscription.categories')} hint={t('hint.categories')} options={categoryOptions()} />
          <Select name="filter.minLevel" label={t('subscription.minLevel')} options={[{ value: '', label: t('subscription.anyLevel') }, ...warningLevelOptions()]} />
          <Checkbox name="filter.includeExercises" label={t('subscription.includeExercises')} />
        </Form>
      </Section>
      {coding && (
        <Dialog open title={t('subscription.enterCode')} onClose={() => setCoding(null)}>
          <CodeForm
            s={coding}
            onDone={(next) => {
              setUpdated((u) => ({ ...u, [next.subscriptionId]: next }));
              setCoding(null);
              setMessage(t('subscription.confirmed'));
            }}
          />
        </Dialog>
      )}
      {confirm && (
        <Dialog open title={t('subscription.delete')} onClose={() => setConfirm(null)}>
          <DeleteConfirm
            s={confirm}
            onDone={() => {
              setRemoved((r) => [...r, confirm.subscriptionId]);
              setConfirm(null);
              setMessage(t('subscription.deleted'));
            }}
          />
        </Dialog>
      )}
    </Page>
  );
}

/** An SMS subscription waits for the 6-digit code sent to the phone. */
function CodeForm({ s, onDone }: { s: Subscription; onDone(next: Subscription): void }) {
  const form = useForm({ code: '' });
  return (
    <Form
      form={form}
      submitLabel={t('subscription.confirm')}
      onSubmit={async (v) => {
        const r = await call<Subscription>('POST', `/v1/subscriptions/${encodeURIComponent(s.subscriptionId)}/confirm`, { body: { code: v.code.trim() } });
        onDone(r.data);
      }}
    >
      <TextField name="code" label={t('subscription.code')} inputMode="numeric" autoComplete="one-time-code" required hint={t('hint.code', { endpoint: s.endpoint })} />
    </Form>
  );
}

function DeleteConfirm({ s, onDone }: { s: Subscription; onDone(): void }) {
  const form = useForm({});
  return (
    <Form
      form={form}
      submitLabel={t('subscription.deleteConfirm')}
      onSubmit={async () => {
        await call('DELETE', `/v1/subscriptions/${encodeURIComponent(s.subscriptionId)}`);
        onDone();
      }}
    >
      <p>{t('subscription.deleteText', { endpoint: s.endpoint, filter: filterText(s.filter) })}</p>
    </Form>
  );
}
