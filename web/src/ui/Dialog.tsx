// A modal dialog on the native <dialog>: the browser traps focus and closes it on Escape; focus returns to the
// button that opened it.
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import { t } from '../i18n/index.ts';

export function Dialog({ open, title, onClose, children }: { open: boolean; title: string; onClose(): void; children: ComponentChildren }) {
  const ref = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      opener.current = document.activeElement;
      d.showModal();
    } else if (!open && d.open) {
      d.close();
    }
  }, [open]);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    const closed = () => {
      onClose();
      (opener.current as HTMLElement | null)?.focus?.();
    };
    d.addEventListener('close', closed);
    return () => d.removeEventListener('close', closed);
  }, [onClose]);
  const titleId = useId();
  return (
    <dialog ref={ref} class="dialog" aria-labelledby={titleId}>
      <div class="dialog-head">
        <h2 id={titleId}>{title}</h2>
        <button type="button" class="btn btn-quiet" onClick={() => ref.current?.close()}>
          {t('action.close')}
        </button>
      </div>
      {open && <div class="dialog-body">{children}</div>}
    </dialog>
  );
}
