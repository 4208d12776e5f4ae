// The HTTP function builder: middy with logging and the one error mapper, a router over the function's own routes,
// authentication and role checks, zod parsing of params, query and body, If-Match and Idempotency-Key.
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod/mini';
import type { Anonymous, User } from '../domain/actor.ts';
import type { IdempotencyRequest, IdempotencyRunner } from '../store/idempotency.ts';
import type { ApiFunction, NamedRoute, RouteDef } from './contracts/routing.ts';
import {
  MalformedJson,
  PayloadTooLarge,
  PreconditionFailed,
  PreconditionRequired,
  RouteNotFound,
  UnsupportedMediaType,
  ValidationFailed,
} from '../errors.ts';
import { logContext, logger } from '../log.ts';
import { createHash } from 'node:crypto';
import { anonymousFrom, principalFrom, requireRole } from './principal.ts';
import { cursorBinding, cursorKey, openCursor, sealCursor } from '../store/cursor.ts';
import { JsonSyntaxError, parseJson } from './json.ts';
import { fieldErrorsOf, withMessage } from './messages.ts';
import { IDEMPOTENCY_KEY } from './contracts/common.ts';
import { causeOf, languageOf, problemResponse, toProblem } from './problem.ts';

export const MAX_BODY_BYTES = 64 * 1024;

/** What an Idempotency-Key binds: a hash of the request, never the body itself (bodies may hold personal data). */
function hashBody(body: unknown): string {
  return createHash('sha256').update(JSON.stringify(body ?? null)).digest('base64url');
}

type Infer<T> = T extends z.ZodMiniType ? z.output<T> : undefined;

export interface ApiRequest<B = unknown, Q = unknown, P = unknown, A extends User | Anonymous = User | Anonymous> {
  routeName: string;
  /** Who calls: the signed-in user on authenticated routes, an anonymous caller on public ones. */
  actor: A;
  body: B;
  query: Q;
  params: P;
  /** The `rev` an If-Match header names, when one was sent. */
  ifMatch?: number;
  idempotency?: IdempotencyRequest;
  requestId: string;
  lang: 'en' | 'zh';
  /** Lower-case names; a null-prototype record, so that any name (`constructor`, `__proto__`) is only data. */
  headers: Record<string, string>;
}

export interface ApiResult {
  status: number;
  /** JSON unless `contentType` is given, in which case a string sent as is. */
  body: unknown;
  contentType?: string;
  /** The entity's rev; sent as a strong ETag. */
  etag?: number;
  headers?: Record<string, string>;
}

/** A use case of a route: public routes get an anonymous actor, every other route a signed-in user. */
export type UseCase<R extends RouteDef> = (
  req: ApiRequest<Infer<R['body']>, Infer<R['query']>, Infer<R['params']>, R['auth'] extends 'public' ? Anonymous : User>,
) => Promise<ApiResult>;

export const etagOf = (rev: number) => `"${rev}"`;

function lowerHeaders(h: APIGatewayProxyEvent['headers'] | null): Record<string, string> {
  // Header names are data: on a plain object `__proto__` would be swallowed and `constructor` found where none was sent.
  const out = Object.create(null) as Record<string, string>;
  for (const [k, v] of Object.entries(h ?? {})) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

const WHERE = { body: 'detail-body', query: 'detail-query', params: 'detail-params', headers: 'detail-headers' } as const;

function parseWith<S extends z.ZodMiniType | undefined>(schema: S, input: unknown, where: keyof typeof WHERE): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  // reportInput: an absent field is told apart from a wrong one ("required"); the input itself never reaches a response.
  const r = schema.safeParse(input, { reportInput: true });
  if (!r.success) throw withMessage((d) => new ValidationFailed(d, fieldErrorsOf(r.error, where)), WHERE[where]);
  return r.data as Infer<S>;
}

/** The byte offset (1-based) of the first byte that breaks UTF-8, or 0 when all of it is well-formed. */
function invalidUtf8At(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const [n, min] = b < 0x80 ? [0, 0] : b >= 0xc2 && b <= 0xdf ? [1, 0x80] : b >= 0xe0 && b <= 0xef ? [2, 0x800] : b >= 0xf0 && b <= 0xf4 ? [3, 0x10000] : [-1, 0];
    if (n < 0 || i + n >= bytes.length) return i + 1;
    let cp = n === 0 ? b : b & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return i + k + 1;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i + 1;
    i += n + 1;
  }
  return 0;
}

/** `charset` of a Content-Type, lower-cased and unquoted; undefined when none is given. */
function charsetOf(contentType: string): string | undefined {
  const m = /;\s*charset\s*=\s*("?)([^";\s]*)\1/i.exec(contentType);
  return m ? m[2]!.toLowerCase() : undefined;
}

/**
 * The one body parser: UTF-8 JSON only (a body API Gateway passes base64-encoded is decoded strictly; a declared charset
 * other than UTF-8 is a 415), at most MAX_BODY_BYTES, strict JSON with no key given twice and no `__proto__` key.
 */
function readBody(event: APIGatewayProxyEvent, headers: Record<string, string>): unknown {
  if (event.body === null || event.body === undefined || event.body === '') {
    throw withMessage((d) => new ValidationFailed(d, [{ path: 'body', message: 'required', key: 'required' }]), 'detail-body-required');
  }
  const bytes = event.isBase64Encoded ? Buffer.from(event.body, 'base64') : undefined;
  if ((bytes?.length ?? Buffer.byteLength(event.body, 'utf8')) > MAX_BODY_BYTES) {
    throw withMessage((d) => new PayloadTooLarge(d), 'detail-body-too-large', { max: MAX_BODY_BYTES });
  }
  const type = headers['content-type'];
  if (type !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw withMessage((d) => new UnsupportedMediaType(d), 'detail-media-type');
  const charset = type === undefined ? undefined : charsetOf(type);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw withMessage((d) => new UnsupportedMediaType(d), 'detail-charset', { charset: charset.replace(/[^\w.:-]/g, '?').slice(0, 40) });
  }
  let raw = event.body;
  if (bytes) {
    const bad = invalidUtf8At(bytes);
    if (bad) throw withMessage((d) => new MalformedJson(d), 'detail-utf8', { position: bad });
    raw = bytes.toString('utf8');
  } else {
    // A text body has been decoded already (by API Gateway, or the local host as it does): bytes that were not UTF-8
    // arrive as U+FFFD, which no field of ours takes, so the body is refused as what it was.
    const replaced = raw.indexOf('\uFFFD');
    if (replaced >= 0) throw withMessage((d) => new MalformedJson(d), 'detail-utf8-replaced', { position: replaced + 1 });
  }
  let parsed: ReturnType<typeof parseJson>;
  try {
    // A byte order mark may precede JSON text (RFC 8259 §8.1 lets a reader ignore it).
    parsed = parseJson(raw.startsWith('\uFEFF') ? raw.slice(1) : raw);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
    const params = { what: `@${err.what}`, line: err.line, column: err.column, position: err.position, ...err.params };
    throw withMessage((d) => new MalformedJson(d, [{ path: 'body', message: '', key: 'json-syntax', params }]), 'detail-json', params);
  }
  if (parsed.keyProblems.length) {
    const errors = parsed.keyProblems.map((k) =>
      k.problem === 'duplicate' ? { path: `body.${k.path}`, message: 'given twice; send each key once', key: 'duplicate-key' } : { path: `body.${k.path}`, message: 'unknown field', key: 'unknown-field' },
    );
    throw withMessage((d) => new ValidationFailed(d, errors), parsed.keyProblems.some((k) => k.problem === 'duplicate') ? 'detail-duplicate-keys' : 'detail-body');
  }
  return parsed.value;
}

function parseIfMatch(value: string | undefined): number | undefined {
  // `*` matches any current representation (RFC 9110): the record must exist, which every update checks anyway.
  if (value === undefined || value.trim() === '*') return undefined;
  // Strong comparison (RFC 9110 13.1.1): a weak validator never matches.
  const m = /^"(\d{1,12})"$/.exec(value.trim());
  if (!m) throw withMessage((d) => new PreconditionFailed(d), 'detail-if-match');
  return Number(m[1]);
}

export interface ApiOptions {
  /** Needed by functions with idempotent routes; kept out of the others so their bundles carry no table client. */
  idempotency?: IdempotencyRunner;
  /**
   * The key that turns an anonymous caller's address into the pseudonymous source a function keeps (rate counters,
   * Idempotency-Key scopes), fetched once per process; without it, the API's HMAC key (CURSOR_KEY) does.
   */
  anonymousKey?: () => Promise<Buffer>;
}

export function api(fn: ApiFunction, options: ApiOptions = {}) {
  // Read at cold start (on Lambda a missing CURSOR_KEY fails the init, not a request): the API's HMAC key, which seals
  // cursors and turns an anonymous caller's address into a pseudonymous source (each with its own message prefix).
  const sealKey = cursorKey();
  let anonymousKey: Promise<Buffer> | undefined;
  const sourceKey = async (): Promise<Buffer> => {
    if (!options.anonymousKey) return sealKey;
    anonymousKey ??= options.anonymousKey().catch((err: unknown) => {
      anonymousKey = undefined; // a failed fetch is tried again by the next request
      throw err;
    });
    return anonymousKey;
  };
  const table = new Map<string, { route: NamedRoute; impl: (req: ApiRequest) => Promise<ApiResult> }>();

  const core = async (event: APIGatewayProxyEvent, _context: Context): Promise<APIGatewayProxyResult> => {
    const entry = table.get(`${event.httpMethod} ${event.resource}`);
    if (!entry) throw new RouteNotFound(`No route ${event.httpMethod} ${event.resource} in function ${fn}.`);
    const { route, impl } = entry;
    const headers = lowerHeaders(event.headers);
    const requestId = event.requestContext?.requestId ?? 'unknown';

    let actor: User | Anonymous;
    if (route.auth === 'public') actor = anonymousFrom(event, await sourceKey());
    else {
      actor = principalFrom(event);
      requireRole(actor, route.auth);
    }
    const params = parseWith(route.params, event.pathParameters ?? {}, 'params');
    const query = parseWith(route.query, event.queryStringParameters ?? {}, 'query');
    const body = route.body ? parseWith(route.body, readBody(event, headers), 'body') : undefined;

    const ifMatchHeader = headers['if-match'];
    if (route.ifMatch === 'required' && ifMatchHeader === undefined) {
      throw withMessage((d) => new PreconditionRequired(d), 'detail-if-match-required');
    }
    // A cursor is opened here, against the route and filter it must have been issued for, before anything reads a table.
    const sealedCursor = (query as { cursor?: unknown } | undefined)?.cursor;
    // Only a list opens or seals a cursor: the binding is built for those alone (before the query is changed).
    const binding = route.method === 'GET' && route.query !== undefined ? cursorBinding(route.name, params, query) : '';
    if (typeof sealedCursor === 'string') (query as { cursor?: string }).cursor = openCursor(sealedCursor, binding, sealKey);
    const req: ApiRequest = {
      routeName: route.name,
      actor,
      body,
      query,
      params,
      requestId,
      lang: languageOf(headers['accept-language']),
      headers,
    };
    const ifMatch = route.ifMatch ? parseIfMatch(ifMatchHeader) : undefined;
    if (ifMatch !== undefined) req.ifMatch = ifMatch;

    let result: ApiResult;
    const key = route.idempotent ? headers['idempotency-key'] : undefined;
    if (key !== undefined) {
      if (!IDEMPOTENCY_KEY.test(key)) {
        const errors = [{ path: 'headers.idempotency-key', message: 'must be 1-128 visible ASCII characters', key: 'idempotency-key' }];
        throw withMessage((d) => new ValidationFailed(d, errors), 'detail-headers');
      }
      const who = actor.kind === 'user' ? actor.sub : `anon:${actor.source}`;
      const runner = options.idempotency!;
      req.idempotency = { scope: `${who}#${route.name}#${key}`, hash: runner.hash ? await runner.hash({ params, body }) : hashBody({ params, body }) };
      const r = await options.idempotency!.run(req.idempotency, async () => {
        const out = await impl(req);
        return { statusCode: out.status, body: out.body, ...(out.etag !== undefined ? { etag: out.etag } : {}), ...(out.headers ? { headers: out.headers } : {}) };
      });
      result = { status: r.statusCode, body: r.body, headers: { ...(r.headers ?? {}), ...(r.replayed ? { 'Idempotent-Replayed': 'true' } : {}) } };
      if (r.etag !== undefined) result.etag = r.etag;
    } else {
      result = await impl(req);
    }
    // A page's cursor leaves sealed to this route and filter; only the API can make one a later request accepts.
    const page = result.body as { cursor?: unknown } | null;
    if (route.method === 'GET' && page && typeof page === 'object' && typeof page.cursor === 'string') result.body = { ...page, cursor: sealCursor(page.cursor, binding, sealKey) };
    const payload = result.contentType ? String(result.body) : result.status === 204 ? '' : JSON.stringify(result.body);
    const headersOut: Record<string, string> = {
      'Content-Type': result.contentType ?? 'application/json',
      'Cache-Control': route.auth === 'public' ? 'public, max-age=60' : 'no-store',
      ...(result.etag !== undefined ? { ETag: etagOf(result.etag) } : {}),
      ...result.headers,
    };
    if (route.auth === 'public' && route.method === 'GET') {
      // Public documents are cached by alerting systems and browsers: a content ETag lets them revalidate for free.
      const etag = `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
      headersOut['ETag'] = etag;
      const inm = headers['if-none-match'];
      if (inm !== undefined && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) {
        return { statusCode: 304, headers: { ETag: etag, 'Cache-Control': headersOut['Cache-Control']! }, body: '' };
      }
    }
    return { statusCode: result.status, headers: headersOut, body: payload };
  };

  const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>(core)
    .use(logContext())
    .use({
      name: 'problem-json',
      before: (request) => {
        logger.appendKeys({ requestId: request.event.requestContext?.requestId, route: `${request.event.httpMethod} ${request.event.resource}` });
      },
      onError: (request) => {
        const requestId = request.event.requestContext?.requestId ?? 'unknown';
        const lang = languageOf(lowerHeaders(request.event.headers)['accept-language']);
        const { problem } = toProblem(request.error, requestId, lang);
        // Error names and codes only: messages of SDK errors may echo request data.
        if (problem.status >= 500) logger.error('request failed', { code: problem.code, errorName: request.error?.name, cause: causeOf(request.error), status: problem.status });
        else logger.info('request refused', { code: problem.code, status: problem.status });
        request.response = problemResponse(request.error, requestId, lang);
      },
    });

  const built = Object.assign(handler, {
    route<R extends NamedRoute>(route: R, impl: UseCase<R>) {
      if (route.fn !== fn) throw new Error(`Route ${route.method} ${route.path} belongs to function ${route.fn}, not ${fn}.`);
      if (route.idempotent && !options.idempotency) throw new Error(`Route ${route.method} ${route.path} is idempotent: give api('${fn}') an idempotency runner.`);
      table.set(`${route.method} ${route.path}`, { route, impl: impl as unknown as (req: ApiRequest) => Promise<ApiResult> });
      return built;
    },
  });
  return built;
}

export function send<T>(status: number, body: T, etag?: number): ApiResult {
  return etag === undefined ? { status, body } : { status, body, etag };
}
