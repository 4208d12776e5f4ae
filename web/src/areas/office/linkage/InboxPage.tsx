// Office: notices reported up to this division or notified to it by a neighbour (Art 17, 61, 64), each with the time it
// must be acknowledged by; overdue ones are flagged, and acknowledging one writes the sender's delivery receipt.
import { useState } from 'preact/hooks';
import { call } from '../../../api/client.ts';
import { problemOf, usePaged } from '../../../api/paging.ts';
import { NOTICE_STATUSES, type Notice, type Problem } from '../../../api/types.ts';
import { formatDateTime, label, t } from '../../../i18n/index.ts';
import { navigate } from '../../../router.ts';
import { Flag, StatusBadge } from '../../../ui/Badge.tsx';
import { Button } from '../../../ui/Button.tsx';
import { ProblemNotice, Success } from '../../../ui/Notice.tsx';
import { Page } from '../../../ui/Page.tsx';
import { PagedList } from '../../../ui/PagedList.tsx';
import { Filters, FilterSelect } from '../../../ui/Filters.tsx';
import { Table } from '../../../ui/Table.tsx';

export function noticeDue(n: Notice) {
  if (n.status === 'acknowledged') return n.acknowledgement ? t('inbox.acknowledgedAt', { at: formatDateTime(n.acknowledgement.at) }) : '—';
  return n.overdue ? <Flag>{t('inbox.overdueSince', { at: formatDateTime(n.dueAt) })}</Flag> : t('inbox.dueBy', { at: formatDateTime(n.dueAt) });
}

export function InboxPage({ query }: { query: URLSearchParams }) {
  const status = query.get('status') ?? '';
  const [acked, setAcked] = useState<Record<string, Notice>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = usePaged<Notice>('/v1/inbox', { status });
  const acknowledge = async (n: Notice) => {
    setBusy(n.noticeId);
    setProblem(null);
    try {
      const r = await call<Notice>('POST', `/v1/inbox/${encodeURIComponent(n.noticeId)}/acknowledge`);
      setAcked((a) => ({ ...a, [n.noticeId]: r.data }));
      setMessage(t('inbox.acknowledged', { title: n.title }));
    } catch (err) {
      setProblem(problemOf(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <Page title={t('page.inbox')} lead={<p>{t('inbox.lead')}</p>}>
      {message && <Success>{message}</Success>}
      {problem && <ProblemNotice problem={problem} />}
      <Filters>
        <FilterSelect id="inbox-status" label={t('inbox.status')} value={status} options={NOTICE_STATUSES.map((s) => ({ value: s, label: label('status', s) }))} onChange={(v) => navigate(`/office/inbox?status=${encodeURIComponent(v)}`)} />
      </Filters>
      <PagedList list={list} empty={t('inbox.none')}>
        {(items) => (
          <Table
            caption={t('page.inbox')}
            rows={items.map((n) => acked[n.noticeId] ?? n)}
            rowKey={(n) => n.noticeId}
            columns={[
              {
                header: t('inbox.notice'),
                cell: (n) => (
                  <>
                    <strong>{n.title}</strong>
                    <br />
                    <span class="small">{n.summary}</span>
                  </>
                ),
              },
              { header: t('inbox.kind'), cell: (n) => `${label('noticeKind', n.kind)}${n.exercise ? ` · ${t('inbox.exercise')}` : ''}` },
              { header: t('inbox.from'), cell: (n) => `${n.from.division} · ${label('gov', n.from.level)} (${label('relation', n.relation)})` },
              { header: t('inbox.sentAt'), cell: (n) => formatDateTime(n.sentAt) },
              { header: t('inbox.due'), cell: noticeDue },
              { header: t('inbox.status'), cell: (n) => <StatusBadge status={n.status} /> },
              {
                header: t('table.actions'),
                cell: (n) =>
                  n.status !== 'acknowledged' ? (
                    <Button variant="primary" busy={busy === n.noticeId} onClick={() => void acknowledge(n)} aria-label={t('inbox.acknowledgeFor', { title: n.title })}>
                      {t('inbox.acknowledge')}
                    </Button>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        )}
      </PagedList>
    </Page>
  );
}
