// The console's outboxes: one per form kind, sending through the API client, flushed when the browser says the
// connection is back and when a page opens online. `submitOrQueue` is what a form calls.
import { useEffect, useState } from 'preact/hooks';
import { ApiError, call, Unreachable } from '../api/client.ts';
import { session } from '../session.ts';
import { Outbox, type Delivered, type Sender, type Submission } from './outbox.ts';

const outboxes = new Map<string, Outbox>();
const deliveredListeners = new Set<(d: Delivered) => void>();

/** Sends with the session of the moment of sending; anonymous submissions (the citizen report) go without it. */
const sender: Sender = async (s: Submission) => {
  if (!s.anonymous && !session.get()) return { outcome: 'retry', needsSignIn: true };
  try {
    const r = await call<unknown>(s.method, s.path, { body: s.body, idempotencyKey: s.idempotencyKey, ...(s.anonymous ? { anonymous: true } : {}) });
    return { outcome: 'sent', result: r.data };
  } catch (err) {
    if (err instanceof Unreachable) return { outcome: 'retry' };
    if (err instanceof ApiError) {
      const { status } = err.problem;
      if (status >= 500 || status === 429 || status === 401 || status === 408) return { outcome: 'retry', needsSignIn: status === 401 };
      return { outcome: 'refused', refusal: { title: err.problem.title, status, ...(err.problem.detail ? { detail: err.problem.detail } : {}) } };
    }
    return { outcome: 'retry' };
  }
};

export function outbox(kind: string): Outbox {
  let o = outboxes.get(kind);
  if (!o) {
    o = new Outbox(kind, localStorage, sender);
    outboxes.set(kind, o);
  }
  return o;
}

export async function flushAll(): Promise<void> {
  for (const o of outboxes.values()) {
    const delivered = await o.flush();
    for (const d of delivered) for (const l of [...deliveredListeners]) l(d);
  }
}

let wired = false;
/** Once per page: send on `online`, on start when online, and pick up other tabs' changes. */
export function wireOutboxes(): void {
  if (wired) return;
  wired = true;
  // Whatever waits from an earlier visit goes when the connection is there, whichever page is open: a form's outbox
  // exists once its page opened, so the ones with submissions kept in this browser are made now.
  try {
    for (let i = 0; i < localStorage.length; i++) {
      const m = /^erp\.outbox\.([\w-]+)$/.exec(localStorage.key(i) ?? '');
      if (m) outbox(m[1]!);
    }
  } catch {
    /* storage off: nothing was kept */
  }
  if (navigator.onLine && [...outboxes.values()].some((o) => o.list().some((s) => s.state !== 'refused'))) void flushAll();
  addEventListener('online', () => void flushAll());
  addEventListener('storage', (e) => {
    if (e.key?.startsWith('erp.outbox.')) for (const o of outboxes.values()) o.changed();
  });
  session.subscribe(() => {
    if (session.get() && navigator.onLine) void flushAll();
  });
}

export function onDelivered(listener: (d: Delivered) => void): () => void {
  deliveredListeners.add(listener);
  return () => deliveredListeners.delete(listener);
}

/** The submissions waiting in an outbox, re-rendered as they change. */
export function useOutbox(o: Outbox): Submission[] {
  const [, setTick] = useState(0);
  useEffect(() => o.subscribe(() => setTick((n) => n + 1)), [o]);
  useEffect(() => {
    if (navigator.onLine && o.list().some((s) => s.state !== 'refused')) void flushAll();
  }, [o]);
  return o.list();
}

export type Outcome<T> = { sent: true; result: T } | { sent: false; queued: Submission };

/**
 * Sends now when online; keeps it in the outbox when offline or when no answer comes back (the key makes the later
 * resend safe even if the first attempt did reach the API). A refusal (4xx) is thrown for the form to show.
 */
export async function submitOrQueue<T>(o: Outbox, s: Omit<Submission, 'id' | 'queuedAt' | 'attempts' | 'state'>): Promise<Outcome<T>> {
  if (navigator.onLine) {
    try {
      const r = await call<T>(s.method, s.path, { body: s.body, idempotencyKey: s.idempotencyKey, ...(s.anonymous ? { anonymous: true } : {}) });
      if (s.keepResult) o.keep({ id: s.idempotencyKey, summary: s.summary }, r.data);
      return { sent: true, result: r.data };
    } catch (err) {
      if (!(err instanceof Unreachable)) throw err;
    }
  }
  return { sent: false, queued: o.add(s) };
}
