// The HTTP function builder: middy with logging and the one error mapper, a router over the function's own routes,
// authentication and role checks, zod parsing of params, query and body, If-Match and Idempotency-Key.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { z } from 'zod';
import type { Anonymous, User } from '../domain/actor.ts';
import { hashBody, type IdempotencyRequest, type IdempotencyRunner } from '../store/idempotency.ts';
import type { ApiFunction, NamedRoute, RouteDef } from './contracts/routing.ts';
import {
  MalformedJson,
  PayloadTooLarge,
  PreconditionFailed,
  PreconditionRequired,
  RouteNotFound,
  UnsupportedMediaType,
  ValidationFailed,
  type FieldError,
} from '../errors.ts';
import { logger } from '../log.ts';
import { createHash } from 'node:crypto';
import { anonymousFrom, principalFrom, requireRole } from './principal.ts';
import { languageOf, problemResponse, toProblem } from './problem.ts';

export const MAX_BODY_BYTES = 64 * 1024;

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

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
  headers: Record<string, string>;
  /** Scheme, host and stage prefix the caller used, for absolute links (Atom, CAP). */
  baseUrl: string;
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
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h ?? {})) if (typeof v === 'string') out[k.toLowerCase()] = v;
  return out;
}

/** One error per problem, with the field's full path; an unknown key is named itself, not its parent object. */
function fieldErrors(error: z.ZodError, prefix: string): FieldError[] {
  return error.issues.flatMap((i) => {
    const at = [prefix, ...i.path.map(String)];
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: [...at, k].join('.'), message: 'unknown field' }));
    return [{ path: at.join('.'), message: i.message }];
  });
}

function parseWith<S extends z.ZodType | undefined>(schema: S, input: unknown, where: string): Infer<S> {
  if (!schema) return undefined as Infer<S>;
  const r = schema.safeParse(input);
  if (!r.success) throw new ValidationFailed(`The ${where} is not valid.`, fieldErrors(r.error, where));
  return r.data as Infer<S>;
}

function readBody(event: APIGatewayProxyEvent, headers: Record<string, string>): unknown {
  if (event.body === null || event.body === undefined || event.body === '') {
    throw new ValidationFailed('A JSON request body is required.', [{ path: 'body', message: 'required' }]);
  }
  const raw = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(raw, 'utf8') > MAX_BODY_BYTES) throw new PayloadTooLarge(`The body exceeds ${MAX_BODY_BYTES} bytes.`);
  const type = headers['content-type'];
  if (type !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(type)) throw new UnsupportedMediaType('Send the body as application/json.');
  try {
    return JSON.parse(raw);
  } catch {
    throw new MalformedJson('The request body is not valid JSON.');
  }
}

function parseIfMatch(value: string | undefined): number | undefined {
  // `*` matches any current representation (RFC 9110): the record must exist, which every update checks anyway.
  if (value === undefined || value.trim() === '*') return undefined;
  // Strong comparison (RFC 9110 13.1.1): a weak validator never matches.
  const m = /^"(\d{1,12})"$/.exec(value.trim());
  if (!m) throw new PreconditionFailed('If-Match must carry an ETag this API returned.');
  return Number(m[1]);
}

function baseUrlOf(event: APIGatewayProxyEvent, headers: Record<string, string>): string {
  const proto = headers['x-forwarded-proto'] ?? 'https';
  const host = headers['host'] ?? event.requestContext?.domainName ?? 'localhost';
  // On API Gateway's own domain the stage is part of the path (/dev/v1/...); behind a custom domain it is not.
  const full = event.requestContext?.path ?? event.path;
  const prefix = full.endsWith(event.path) ? full.slice(0, full.length - event.path.length) : '';
  return `${proto}://${host}${prefix}`;
}

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,128}$/;

export interface ApiOptions {
  /** Needed by functions with idempotent routes; kept out of the others so their bundles carry no table client. */
  idempotency?: IdempotencyRunner;
}

export function api(fn: ApiFunction, options: ApiOptions = {}) {
  const table = new Map<string, { route: NamedRoute; impl: (req: ApiRequest) => Promise<ApiResult> }>();

  const core = async (event: APIGatewayProxyEvent, _context: Context): Promise<APIGatewayProxyResult> => {
    const entry = table.get(`${event.httpMethod} ${event.resource}`);
    if (!entry) throw new RouteNotFound(`No route ${event.httpMethod} ${event.resource} in function ${fn}.`);
    const { route, impl } = entry;
    const headers = lowerHeaders(event.headers);
    const requestId = event.requestContext?.requestId ?? 'unknown';

    let actor: User | Anonymous;
    if (route.auth === 'public') actor = anonymousFrom(event);
    else {
      actor = principalFrom(event);
      requireRole(actor, route.auth);
    }
    const params = parseWith(route.params, event.pathParameters ?? {}, 'params');
    const query = parseWith(route.query, event.queryStringParameters ?? {}, 'query');
    const body = route.body ? parseWith(route.body, readBody(event, headers), 'body') : undefined;

    const ifMatchHeader = headers['if-match'];
    if (route.ifMatch === 'required' && ifMatchHeader === undefined) {
      throw new PreconditionRequired('Send If-Match with the ETag of your last read.');
    }
    const req: ApiRequest = {
      baseUrl: baseUrlOf(event, headers),
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
        throw new ValidationFailed('Idempotency-Key must be 1-128 visible ASCII characters.', [{ path: 'headers.idempotency-key', message: 'invalid' }]);
      }
      const who = actor.kind === 'user' ? actor.sub : `anon:${actor.source}`;
      req.idempotency = { scope: `${who}#${route.name}#${key}`, hash: hashBody({ params, body }) };
      const r = await options.idempotency!.run(req.idempotency, async () => {
        const out = await impl(req);
        return { statusCode: out.status, body: out.body, ...(out.etag !== undefined ? { etag: out.etag } : {}), ...(out.headers ? { headers: out.headers } : {}) };
      });
      result = { status: r.statusCode, body: r.body, headers: { ...(r.headers ?? {}), ...(r.replayed ? { 'Idempotent-Replayed': 'true' } : {}) } };
      if (r.etag !== undefined) result.etag = r.etag;
    } else {
      result = await impl(req);
    }
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
    .use(injectLambdaContext(logger, { resetKeys: true }))
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
        if (problem.status >= 500) logger.error('request failed', { code: problem.code, errorName: request.error?.name, status: problem.status });
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
