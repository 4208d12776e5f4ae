// The one error mapper: any thrown value -> RFC 9457 problem+json. 5xx bodies carry no internals.
import type { APIGatewayProxyResult } from 'aws-lambda';
import { AppError, ServiceUnavailable } from '../errors.ts';
import { detailOf, localiseFieldErrors, TITLES, type Lang } from './messages.ts';

export type { Lang } from './messages.ts';

/** The preferred of the two languages we speak, by the q-values of Accept-Language (RFC 9110); English by default. */
export function languageOf(acceptLanguage: string | undefined): Lang {
  let best: { lang: Lang; q: number } = { lang: 'en', q: 0 };
  for (const part of (acceptLanguage ?? '').split(',')) {
    const [range = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const lang: Lang | undefined = range.startsWith('zh') ? 'zh' : range.startsWith('en') ? 'en' : undefined;
    if (lang && Number.isFinite(q) && q > best.q) best = { lang, q };
  }
  return best.lang;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  errors?: { path: string; message: string }[];
  requestId?: string;
}

const THROTTLING = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

/**
 * Socket error codes of a service that cannot be reached or dropped the connection: refused while DynamoDB Local
 * restarts, reset or timed out on AWS. Node's `socket hang up` carries ECONNRESET.
 */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/** SDK error names of the same: the SDK's own connection and request timeouts, and a service answering 5xx. */
const UNAVAILABLE_NAMES = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'NetworkingError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

/** Seconds a caller should wait after the data store could not be reached: about what DynamoDB Local needs to restart. */
export const UNREACHABLE_RETRY_AFTER_SECONDS = 2;

type Described = { name?: unknown; code?: unknown; message?: unknown; errors?: unknown; cause?: unknown; $fault?: unknown; $metadata?: { httpStatusCode?: unknown } };

/**
 * Why a service (the table, SNS) could not be used, when the reason is that it was unreachable or did not answer in
 * time: the error's code or name (never its message, which may echo request data); undefined for every other error.
 * The SDK throws socket errors as they are (`code` ECONNREFUSED, `$metadata.attempts` after its retries), its timeouts
 * as `TimeoutError`, and a service's own 5xx with `$fault` 'server'. Node's happy-eyeballs connect wraps the socket
 * errors of each address in an AggregateError.
 */
export function unavailableCause(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 3) return undefined;
  const e = err as Described;
  if (typeof e.code === 'string' && UNREACHABLE_CODES.has(e.code)) return e.code;
  if (typeof e.name === 'string' && UNAVAILABLE_NAMES.has(e.name)) return e.name;
  if (e.message === 'socket hang up') return 'ECONNRESET';
  const status = e.$metadata?.httpStatusCode;
  if (e.$fault === 'server' && typeof status === 'number' && status >= 500) return typeof e.name === 'string' ? e.name : `HTTP ${status}`;
  for (const inner of Array.isArray(e.errors) ? e.errors : []) {
    const found = unavailableCause(inner, depth + 1);
    if (found) return found;
  }
  return e.cause === undefined ? undefined : unavailableCause(e.cause, depth + 1);
}

/** What a log line may say about an error: its code or name, never its message. */
export function causeOf(err: unknown): string {
  const unavailable = unavailableCause(err);
  if (unavailable) return unavailable;
  if (typeof err !== 'object' || err === null) return typeof err;
  const e = err as Described;
  if (typeof e.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(e.code)) return e.code;
  return typeof e.name === 'string' ? e.name : 'unknown';
}

/** Maps SDK throttling and an unreachable or unanswering data store onto our own 503, so the caller is told when to retry. */
export function normalise(err: unknown): unknown {
  if (err instanceof AppError) return err;
  if (err instanceof Error && (THROTTLING.has(err.name) || (err as { $retryable?: { throttling?: boolean } }).$retryable?.throttling === true)) {
    return new ServiceUnavailable('The data store is throttling requests.', 1);
  }
  if (err instanceof Error && err.name === 'TransactionCanceledException') {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    if (reasons.some((r) => r.Code === 'ThrottlingError' || r.Code === 'ProvisionedThroughputExceeded')) {
      return new ServiceUnavailable('The data store is throttling requests.', 1);
    }
  }
  if (unavailableCause(err) !== undefined) {
    return new ServiceUnavailable('A service the request needs could not be reached in time.', UNREACHABLE_RETRY_AFTER_SECONDS);
  }
  return err;
}

export function toProblem(err: unknown, requestId: string, lang: Lang): { problem: Problem; headers: Record<string, string> } {
  const e = normalise(err);
  if (e instanceof AppError) {
    const titles = TITLES[e.code] ?? TITLES['rule-violation']!;
    const problem: Problem = {
      type: `https://errors.emergency.example/${e.code}`,
      title: titles[lang],
      status: e.status,
      code: e.code,
      requestId,
    };
    if (e.status < 500) problem.detail = detailOf(e, lang);
    if (e.errors?.length) problem.errors = localiseFieldErrors(e.errors, lang);
    return { problem, headers: e.headers };
  }
  return {
    problem: {
      type: 'https://errors.emergency.example/internal-error',
      title: TITLES['internal-error']![lang],
      status: 500,
      code: 'internal-error',
      requestId,
    },
    headers: {},
  };
}

export function problemResponse(err: unknown, requestId: string, lang: Lang): APIGatewayProxyResult {
  const { problem, headers } = toProblem(err, requestId, lang);
  return {
    statusCode: problem.status,
    headers: { 'Content-Type': 'application/problem+json', 'Content-Language': lang === 'zh' ? 'zh-CN' : 'en', ...headers },
    body: JSON.stringify(problem),
  };
}
