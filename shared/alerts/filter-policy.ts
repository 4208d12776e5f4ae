// Alert subscriptions as SNS filter policies over the message attributes the outbox relay sets (type, division,
// category, level, exercise, and org where an event has one), the union of several subscriptions' policies on one SNS
// subscription, and an evaluator of exactly the part of SNS filter-policy semantics those policies use, so the local
// SNS delivers what the real one would.
//
// SNS semantics followed (docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html, and-or-logic.html,
// string-value-matching.html, subscription-filter-policy-constraints.html): every key of the policy must match a message
// attribute of that name (AND across keys); a key matches when at least one value of its list matches (OR within a
// key); an attribute the message does not carry does not match; string comparison is exact and case-sensitive;
// `{"prefix": "bas"}` matches values that begin with "bas"; `{"$or": [{...}, {...}]}` (at least two objects) matches
// when any of its objects does; `{}` filters nothing. A policy has at most five keys and at most 150 combinations of
// values (the product of its lists' lengths, summed over the objects of an `$or`).
import type { Category, WarningLevel } from '../domain/categories.ts';

/** What a subscriber chooses: leading digits of a division code, categories, the least severe level wanted, an organisation, and exercises. */
export interface SubscriptionFilter {
  divisionPrefix?: string;
  categories?: readonly Category[];
  /** Warning level 1 (highest) to 4; response levels map onto it, I=1 ... IV=4. */
  minLevel?: WarningLevel;
  /** Only alerts about this organisation (attribute `org`), such as its deployment requests. */
  organizationId?: string;
  /** Alerts of drills and exercises (attribute `exercise` = 'true') come only to subscriptions that ask for them. */
  includeExercises?: boolean;
}

export type FilterCondition = string | { readonly prefix: string };
/** One set of key conditions, all of which must hold. `{}` holds for every message. */
export type FilterBranch = Readonly<Record<string, readonly FilterCondition[]>>;
/** Any of its branches (SNS recognises `$or` with at least two objects). */
export interface OrPolicy {
  readonly $or: readonly FilterBranch[];
}
export type FilterPolicy = FilterBranch | OrPolicy;

export const MAX_POLICY_KEYS = 5;
export const MAX_POLICY_COMBINATIONS = 150;

/** A policy no alert matches (every alert type is a dotted name, never '-'): an SNS subscription none of whose subscribers is live yet. */
export const MATCH_NOTHING: FilterBranch = Object.freeze({ type: Object.freeze(['-']) });

const WARNING = ['1', '2', '3', '4'] as const;
const RESPONSE = ['I', 'II', 'III', 'IV'] as const;

/** Level values at least as severe as `minLevel`: warning levels 1..n and response levels I..n. Plan events ('none') are neither. */
export function levelsAtLeast(minLevel: WarningLevel): string[] {
  const n = WARNING.indexOf(minLevel) + 1;
  return [...WARNING.slice(0, n), ...RESPONSE.slice(0, n)];
}

export const isOrPolicy = (p: FilterPolicy): p is OrPolicy => Object.hasOwn(p, '$or') && Array.isArray((p as OrPolicy).$or);

/** Who a subscription is for: offices and auditors may receive every alert; citizens and organisations the public ones. */
export type AlertAudience = 'office' | 'auditor' | 'org' | 'citizen';

/** What the public may be told: warnings, graded responses and published plans. */
export const PUBLIC_ALERT_TYPES = [
  'plan.published',
  'response.activated',
  'response.handed-over',
  'response.level-changed',
  'response.terminated',
  'warning.adjusted',
  'warning.issued',
  'warning.lifted',
] as const;

/** What an organisation is told about its own deployments (always with `org` = its id). Both lists sorted, as SNS policies are kept. */
export const DEPLOYMENT_ALERT_TYPES = [
  'deployment.accepted',
  'deployment.arrived',
  'deployment.declined',
  'deployment.requested',
  'deployment.stood-down',
  'deployment.withdrawn',
] as const;

/** The widest audience a user's roles give. */
export function audienceOf(roles: readonly string[]): AlertAudience {
  if (roles.includes('office')) return 'office';
  if (roles.includes('auditor')) return 'auditor';
  if (roles.includes('org')) return 'org';
  return 'citizen';
}

/**
 * The SNS filter policy (scope MessageAttributes) of one subscription filter; `{}` for every alert (offices and
 * auditors only). Citizens and organisations get a `type` allow-list, so claims, requisitions, notices and other
 * organisations' deployments never reach them: the public alert types, or, for an organisation filtering on its own
 * id, its deployments (whose level is 'none', so a level filter is dropped there to stay within SNS's five keys). Every alert carries
 * `exercise` ('true' or 'false'), so leaving exercises out is a plain match on 'false': SNS never matches
 * `anything-but` (nor any other condition) on an attribute a message lacks, which would drop every alert without one.
 */
export function filterPolicyFor(filter: SubscriptionFilter, audience: AlertAudience = 'office'): FilterBranch {
  const policy: Record<string, FilterCondition[]> = {};
  const ownDeployments = audience === 'org' && filter.organizationId !== undefined;
  if (filter.divisionPrefix) policy['division'] = [{ prefix: filter.divisionPrefix }];
  if (filter.categories?.length) policy['category'] = [...new Set(filter.categories)];
  if (filter.minLevel && !ownDeployments) policy['level'] = levelsAtLeast(filter.minLevel);
  if (audience === 'citizen' || audience === 'org') policy['type'] = ownDeployments ? [...DEPLOYMENT_ALERT_TYPES] : [...PUBLIC_ALERT_TYPES];
  if (filter.organizationId) policy['org'] = [filter.organizationId];
  if (!filter.includeExercises) policy['exercise'] = ['false'];
  return policy;
}

/** The filter in one spelling (keys in a fixed order, categories sorted, defaults dropped): equal filters give equal strings. */
export function canonicalFilter(filter: SubscriptionFilter): string {
  return JSON.stringify({
    divisionPrefix: filter.divisionPrefix ?? null,
    categories: filter.categories?.length ? [...new Set(filter.categories)].sort() : null,
    minLevel: filter.minLevel ?? null,
    organizationId: filter.organizationId ?? null,
    includeExercises: filter.includeExercises === true,
  });
}

/** SNS's complexity measure: the product of the lists' lengths, summed over the objects of an `$or`. */
export function policyComplexity(policy: FilterPolicy): number {
  if (isOrPolicy(policy)) return policy.$or.reduce((n, b) => n + policyComplexity(b), 0);
  return Object.values(policy).reduce((n, list) => n * list.length, 1);
}

export function policyKeys(policy: FilterPolicy): Set<string> {
  return new Set(isOrPolicy(policy) ? policy.$or.flatMap((b) => Object.keys(b)) : Object.keys(policy));
}

const conditionKey = (c: FilterCondition) => (typeof c === 'string' ? `=${c}` : `^${c.prefix}`);

/** Whether condition `a` holds for every value condition `b` holds for. */
function covers(a: FilterCondition, b: FilterCondition): boolean {
  if (typeof a === 'string') return typeof b === 'string' && a === b;
  return (typeof b === 'string' ? b : b.prefix).startsWith(a.prefix);
}

/** Whether every message branch `b` matches is matched by branch `a` too. */
export function branchCovers(a: FilterBranch, b: FilterBranch): boolean {
  return Object.entries(a).every(([key, conditions]) => Object.hasOwn(b, key) && b[key]!.every((cb) => conditions.some((ca) => covers(ca, cb))));
}

/** A branch in one spelling: keys sorted, each list without duplicates or values another of its conditions covers. */
function tidy(branch: FilterBranch): FilterBranch {
  const out: Record<string, FilterCondition[]> = {};
  for (const key of Object.keys(branch).sort()) {
    const unique = [...new Map(branch[key]!.map((c) => [conditionKey(c), c])).values()];
    // Distinct conditions never cover each other both ways, so this keeps exactly the ones nothing else covers.
    out[key] = unique.filter((c, i) => !unique.some((other, j) => j !== i && covers(other, c))).sort((x, y) => (conditionKey(x) < conditionKey(y) ? -1 : 1));
  }
  return out;
}

/**
 * The one policy of an SNS subscription several subscriptions share (SNS keeps one subscription per endpoint on a
 * topic): a message is delivered when any of their policies matches. Undefined when there is none (nothing is live).
 * Branches another branch covers are dropped; when the `$or` would pass SNS's limits, the branches are merged into one
 * wider branch (keys all of them have, their values together), which delivers more than asked for, never less.
 */
export function unionPolicy(branches: readonly FilterBranch[]): FilterPolicy | undefined {
  if (branches.length === 0) return undefined;
  const tidied = branches.map(tidy);
  if (tidied.some((b) => Object.keys(b).length === 0)) return {};
  const distinct = [...new Map(tidied.map((b) => [JSON.stringify(b), b])).values()];
  const kept = distinct.filter((b, i) => !distinct.some((other, j) => j !== i && branchCovers(other, b) && !(branchCovers(b, other) && j > i)));
  kept.sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
  if (kept.length === 1) return kept[0]!;
  const or: OrPolicy = { $or: kept };
  if (policyComplexity(or) <= MAX_POLICY_COMBINATIONS && policyKeys(or).size <= MAX_POLICY_KEYS) return or;
  return widen(kept);
}

function widen(branches: readonly FilterBranch[]): FilterBranch {
  const shared = Object.keys(branches[0]!).filter((k) => branches.every((b) => Object.hasOwn(b, k)));
  const merged: Record<string, FilterCondition[]> = {};
  for (const key of shared) merged[key] = branches.flatMap((b) => [...b[key]!]);
  let out = tidy(merged);
  while (policyComplexity(out) > MAX_POLICY_COMBINATIONS || Object.keys(out).length > MAX_POLICY_KEYS) {
    const widest = Object.keys(out).sort((a, b) => out[b]!.length - out[a]!.length)[0]!;
    const { [widest]: _dropped, ...rest } = out;
    out = rest;
  }
  return out;
}

function matchesBranch(branch: FilterBranch, attributes: Readonly<Record<string, string>>): boolean {
  return Object.entries(branch).every(([key, conditions]) => {
    if (!Object.hasOwn(attributes, key)) return false;
    const value = attributes[key]!;
    return conditions.some((c) => (typeof c === 'string' ? c === value : value.startsWith(c.prefix)));
  });
}

/** Whether SNS would deliver a message with these String attributes to a subscription with this policy. */
export function matchesFilterPolicy(policy: FilterPolicy | undefined, attributes: Readonly<Record<string, string>>): boolean {
  if (!policy) return true;
  if (isOrPolicy(policy)) return policy.$or.some((b) => matchesBranch(b, attributes));
  return matchesBranch(policy, attributes);
}

/** A filter policy outside the subset this evaluator implements (numeric, anything-but, exists, nesting...). */
export class UnsupportedFilterPolicy extends Error {
  override name = 'UnsupportedFilterPolicy';
}

/** SNS's reserved words, which may not name an attribute inside an `$or`. */
const RESERVED = new Set(['prefix', 'suffix', 'anything-but', 'numeric', 'exists', 'equals-ignore-case', 'cidr', 'wildcard']);

function parseBranch(value: unknown, where: string): FilterBranch {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UnsupportedFilterPolicy(`${where} is not a JSON object`);
  const branch: Record<string, FilterCondition[]> = {};
  for (const [key, list] of Object.entries(value)) {
    if (key === '$or') throw new UnsupportedFilterPolicy(`${where}: a nested $or is not supported by the local SNS`);
    if (!Array.isArray(list) || list.length === 0) throw new UnsupportedFilterPolicy(`the value of ${key} is not a non-empty list`);
    branch[key] = list.map((c: unknown) => {
      if (typeof c === 'string') return c;
      if (typeof c === 'object' && c !== null && !Array.isArray(c)) {
        const entries = Object.entries(c);
        if (entries.length === 1 && entries[0]![0] === 'prefix' && typeof entries[0]![1] === 'string') return { prefix: entries[0]![1] };
      }
      throw new UnsupportedFilterPolicy(`a condition of ${key} is neither a string nor {"prefix": string}`);
    });
  }
  return branch;
}

/**
 * Reads a FilterPolicy attribute as sent to SNS. Anything the evaluator does not implement is refused rather than
 * evaluated wrongly, so the local SNS can never deliver differently from the real one without saying so.
 */
export function parseFilterPolicy(json: string): FilterPolicy {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new UnsupportedFilterPolicy('the filter policy is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UnsupportedFilterPolicy('the filter policy is not a JSON object');
  let policy: FilterPolicy;
  if (Object.hasOwn(parsed, '$or')) {
    const list = (parsed as Record<string, unknown>)['$or'];
    // SNS reads `$or` as an operator only with a list of at least two objects, and otherwise as an attribute name.
    if (Object.keys(parsed).length !== 1 || !Array.isArray(list) || list.length < 2) {
      throw new UnsupportedFilterPolicy('$or is supported by the local SNS only as the one key, with a list of at least two objects');
    }
    const branches = list.map((b, i) => parseBranch(b, `object ${i + 1} of $or`));
    for (const b of branches) {
      if (Object.keys(b).length === 0) throw new UnsupportedFilterPolicy('an object of $or has no keys');
      for (const key of Object.keys(b)) if (RESERVED.has(key)) throw new UnsupportedFilterPolicy(`${key} is a reserved word`);
    }
    policy = { $or: branches };
  } else {
    policy = parseBranch(parsed, 'the filter policy');
  }
  if (policyKeys(policy).size > MAX_POLICY_KEYS) throw new UnsupportedFilterPolicy(`a filter policy has at most ${MAX_POLICY_KEYS} keys`);
  if (policyComplexity(policy) > MAX_POLICY_COMBINATIONS) throw new UnsupportedFilterPolicy(`a filter policy has at most ${MAX_POLICY_COMBINATIONS} combinations of values`);
  return policy;
}
