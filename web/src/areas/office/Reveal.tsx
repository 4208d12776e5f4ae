// Office: a personal field shown masked, and its clear value on request (rule 18): the office says why in at least 10
// characters, the API logs who, when and why, and the value is shown once, in the dialog; closing it forgets it.
import { useState } from 'preact/hooks';
import { call } from '../../api/client.ts';
import { usePaged } from '../../api/paging.ts';
import type { AuditEntry, Revealed } from '../../api/types.ts';
import { formatDateTime, label, t } from '../../i18n/index.ts';
import { Button } from '../../ui/Button.tsx';
import { Dialog } from '../../ui/Dialog.tsx';
import { TextArea } from '../../ui/fields.tsx';
import { Form } from '../../ui/Form.tsx';
import { useForm } from '../../ui/form.ts';
import { Section } from '../../ui/Page.tsx';
import { PagedList } from '../../ui/PagedList.tsx';

export const MIN_REVEAL_PURPOSE = 10;

function RevealDialog({ kind, id, field, fieldLabel, onClose }: { kind: string; id: string; field: string; fieldLabel: string; onClose(): void }) {
  const form = useForm({ purpose: '' });
  const [value, setValue] = useState<Revealed | null>(null);
  return (
    <Dialog open title={t('reveal.title', { field: fieldLabel })} onClose={onClose}>
      {value ? (
        <>
          <p>{t('reveal.once')}</p>
          <p class="revealed">
            <strong>{fieldLabel}:</strong> <output>{value.value}</output>
          </p>
          <p class="small muted">{t('reveal.logged', { at: formatDateTime(value.revealedAt) })}</p>
        </>
      ) : (
        <Form
          form={form}
          submitLabel={t('reveal.show')}
          onSubmit={async (v) => {
            setValue((await call<Revealed>('POST', '/v1/pii/reveal', { body: { ref: { kind, id }, field, purpose: v.purpose } })).data);
          }}
        >
          <p>{t('reveal.lead')}</p>
          <TextArea name="purpose" label={t('reveal.purpose')} required hint={t('hint.revealPurpose', { n: MIN_REVEAL_PURPOSE })} />
        </Form>
      )}
    </Dialog>
  );
}

/** A masked value with the button that reveals it. */
export function Masked({ kind, id, field, fieldLabel, masked }: { kind: 'requisition' | 'claim' | 'deployment'; id: string; field: string; fieldLabel: string; masked: string }) {
  const [open, setOpen] = useState(false);
  return (
    <span class="masked">
      <span>{masked}</span>{' '}
      {masked !== 'destroyed' && (
        <Button variant="quiet" onClick={() => setOpen(true)} aria-label={t('reveal.buttonFor', { field: fieldLabel })}>
          {t('reveal.button')}
        </Button>
      )}
      {open && <RevealDialog kind={kind} id={id} field={field} fieldLabel={fieldLabel} onClose={() => setOpen(false)} />}
    </span>
  );
}

/** A record's audit trail: every change and every reveal of its personal data, with who, when and why. */
export function AuditTrail({ path, generation }: { path: string; generation: number }) {
  const list = usePaged<AuditEntry>(path, {}, { refresh: generation });
  return (
    <Section title={t('audit.title')} id="record-audit">
      <PagedList list={list} empty={t('timeline.none')}>
        {(items) => (
          <ol class="timeline">
            {items.map((e) => (
              <li key={`${e.at}:${e.requestId}:${e.action}`}>
                <time dateTime={e.at}>{formatDateTime(e.at)}</time> <strong>{label('action', e.action)}</strong>{' '}
                {e.field ? t('audit.field', { field: e.field }) : `${e.from ? `${e.from} → ` : ''}${e.to}`}
                {e.reason && <span class="muted"> · {t('timeline.reason', { reason: e.reason })}</span>}
                <span class="muted"> · {[label('role', e.actor.role), e.actor.division].filter(Boolean).join(' ')}</span>
              </li>
            ))}
          </ol>
        )}
      </PagedList>
    </Section>
  );
}
