// The local API host: a Node HTTP server built from the route table (shared/http/routes.ts) that verifies tokens, builds API Gateway REST
// proxy events the way API Gateway does (claims where the Cognito authorizer puts them) and calls the same handlers.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { findRoute, type ApiFunction, type RouteDef } from '../../shared/http/routes.ts';
import { MethodNotAllowed, PayloadTooLarge, RouteNotFound, Unauthenticated } from '../../shared/errors.ts';
import { languageOf, problemResponse } from '../../shared/http/problem.ts';
import { verifyBearer } from './auth.ts';
import { lambdaContext } from './lambda-context.ts';

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

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_READ_BYTES) throw new PayloadTooLarge(`The body exceeds ${MAX_READ_BYTES} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return chunks.length ? Buffer.concat(chunks).toString('utf8') : null;
}

function headerMaps(rawHeaders: string[]) {
  const headers: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
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
  const query: Record<string, string> = {};
  const multiQuery: Record<string, string[]> = {};
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

function write(res: ServerResponse, result: APIGatewayProxyResult, requestId: string): void {
  const headers: Record<string, string | number | boolean> = { 'x-amzn-RequestId': requestId, ...(result.headers ?? {}) };
  res.writeHead(result.statusCode, headers as Record<string, string>);
  res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
}

export interface LocalServerOptions {
  secret: Uint8Array;
  /** Replace the real handlers (benchmarks measure a bare handler through the same server). */
  handlerFor?: (fn: ApiFunction) => Promise<ApiHandler>;
  onRequest?: (line: string) => void;
}

export function createLocalServer(opts: LocalServerOptions): Server {
  const handlerFor = opts.handlerFor ?? loadHandler;
  return createServer(async (req, res) => {
    const started = process.hrtime.bigint();
    const url = new URL(req.url ?? '/', 'http://localhost');
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
        claims = await verifyBearer(req.headers.authorization, opts.secret);
        if (!claims) throw new Unauthenticated('A valid, unexpired bearer token is required.');
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
      write(res, result, gatewayId);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      opts.onRequest?.(`${req.method} ${url.pathname} ${status} ${ms.toFixed(1)}ms`);
    }
  });
}
