// Shared steps of the integration suites: invoke the plans handler directly, read audit and outbox items, and
// compare full-table dumps. Load only after useLocalTable(): the handler reads its configuration at import.
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import type { RouteName } from '../../shared/http/routes.ts';
import { apiEvent, type Caller, type EventInput } from '../support/api-events.ts';
import type { TestTable } from '../support/local-table.ts';

type Handler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;
type Item = Record<string, unknown>;

export interface Invoked {
  status: number;
  headers: Record<string, string>;
  body: any;
  /** The API Gateway request id of the call: audit items carry it. */
  requestId: string;
}

export interface PlansApi {
  call(name: RouteName, input?: EventInput): Promise<Invoked>;
  deps: { clock: { now(): Date } };
}

export async function loadPlansApi(): Promise<PlansApi> {
  const { handler } = (await import('../../functions/plans/handler.ts')) as { handler: Handler };
  const { deps } = await import('../../functions/plans/use-cases.ts');
  return {
    deps,
    async call(name, input = {}) {
      const event = apiEvent(name, input);
      const res = await handler(event, lambdaContext('plans'));
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers ?? {})) headers[k.toLowerCase()] = String(v);
      return { status: res.statusCode, headers, body: res.body ? JSON.parse(res.body) : undefined, requestId: event.requestContext.requestId };
    },
  };
}

/** A county-level office of its own division, so that lists of its division hold only what one test made. */
export function countyOfficeOf(division: string, sub = `office-${division}`): Caller {
  return { sub, roles: ['office'], division, level: 'county' };
}

export async function auditOf(table: TestTable, planId: string): Promise<Item[]> {
  return (await table.partition(`PLAN#${planId}`)).filter((i) => String(i['SK']).startsWith('AUDIT#'));
}

export async function versionsOf(table: TestTable, planId: string): Promise<Item[]> {
  return (await table.partition(`PLAN#${planId}`)).filter((i) => String(i['SK']).startsWith('V#'));
}

/** Outbox items of one plan (test inspection only: the relay reads them from the stream). */
export async function outboxOf(table: TestTable, planId: string, type?: string): Promise<Item[]> {
  return (await table.all()).filter(
    (i) => i['kind'] === 'outbox' && (i['payload'] as Item | undefined)?.['planId'] === planId && (type === undefined || i['type'] === type),
  );
}

/** Every item, in key order, for before/after comparisons. */
export async function dump(table: TestTable): Promise<Item[]> {
  return sortItems(await table.all());
}

export function sortItems(items: Item[]): Item[] {
  const key = (i: Item) => `${String(i['PK'])}\u0000${String(i['SK'])}`;
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** Creates a plan and takes it through submit, approve and publish; returns its id. */
export async function publishedPlan(api: PlansApi, caller: Caller, body: Record<string, unknown>): Promise<string> {
  const created = await api.call('createPlan', { caller, body });
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const planId = created.body.planId as string;
  for (const action of ['submit', 'approve', 'publish']) {
    const r = await api.call('transitionPlan', { caller, params: { planId }, body: { action } });
    if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return planId;
}
