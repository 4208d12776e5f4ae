// Calling a function's handler in-process with an API Gateway event: the one `call()` of the handler and integration
// tests. Load a handler only after the table is set up (useLocalTable): handlers read their configuration at import.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { routes, type ApiFunction, type RouteName } from '../../shared/http/routes.ts';
import { apiEvent, type EventInput } from './api-events.ts';
import { checkResponse } from './contract.ts';

export type ApiHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** A handler's answer: headers as the handler set them, the body parsed when it is JSON, and the raw text. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: any;
  raw: string;
  /** The API Gateway request id of the call: audit items carry it. */
  requestId: string;
}

function parsed(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}

/** Invokes `handler` as function `fn` with `event`; a 2xx answer is checked against its route's response schema. */
export async function invoke(handler: ApiHandler, fn: string, event: APIGatewayProxyEvent): Promise<Reply> {
  const r = await handler(event, lambdaContext(fn));
  const raw = r.body ?? '';
  const reply: Reply = { status: r.statusCode, headers: (r.headers ?? {}) as Record<string, string>, body: parsed(raw), raw, requestId: event.requestContext.requestId };
  const route = Object.values(routes).find((x) => x.method === event.httpMethod && x.path === event.resource);
  if (route) checkResponse(route, reply.status, reply.body);
  return reply;
}

const loaded = new Map<ApiFunction, Promise<ApiHandler>>();

/** The handler of a function, imported once. */
export function handlerOf(fn: ApiFunction): Promise<ApiHandler> {
  let h = loaded.get(fn);
  if (!h) {
    h = import(`../../functions/${fn}/handler.ts`).then((m: { handler: ApiHandler }) => m.handler);
    loaded.set(fn, h);
  }
  return h;
}

/** Calls a route through its function's handler, as API Gateway would (the county office calls unless told). */
export async function call(name: RouteName, input: EventInput = {}): Promise<Reply> {
  const fn = routes[name].fn;
  return invoke(await handlerOf(fn), fn, apiEvent(name, input));
}
