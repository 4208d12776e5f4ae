// Steps that must succeed: a test (or its fixture) fails at once, naming the step and showing the body, instead of
// failing later on a missing id.
import { expect } from 'vitest';
import type { RouteName } from '../../shared/http/routes.ts';
import type { EventInput } from './api-events.ts';
import type { Caller } from './callers.ts';

export interface AnyReply {
  status: number;
  body: any;
}

/** Any way of calling a route by name: in-process (invoke.ts `call`) or over HTTP (`platform.route`). */
export type RouteCall<R extends AnyReply = AnyReply> = (name: RouteName, input?: EventInput) => Promise<R>;

/** The reply of a step that must answer `status`. */
export async function expectStatus<R extends AnyReply>(reply: R | Promise<R>, status = 200, what = 'the call'): Promise<R> {
  const r = await reply;
  expect(r.status, `${what}: ${JSON.stringify(r.body)}`).toBe(status);
  return r;
}

/** The body of a step that must answer `status`. */
export async function ok(reply: AnyReply | Promise<AnyReply>, status = 200, what?: string): Promise<any> {
  return (await expectStatus(reply, status, what)).body;
}

/** Takes a plan through life-cycle actions, each of which must succeed. */
export async function transitionPlan(call: RouteCall, caller: Caller, planId: string, ...actions: string[]): Promise<void> {
  for (const action of actions) await expectStatus(call('transitionPlan', { caller, params: { planId }, body: { action } }), 200, action);
}

/** Creates a plan and takes it through submit, approve and publish; returns its id. */
export async function publishedPlan(call: RouteCall, caller: Caller, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string> {
  const created = await ok(call('createPlan', { caller, body, headers }), 201, 'create the plan');
  const planId = created.planId as string;
  await transitionPlan(call, caller, planId, 'submit', 'approve', 'publish');
  return planId;
}
