// Says what is waiting to be sent: each queued submission, when it was made, and why it has not gone yet.
import { formatDateTime, t } from '../i18n/index.ts';
import { useStore } from '../store.ts';
import { online } from './online.ts';
import type { Outbox } from './outbox.ts';
import { flushAll, useOutbox } from './queue.ts';
import { Button } from '../ui/Button.tsx';

export function OutboxPanel({ box }: { box: Outbox }) {
  const items = useOutbox(box);
  const isOnline = useStore(online);
  if (items.length === 0) return null;
  return (
    <section class="outbox notice notice-info" aria-labelledby={`outbox-${box.name}`} role="region">
      <h2 id={`outbox-${box.name}`}>{t('outbox.title', { n: items.length })}</h2>
      <p role="status">{isOnline ? t('outbox.online') : t('outbox.offline')}</p>
      <ul class="outbox-items">
        {items.map((s) => (
          <li key={s.id} data-state={s.state}>
            <strong>{s.summary}</strong> <span class="muted">{t('outbox.queuedAt', { at: formatDateTime(s.queuedAt) })}</span>
            <br />
            {s.state === 'refused' ? (
              <span class="field-error">{t('outbox.refused', { title: s.refusal?.title ?? '' })}</span>
            ) : s.state === 'sending' ? (
              t('outbox.sending')
            ) : s.needsSignIn ? (
              <span>
                {t('outbox.needsSignIn')} <a href="#/sign-in">{t('nav.signIn')}</a>
              </span>
            ) : (
              t('outbox.waiting')
            )}
            {s.state !== 'sending' && (
              <span class="inline-actions">
                {s.state === 'waiting' && isOnline && <Button onClick={() => void flushAll()}>{t('outbox.sendNow')}</Button>}
                <Button variant="danger" onClick={() => box.discard(s.id)}>
                  {t('outbox.discard')}
                </Button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
