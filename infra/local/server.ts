// The local API host: a Node HTTP server built from the route table (shared/http/routes.ts) that verifies tokens, builds API Gateway REST
// proxy events the way API Gateway does (claims where the Cognito authorizer puts them) and calls the same handlers.
import { randomUUID } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { findRoute, type ApiFunction, type RouteDef } from '../../shared/http/routes.ts';
import { HeaderFieldsTooLarge, MalformedRequest, MethodNotAllowed, PayloadTooLarge, RouteNotFound } from '../../shared/errors.ts';
import { languageOf, problemResponse } from '../../shared/http/problem.ts';
import { cachedBearerCheck } from './auth.ts';
import { unauthenticated } from '../../shared/http/principal.ts';
import { lambdaContext } from './lambda-context.ts';
import { isApiPath, localConsole, type ConsoleHandler } from './console.ts';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** API Gateway's own limit is 10 MB; the handlers cap bodies far lower, this only guards the local process. */
const MAX_READ_BYTES = 1024 * 1024;
export const STAGE = 'local';

const loaded = new Map<ApiFunction, Promise<ApiHandler>>();
function loadHandler(fn: ApiFunction): Promise<ApiHandler> {
  let h = loaded.get(fn);
  if (!h) {
    h = import(`../../functions/${fn}/handler.ts`).then((m: { handler: ApiHandler }) => m.handler);
    loaded.set(fn, h);
  }
  return h;
}

/** How much of an oversized body is read and dropped so its 413 reaches a client still sending; past it, the socket goes. */
const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/** A body the host stopped keeping: its 413 closes the connection, whose remaining bytes are not a next request. */
class BodyTooLarge extends PayloadTooLarge {
  /** The rest was read and dropped (the close is clean); false when the client sent more than is drained. */
  readonly drained: boolean;
  constructor(drained: boolean) {
    super(`The body exceeds ${MAX_READ_BYTES} bytes.`);
    this.drained = drained;
  }
}

/**
 * Reads the body, keeping at most MAX_READ_BYTES. Breaking out of the stream early would destroy the socket under a
 * keep-alive client, whose next request then meets ECONNRESET; so an oversized body is read to its end and dropped.
 */
function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_READ_BYTES) chunks.push(chunk);
      else if (size > MAX_DRAIN_BYTES) {
        req.pause();
        fail(new BodyTooLarge(false));
      } else chunks.length = 0;
    });
    req.once('end', () => (size > MAX_READ_BYTES ? fail(new BodyTooLarge(true)) : ok(chunks.length ? Buffer.concat(chunks).toString('utf8') : null)));
    req.once('error', fail);
  });
}

/**
 * Requests Node refuses before any handler sees them: oversized headers (431, past --max-http-header-size) and bytes
 * that are not HTTP (400) get problem+json like every other refusal, and the connection is closed. A client gone or a
 * request timed out gets nothing (there is nobody to answer, or Node has answered).
 */
function refuseUnparsable(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || !socket.writable) {
    socket.destroy();
    return;
  }
  const refusal = err.code === 'HPE_HEADER_OVERFLOW' ? new HeaderFieldsTooLarge('The request headers exceed what the server reads; send fewer or shorter headers.') : new MalformedRequest('The request could not be parsed as HTTP/1.1.');
  const requestId = randomUUID();
  // The headers were not read, so neither was Accept-Language: English.
  const result = problemResponse(refusal, requestId, 'en');
  const body = Buffer.from(result.body, 'utf8');
  const head = [
    `HTTP/1.1 ${result.statusCode} ${STATUS_CODES[result.statusCode]}`,
    ...Object.entries({ ...result.headers, 'Content-Length': body.length, 'x-amzn-RequestId': requestId, Connection: 'close' }).map(([k, v]) => `${k}: ${String(v)}`),
  ];
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]));
}

/** Header names are data: null-prototype records, so `__proto__` or `constructor` is a header like any other. */
function headerMaps(rawHeaders: string[]) {
  const headers = Object.create(null) as Record<string, string>;
  const multi = Object.create(null) as Record<string, string[]>;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const value = rawHeaders[i + 1]!;
    headers[name] = value;
    (multi[name] ??= []).push(value);
  }
  return { headers, multi };
}

/** What API Gateway knows of a request once it has matched a route and run the authorizer. */
export interface GatewayRequest {
  route: RouteDef;
  params: Record<string, string>;
  url: URL;
  /** Name, value, name, value... as Node's IncomingMessage.rawHeaders. */
  rawHeaders: string[];
  body: string | null;
  claims: Record<string, string> | undefined;
  sourceIp?: string;
  httpVersion?: string;
}

export function buildEvent({ route, params, url, rawHeaders, body, claims, sourceIp, httpVersion }: GatewayRequest): APIGatewayProxyEvent {
  // API Gateway adds the X-Forwarded-* headers; the local host serves plain HTTP on its own port.
  const forwarded = ['X-Forwarded-For', sourceIp ?? '127.0.0.1', 'X-Forwarded-Proto', 'http', 'X-Forwarded-Port', url.port || '80'];
  const { headers, multi } = headerMaps([...forwarded, ...rawHeaders]);
  // Query names are data too (a `?constructor=` must be refused as an unknown parameter, not break the host).
  const query = Object.create(null) as Record<string, string>;
  const multiQuery = Object.create(null) as Record<string, string[]>;
  for (const [k, v] of url.searchParams) {
    query[k] = v;
    (multiQuery[k] ??= []).push(v);
  }
  const hasQuery = Object.keys(query).length > 0;
  const now = new Date();
  return {
    resource: route.path,
    path: url.pathname,
    httpMethod: route.method,
    headers,
    multiValueHeaders: multi,
    queryStringParameters: hasQuery ? query : null,
    multiValueQueryStringParameters: hasQuery ? multiQuery : null,
    pathParameters: Object.keys(params).length ? params : null,
    stageVariables: null,
    body,
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: claims ? { claims } : null,
      domainName: headers['Host'] ?? headers['host'] ?? 'localhost',
      domainPrefix: 'localhost',
      extendedRequestId: randomUUID(),
      httpMethod: route.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: headers['User-Agent'] ?? headers['user-agent'] ?? null,
        userArn: null,
      },
      // As behind a custom domain: the stage is not part of the path the caller used.
      path: url.pathname,
      protocol: `HTTP/${httpVersion ?? '1.1'}`,
      requestId: randomUUID(),
      requestTime: now.toUTCString(),
      requestTimeEpoch: now.getTime(),
      resourceId: 'local',
      resourcePath: route.path,
      stage: STAGE,
    },
  };
}

function write(res: ServerResponse, result: APIGatewayProxyResult, requestId: string, close = false): void {
  const headers: Record<string, string | number | boolean> = { 'x-amzn-RequestId': requestId, ...(result.headers ?? {}), ...(close ? { Connection: 'close' } : {}) };
  res.writeHead(result.statusCode, headers as Record<string, string>);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

export interface LocalServerOptions {
  secret: Uint8Array;
  /** Replace the real handlers (benchmarks measure a bare handler through the same server). */
  handlerFor?: (fn: ApiFunction) => Promise<ApiHandler>;
  onRequest?: (line: string) => void;
  /** The web console served outside /v1/ (infra/local/console.ts); false for none. */
  console?: ConsoleHandler | false;
}

export function createLocalServer(opts: LocalServerOptions): Server {
  const handlerFor = opts.handlerFor ?? loadHandler;
  // Tokens verified once are kept until they expire, as API Gateway's authorizer caches them.
  const checkToken = cachedBearerCheck(opts.secret);
  // --- web console (issue 12): every path outside /v1/ is the console's (static files, local sign-in) ---
  const consoleHandler = opts.console === false ? undefined : (opts.console ?? localConsole({ secret: opts.secret }));
  // --- end web console ---
  const server = createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
    // --- web console (issue 12) ---
    if (consoleHandler && !isApiPath(url.pathname)) return consoleHandler.handle(req, res);
    // --- end web console ---
    const lang = languageOf(req.headers['accept-language']);
    const gatewayId = randomUUID();
    let status = 500;
    try {
      const found = findRoute(req.method ?? 'GET', url.pathname);
      if (!found) throw new RouteNotFound(`No route ${req.method} ${url.pathname}.`);
      if ('allow' in found) throw new MethodNotAllowed(`${req.method} is not allowed on ${url.pathname}.`, found.allow);
      const { route, params } = found;
      let claims: Record<string, string> | undefined;
      if (route.auth !== 'public') {
        const checked = await checkToken(req.headers.authorization);
        if ('refused' in checked) throw unauthenticated(checked.refused, true);
        claims = checked.claims;
      }
      const body = await readBody(req);
      const event = buildEvent({
        route,
        params,
        url,
        rawHeaders: req.rawHeaders,
        body,
        claims,
        ...(req.socket.remoteAddress ? { sourceIp: req.socket.remoteAddress } : {}),
        httpVersion: req.httpVersion,
      });
      const handler = await handlerFor(route.fn);
      const result = await handler(event, lambdaContext(route.fn));
      status = result.statusCode;
      write(res, result, event.requestContext.requestId);
    } catch (err) {
      const result = problemResponse(err, gatewayId, lang);
      status = result.statusCode;
      write(res, result, gatewayId, err instanceof BodyTooLarge);
      // A client sending past what is drained is cut off once it has the 413.
      if (err instanceof BodyTooLarge && !err.drained) res.once('finish', () => req.socket.destroy());
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      opts.onRequest?.(`${req.method} ${url.pathname} ${status} ${ms.toFixed(1)}ms`);
    }
  });
  server.on('clientError', refuseUnparsable);
  return server;
}
