// Submissions kept while offline (localStorage) and sent when the connection returns. Each carries the
// Idempotency-Key made when it was first submitted, so sending it again (after a dropped connection, from a second
// tab, after a reload) replays the first result instead of creating twice. Generic: the office incident report and the
// citizen report form use it, each with its own kind and path. What the API answered is kept for the person to see
// when the form asks (a report's follow-up code is shown once), until they let it go.
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface Submission {
  id: string;
  /** Which form made it, e.g. `incident-report`. */
  kind: string;
  method: 'POST' | 'PUT';
  path: string;
  body: unknown;
  idempotencyKey: string;
  /** A line for people: what is waiting (a title, never personal data beyond what the form shows). */
  summary: string;
  queuedAt: string;
  attempts: number;
  state: 'waiting' | 'sending' | 'refused';
  /** Why the API refused it (its problem title, in the language of the attempt). */
  refusal?: { title: string; status: number; detail?: string };
  /** Sign-in needed before it can go (a signed-in route and no token). */
  needsSignIn?: boolean;
  /** Sent without the sign-in token (a public route: the citizen report goes anonymously even when signed in). */
  anonymous?: boolean;
  /** Keep the API's answer after sending until the person has seen it (`kept()`, `forget()`). */
  keepResult?: boolean;
}

/** A sent submission whose answer waits to be seen. */
export interface Kept {
  id: string;
  summary: string;
  sentAt: string;
  result: unknown;
}

export type SendResult =
  | { outcome: 'sent'; result: unknown }
  /** No answer, a 5xx or 429: keep it and try again later. */
  | { outcome: 'retry'; needsSignIn?: boolean }
  /** A 4xx: sending again would be refused again. */
  | { outcome: 'refused'; refusal: { title: string; status: number; detail?: string } };

export type Sender = (s: Submission) => Promise<SendResult>;

export interface Delivered {
  submission: Submission;
  result: unknown;
}

export class Outbox {
  private readonly key: string;
  private flushing: Promise<Delivered[]> | null = null;
  private readonly listeners = new Set<() => void>();

  readonly name: string;
  private readonly storage: KeyValueStorage;
  private readonly send: Sender;

  constructor(name: string, storage: KeyValueStorage, send: Sender) {
    this.name = name;
    this.storage = storage;
    this.send = send;
    this.key = `erp.outbox.${name}`;
  }

  /** Answers of sent submissions that asked to keep them, oldest first. */
  kept(): Kept[] {
    try {
      const raw = this.storage.getItem(`${this.key}.kept`);
      return raw ? (JSON.parse(raw) as Kept[]) : [];
    } catch {
      return [];
    }
  }

  forget(id: string): void {
    this.storage.setItem(`${this.key}.kept`, JSON.stringify(this.kept().filter((k) => k.id !== id)));
    for (const l of [...this.listeners]) l();
  }

  /** Keeps an answer for the person to see (also for a submission sent at once, never queued). */
  keep(item: Pick<Submission, 'id' | 'summary'>, result: unknown): void {
    const kept: Kept = { id: item.id, summary: item.summary, sentAt: new Date().toISOString(), result };
    this.storage.setItem(`${this.key}.kept`, JSON.stringify([...this.kept().filter((k) => k.id !== item.id), kept]));
    for (const l of [...this.listeners]) l();
  }

  list(): Submission[] {
    try {
      const raw = this.storage.getItem(this.key);
      return raw ? (JSON.parse(raw) as Submission[]) : [];
    } catch {
      return [];
    }
  }

  private save(items: Submission[]): void {
    this.storage.setItem(this.key, JSON.stringify(items));
    for (const l of [...this.listeners]) l();
  }

  /** Another tab changed the queue (storage event): tell the listeners. */
  changed(): void {
    for (const l of [...this.listeners]) l();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(s: Omit<Submission, 'id' | 'queuedAt' | 'attempts' | 'state'> & { queuedAt?: string }): Submission {
    const item: Submission = { ...s, id: s.idempotencyKey, queuedAt: s.queuedAt ?? new Date().toISOString(), attempts: 0, state: 'waiting' };
    // The same submission queued twice (a double click) stays one item.
    this.save([...this.list().filter((i) => i.id !== item.id), item]);
    return item;
  }

  discard(id: string): void {
    this.save(this.list().filter((i) => i.id !== id));
  }

  private update(id: string, patch: Partial<Submission>): void {
    this.save(this.list().map((i) => (i.id === id ? { ...i, ...patch } : i)));
  }

  /** Sends every waiting submission once, oldest first; one flush at a time. Resolves with what went through. */
  flush(): Promise<Delivered[]> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<Delivered[]> {
    const delivered: Delivered[] = [];
    for (const item of this.list()) {
      if (item.state === 'refused') continue;
      this.update(item.id, { state: 'sending', attempts: item.attempts + 1 });
      let r: SendResult;
      try {
        r = await this.send(item);
      } catch {
        r = { outcome: 'retry' };
      }
      if (r.outcome === 'sent') {
        if (item.keepResult) this.keep(item, r.result);
        this.discard(item.id);
        delivered.push({ submission: item, result: r.result });
      } else if (r.outcome === 'refused') {
        this.update(item.id, { state: 'refused', refusal: r.refusal });
      } else {
        this.update(item.id, { state: 'waiting', needsSignIn: r.needsSignIn === true });
        // No connection: the rest would fail the same way; wait for the next online event.
        break;
      }
    }
    return delivered;
  }
}
