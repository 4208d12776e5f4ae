// Subscription filters as SNS filter policies, and the evaluator the local SNS delivers with: the documented SNS
// semantics first (examples from the SNS developer guide), then our alerts through the policies filterPolicyFor makes.
import { describe, expect, it } from 'vitest';
import {
  filterPolicyFor,
  levelsAtLeast,
  matchesFilterPolicy,
  parseFilterPolicy,
  UnsupportedFilterPolicy,
  type FilterPolicy,
  type SubscriptionFilter,
} from '../../shared/alerts/filter-policy.ts';
import { messageAttributes } from '../../shared/alerts/sns.ts';
import type { Alert } from '../../shared/alerts/outbox.ts';

describe('filterPolicyFor', () => {
  it.each<[string, SubscriptionFilter, FilterPolicy | undefined]>([
    ['an empty filter: no policy, every alert', {}, undefined],
    ['a division prefix: prefix match on division', { divisionPrefix: '1101' }, { division: [{ prefix: '1101' }] }],
    ['categories: the list, once each', { categories: ['accident', 'public-health', 'accident'] }, { category: ['accident', 'public-health'] }],
    ['minimum level 1: the most severe only', { minLevel: '1' }, { level: ['1', 'I'] }],
    ['minimum level 2: warning 1-2 and response I-II', { minLevel: '2' }, { level: ['1', '2', 'I', 'II'] }],
    ['minimum level 4: every warning and response level', { minLevel: '4' }, { level: ['1', '2', '3', '4', 'I', 'II', 'III', 'IV'] }],
    [
      'all three: one key each',
      { divisionPrefix: '11', categories: ['natural-disaster'], minLevel: '3' },
      { division: [{ prefix: '11' }], category: ['natural-disaster'], level: ['1', '2', '3', 'I', 'II', 'III'] },
    ],
  ])('%s', (_, filter, policy) => {
    expect(filterPolicyFor(filter)).toEqual(policy);
  });

  it('keeps within the SNS limits of five keys and 150 value combinations for the widest filter', () => {
    const widest = filterPolicyFor({ divisionPrefix: '11', categories: ['natural-disaster', 'accident', 'public-health', 'social-security'], minLevel: '4' })!;
    expect(Object.keys(widest).length).toBeLessThanOrEqual(5);
    expect(Object.values(widest).reduce((n, values) => n * values.length, 1)).toBeLessThanOrEqual(150);
  });

  it('never lets a plan event (level none) through a minimum level', () => {
    for (const minLevel of ['1', '2', '3', '4'] as const) expect(levelsAtLeast(minLevel)).not.toContain('none');
  });
});

// Cases from docs.aws.amazon.com/sns/latest/dg: sns-subscription-filter-policies.html (every policy key must match a
// message attribute; attributes not in the policy are ignored), and-or-logic.html (AND across keys, OR within a key's
// list), string-value-matching.html (exact and prefix matching), subscription-filter-policy-constraints.html (string
// matching is case-sensitive).
describe('matchesFilterPolicy follows the documented SNS semantics', () => {
  const interests: FilterPolicy = { customer_interests: ['rugby', 'tennis'] };
  const prefixBas: FilterPolicy = { customer_interests: [{ prefix: 'bas' }] };
  const andPolicy: FilterPolicy = { customer_interests: ['rugby'], store: ['example_corp'] };

  it.each<[string, FilterPolicy | undefined, Record<string, string>, boolean]>([
    ['exact: "rugby" is one of the values', interests, { customer_interests: 'rugby' }, true],
    ['exact: "tennis" is one of the values (OR within a key)', interests, { customer_interests: 'tennis' }, true],
    ['exact: "baseball" is none of them', interests, { customer_interests: 'baseball' }, false],
    ['exact: comparison is case-sensitive', interests, { customer_interests: 'Rugby' }, false],
    ['exact: a value that merely starts with a listed one is not equal', interests, { customer_interests: 'rugby-league' }, false],
    ['prefix: "baseball" begins with "bas"', prefixBas, { customer_interests: 'baseball' }, true],
    ['prefix: "basketball" begins with "bas"', prefixBas, { customer_interests: 'basketball' }, true],
    ['prefix: "rugby" does not', prefixBas, { customer_interests: 'rugby' }, false],
    ['prefix: is case-sensitive', prefixBas, { customer_interests: 'Baseball' }, false],
    ['prefix: the value itself is its own prefix', prefixBas, { customer_interests: 'bas' }, true],
    ['AND: both keys match', andPolicy, { customer_interests: 'rugby', store: 'example_corp' }, true],
    ['AND: one key fails, so the message fails', andPolicy, { customer_interests: 'rugby', store: 'other_corp' }, false],
    ['a policy key the message does not carry does not match', andPolicy, { customer_interests: 'rugby' }, false],
    ['attributes outside the policy are ignored', interests, { customer_interests: 'rugby', event: 'order_placed' }, true],
    ['OR across an exact value and a prefix in one list', { customer_interests: ['rugby', { prefix: 'bas' }] }, { customer_interests: 'basketball' }, true],
    ['no policy accepts every message', undefined, {}, true],
    ['an inherited property name is not a message attribute', { toString: ['x'] }, {}, false],
  ])('%s', (_, policy, attributes, expected) => {
    expect(matchesFilterPolicy(policy, attributes)).toBe(expected);
  });
});

function alert(level: string, division: string, category: string): Record<string, string> {
  const a: Alert = { eventId: 'e-1', type: 'warning.issued', division, category, level, payload: {}, createdAt: '2026-11-26T08:00:00.000Z' };
  return Object.fromEntries(Object.entries(messageAttributes(a)).map(([k, v]) => [k, v.StringValue]));
}

describe('our alerts through the policies of subscription filters', () => {
  const chaoyangSevere: SubscriptionFilter = { divisionPrefix: '1101', minLevel: '2' };
  const publicHealth: SubscriptionFilter = { categories: ['public-health'] };

  it.each<[string, SubscriptionFilter, Record<string, string>, boolean]>([
    ['a level 1 warning in 110105 reaches a 1101 subscription from level 2', chaoyangSevere, alert('1', '110105', 'accident'), true],
    ['a level 2 warning reaches it', chaoyangSevere, alert('2', '110105', 'accident'), true],
    ['a level 3 warning does not', chaoyangSevere, alert('3', '110105', 'accident'), false],
    ['a level I response reaches it (I counts as 1)', chaoyangSevere, alert('I', '110105', 'accident'), true],
    ['a level II response reaches it', chaoyangSevere, alert('II', '110105', 'accident'), true],
    ['a level III response does not', chaoyangSevere, alert('III', '110105', 'accident'), false],
    ['a plan event (level none) does not', chaoyangSevere, alert('none', '110105', 'accident'), false],
    ['a level 1 warning in Tianjin (120101) does not', chaoyangSevere, alert('1', '120101', 'accident'), false],
    ['the city code 110100 itself starts with 1101', chaoyangSevere, alert('1', '110100', 'accident'), true],
    ['a public-health alert of any level reaches a public-health subscription', publicHealth, alert('4', '440305', 'public-health'), true],
    ['so does a public-health plan event: no minimum level was asked for', publicHealth, alert('none', '440305', 'public-health'), true],
    ['an accident does not reach it', publicHealth, alert('1', '110105', 'accident'), false],
    ['an empty filter receives everything, plan events included', {}, alert('none', '110105', 'natural-disaster'), true],
  ])('%s', (_, filter, attributes, expected) => {
    expect(matchesFilterPolicy(filterPolicyFor(filter), attributes)).toBe(expected);
  });
});

describe('parseFilterPolicy', () => {
  it('reads back every policy filterPolicyFor makes, as sent to SNS', () => {
    const policy = filterPolicyFor({ divisionPrefix: '1101', categories: ['accident'], minLevel: '2' })!;
    expect(parseFilterPolicy(JSON.stringify(policy))).toEqual(policy);
  });

  it.each([
    ['numeric matching', '{"price_usd":[{"numeric":[">",100]}]}'],
    ['anything-but', '{"store":[{"anything-but":"example_corp"}]}'],
    ['key matching', '{"store":[{"exists":true}]}'],
    ['a bare value instead of a list', '{"store":"example_corp"}'],
    ['an empty list', '{"store":[]}'],
    ['a number value', '{"level":[1]}'],
    ['prefix with another key beside it', '{"division":[{"prefix":"11","suffix":"05"}]}'],
    ['a list at the top', '[{"store":["x"]}]'],
    ['not JSON', '{store:'],
  ])('refuses %s rather than evaluate it differently from SNS', (_, json) => {
    expect(() => parseFilterPolicy(json)).toThrow(UnsupportedFilterPolicy);
  });
});
