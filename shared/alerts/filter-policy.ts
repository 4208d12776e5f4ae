// Alert subscriptions as SNS filter policies over the message attributes the outbox relay sets (type, division,
// category, level), and an evaluator of exactly the part of SNS filter-policy semantics those policies use, so the
// local SNS delivers what the real one would.
//
// SNS semantics followed (docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html, and-or-logic.html,
// string-value-matching.html): every key of the policy must match a message attribute of that name (AND across keys);
// a key matches when at least one value of its list matches (OR within a key); an attribute the message does not
// carry does not match; string comparison is exact and case-sensitive; `{"prefix": "bas"}` matches values that begin
// with "bas". Attributes of the policy's keys only are looked at; others are ignored.
import type { Category, WarningLevel } from '../domain/categories.ts';

/** What a subscriber chooses: leading digits of a division code, categories, and the least severe level wanted. */
export interface SubscriptionFilter {
  divisionPrefix?: string;
  categories?: readonly Category[];
  /** Warning level 1 (highest) to 4; response levels map onto it, I=1 ... IV=4. */
  minLevel?: WarningLevel;
}

export type FilterCondition = string | { readonly prefix: string };
export type FilterPolicy = Readonly<Record<string, readonly FilterCondition[]>>;

const WARNING = ['1', '2', '3', '4'] as const;
const RESPONSE = ['I', 'II', 'III', 'IV'] as const;

/** Level values at least as severe as `minLevel`: warning levels 1..n and response levels I..n. Plan events ('none') are neither. */
export function levelsAtLeast(minLevel: WarningLevel): string[] {
  const n = WARNING.indexOf(minLevel) + 1;
  return [...WARNING.slice(0, n), ...RESPONSE.slice(0, n)];
}

/** The SNS filter policy (scope MessageAttributes) of a subscription filter; undefined for an empty filter (everything). */
export function filterPolicyFor(filter: SubscriptionFilter): FilterPolicy | undefined {
  const policy: Record<string, FilterCondition[]> = {};
  if (filter.divisionPrefix) policy['division'] = [{ prefix: filter.divisionPrefix }];
  if (filter.categories?.length) policy['category'] = [...new Set(filter.categories)];
  if (filter.minLevel) policy['level'] = levelsAtLeast(filter.minLevel);
  return Object.keys(policy).length > 0 ? policy : undefined;
}

/** Whether SNS would deliver a message with these String attributes to a subscription with this policy. */
export function matchesFilterPolicy(policy: FilterPolicy | undefined, attributes: Readonly<Record<string, string>>): boolean {
  if (!policy) return true;
  return Object.entries(policy).every(([key, conditions]) => {
    if (!Object.hasOwn(attributes, key)) return false;
    const value = attributes[key]!;
    return conditions.some((c) => (typeof c === 'string' ? c === value : value.startsWith(c.prefix)));
  });
}

/** A filter policy outside the subset this evaluator implements (numeric, anything-but, exists, $or, nesting...). */
export class UnsupportedFilterPolicy extends Error {
  override name = 'UnsupportedFilterPolicy';
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
  const policy: Record<string, FilterCondition[]> = {};
  for (const [key, list] of Object.entries(parsed)) {
    if (!Array.isArray(list) || list.length === 0) throw new UnsupportedFilterPolicy(`the value of ${key} is not a non-empty list`);
    policy[key] = list.map((c: unknown) => {
      if (typeof c === 'string') return c;
      if (typeof c === 'object' && c !== null && !Array.isArray(c)) {
        const entries = Object.entries(c);
        if (entries.length === 1 && entries[0]![0] === 'prefix' && typeof entries[0]![1] === 'string') return { prefix: entries[0]![1] };
      }
      throw new UnsupportedFilterPolicy(`a condition of ${key} is neither a string nor {"prefix": string}`);
    });
  }
  return policy;
}
