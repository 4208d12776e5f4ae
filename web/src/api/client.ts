// The one way the console calls the API: same origin, JSON, the chosen language in Accept-Language (problem titles
// come back in it), the bearer token when signed in. Failures become an ApiError carrying the problem, or an
// Unreachable when the request never got an answer (offline, connection dropped).
import { language, t } from '../i18n/index.ts';
import { session, signOut } from '../session.ts';
import type { Problem } from './types.ts';

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.title);
    this.problem = problem;
    this.name = 'ApiError';
  }
  get status(): number {
    return this.problem.status;
  }
}

/** No answer came back: the request may or may not have reached the API. */
export class Unreachable extends Error {
  constructor() {
    super('unreachable');
    this.name = 'Unreachable';
  }
}

export interface CallOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  idempotencyKey?: string;
  ifMatch?: string;
  /** Public routes are called without the token even when signed in. */
  anonymous?: boolean;
  signal?: AbortSignal;
}

export interface Reply<T> {
  data: T;
  status: number;
  etag: string | undefined;
  replayed: boolean;
}

export function withQuery(path: string, query?: CallOptions['query']): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** The request as every call sends it; failures to get any answer become Unreachable. */
async function send(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: CallOptions, accept: string): Promise<Response> {
  const headers: Record<string, string> = { Accept: accept, 'Accept-Language': language.get().lang };
  const s = session.get();
  if (s && !opts.anonymous) headers['Authorization'] = `Bearer ${s.token}`;
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  if (opts.idempotencyKey) headers['Idempotency-Key'] = opts.idempotencyKey;
  if (opts.ifMatch) headers['If-Match'] = opts.ifMatch;
  try {
    return await fetch(withQuery(path, opts.query), {
      method,
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      credentials: 'omit',
      // Revalidate (ETag, 304) instead of trusting a cached copy: a public list cached before an office issued a
      // warning must not hide it. The edge cache in front of /v1/public/* still answers the revalidations.
      cache: 'no-cache',
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new Unreachable();
  }
}

/** A refusal as an ApiError with its problem (401 also forgets the token, so the page offers sign-in). */
function refusal(res: Response, json: unknown, opts: CallOptions): ApiError {
  const p = json as Partial<Problem> | undefined;
  const problem: Problem =
    p && typeof p.title === 'string' ? { ...p, title: p.title, status: res.status } : { title: t('error.unexpected'), status: res.status, detail: `HTTP ${res.status}` };
  // An expired or revoked token: forget it so the page offers sign-in.
  if (res.status === 401 && session.get() && !opts.anonymous) signOut();
  return new ApiError(problem);
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

export async function call<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, opts: CallOptions = {}): Promise<Reply<T>> {
  const res = await send(method, path, opts, 'application/json, application/problem+json');
  const text = await res.text();
  const json = parse(text);
  if (!res.ok) throw refusal(res, json, opts);
  return { data: json as T, status: res.status, etag: res.headers.get('ETag') ?? undefined, replayed: res.headers.get('Idempotent-Replayed') === 'true' };
}

/** A document the API serves as a page (a requisition voucher, a service certificate): its HTML text. */
export async function getDocument(path: string): Promise<string> {
  const res = await send('GET', path, {}, 'text/html, application/problem+json');
  const text = await res.text();
  if (!res.ok) throw refusal(res, parse(text), {});
  return text;
}

export const get = <T>(path: string, opts?: CallOptions) => call<T>('GET', path, opts).then((r) => r.data);
export const post = <T>(path: string, body: unknown, opts: CallOptions = {}) => call<T>('POST', path, { ...opts, body }).then((r) => r.data);

/** A new Idempotency-Key: made once per submission and kept with it, so a resend replays instead of creating again. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
