// Subscription filters as SNS filter policies, and the evaluator the local SNS delivers with: the documented SNS
// semantics first (examples from the SNS developer guide), then our alerts through the policies filterPolicyFor makes,
// then the one policy of an SNS subscription several users' subscriptions of one endpoint share.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  audienceOf,
  branchCovers,
  canonicalFilter,
  filterPolicyFor,
  levelsAtLeast,
  MATCH_NOTHING,
  matchesFilterPolicy,
  MAX_POLICY_COMBINATIONS,
  MAX_POLICY_KEYS,
  parseFilterPolicy,
  policyComplexity,
  policyKeys,
  unionPolicy,
  UnsupportedFilterPolicy,
  type FilterBranch,
  type FilterPolicy,
  type SubscriptionFilter,
} from '../../shared/alerts/filter-policy.ts';
import { CATEGORIES, WARNING_LEVELS } from '../../shared/domain/categories.ts';
import { messageAttributes } from '../../shared/alerts/sns.ts';
import type { Alert } from '../../shared/alerts/outbox.ts';

describe('filterPolicyFor', () => {
  const noExercises = { exercise: ['false'] };
  it.each<[string, SubscriptionFilter, FilterPolicy]>([
    ['an empty filter: every alert but exercises', {}, noExercises],
    ['an empty filter with exercises: no condition at all', { includeExercises: true }, {}],
    ['a division prefix: prefix match on division', { divisionPrefix: '1101' }, { division: [{ prefix: '1101' }], ...noExercises }],
    ['categories: the list, once each', { categories: ['accident', 'public-health', 'accident'] }, { category: ['accident', 'public-health'], ...noExercises }],
    ['minimum level 1: the most severe only', { minLevel: '1' }, { level: ['1', 'I'], ...noExercises }],
    ['minimum level 2: warning 1-2 and response I-II', { minLevel: '2' }, { level: ['1', '2', 'I', 'II'], ...noExercises }],
    ['minimum level 4: every warning and response level', { minLevel: '4' }, { level: ['1', '2', '3', '4', 'I', 'II', 'III', 'IV'], ...noExercises }],
    ['an organisation: its id on the org attribute', { organizationId: 'org-0001' }, { org: ['org-0001'], ...noExercises }],
    [
      'all of them: one key each',
      { divisionPrefix: '11', categories: ['natural-disaster'], minLevel: '3', organizationId: 'org-0001', includeExercises: true },
      { division: [{ prefix: '11' }], category: ['natural-disaster'], level: ['1', '2', '3', 'I', 'II', 'III'], org: ['org-0001'] },
    ],
  ])('%s', (_, filter, policy) => {
    expect(filterPolicyFor(filter)).toEqual(policy);
  });

  it('keeps within the SNS limits of five keys and 150 value combinations for the widest filter', () => {
    const widest = filterPolicyFor({ divisionPrefix: '11', categories: ['natural-disaster', 'accident', 'public-health', 'social-security'], minLevel: '4', organizationId: 'org-0001' });
    expect(Object.keys(widest).length).toBeLessThanOrEqual(MAX_POLICY_KEYS);
    expect(policyComplexity(widest)).toBeLessThanOrEqual(MAX_POLICY_COMBINATIONS);
  });

  it('spells equal filters alike and different ones differently, whatever the order of categories', () => {
    expect(canonicalFilter({ categories: ['accident', 'public-health'] })).toBe(canonicalFilter({ categories: ['public-health', 'accident', 'accident'] }));
    expect(canonicalFilter({ includeExercises: false })).toBe(canonicalFilter({}));
    expect(canonicalFilter({ minLevel: '1' })).not.toBe(canonicalFilter({ minLevel: '2' }));
    expect(canonicalFilter({ organizationId: 'org-1' })).not.toBe(canonicalFilter({}));
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
    ['an empty policy accepts every message', {}, { store: 'x' }, true],
    ['an inherited property name is not a message attribute', { toString: ['x'] }, {}, false],
    ['$or: the first object matches', { $or: [{ store: ['a'] }, { event: ['b'] }] }, { store: 'a' }, true],
    ['$or: the second object matches (OR across keys)', { $or: [{ store: ['a'] }, { event: ['b'] }] }, { event: 'b' }, true],
    ['$or: neither matches', { $or: [{ store: ['a'] }, { event: ['b'] }] }, { store: 'b', event: 'a' }, false],
    ['$or: an object matches only when all of its keys do', { $or: [{ store: ['a'], event: ['b'] }, { event: ['c'] }] }, { store: 'a', event: 'x' }, false],
    // SNS matches no condition, anything-but included, on an attribute the message lacks: hence exercise is always sent.
    ['a missing attribute fails its key even for a value a message never has', { exercise: ['false'] }, { type: 'warning.issued' }, false],
  ])('%s', (_, policy, attributes, expected) => {
    expect(matchesFilterPolicy(policy, attributes)).toBe(expected);
  });
});

function alert(level: string, division: string, category: string, attributes?: Record<string, string>): Record<string, string> {
  const a: Alert = { eventId: 'e-1', type: 'warning.issued', division, category, level, ...(attributes ? { attributes } : {}), payload: {}, createdAt: '2026-11-26T08:00:00.000Z' };
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
    ['a default subscription does not receive an exercise (issue 11)', {}, alert('1', '110105', 'accident', { exercise: 'true' }), false],
    ['nor does a filtered one', chaoyangSevere, alert('1', '110105', 'accident', { exercise: 'true' }), false],
    ['a subscription that includes exercises receives one', { includeExercises: true }, alert('1', '110105', 'accident', { exercise: 'true' }), true],
    ['and real alerts too', { includeExercises: true, minLevel: '2' }, alert('2', '110105', 'accident'), true],
    ['an event without an exercise attribute counts as real: the relay sends exercise=false', {}, alert('3', '110105', 'accident', {}), true],
    ['an organisation subscription receives its deployment request (issue 9)', { organizationId: 'org-0001' }, alert('none', '110105', 'accident', { org: 'org-0001' }), true],
    ['but not another organisation\'s', { organizationId: 'org-0001' }, alert('none', '110105', 'accident', { org: 'org-0002' }), false],
    ['nor an alert about no organisation', { organizationId: 'org-0001' }, alert('1', '110105', 'accident'), false],
    ['a subscription without an organisation receives alerts about organisations too', { divisionPrefix: '1101' }, alert('none', '110105', 'accident', { org: 'org-0001' }), true],
  ])('%s', (_, filter, attributes, expected) => {
    expect(matchesFilterPolicy(filterPolicyFor(filter), attributes)).toBe(expected);
  });
});

describe('the one policy of subscriptions that share an endpoint', () => {
  const severe = filterPolicyFor({ divisionPrefix: '1101', minLevel: '2' });
  const accidents = filterPolicyFor({ categories: ['accident'] });
  const chaoyangTop = filterPolicyFor({ divisionPrefix: '110105', minLevel: '1' });

  it('is none at all when no subscription is live, and a policy no alert matches stands in', () => {
    expect(unionPolicy([])).toBeUndefined();
    expect(matchesFilterPolicy(MATCH_NOTHING, alert('1', '110105', 'accident'))).toBe(false);
    expect(matchesFilterPolicy(MATCH_NOTHING, alert('none', '110105', 'natural-disaster', { exercise: 'true' }))).toBe(false);
  });

  it('is the one filter itself when there is one', () => {
    expect(unionPolicy([severe])).toEqual(severe);
  });

  it('joins different filters with $or, which SNS reads as such (at least two objects)', () => {
    expect(unionPolicy([severe, accidents])).toEqual({ $or: [accidents, severe] });
  });

  it('drops a filter another one covers: 110105 from level 1 is inside 1101 from level 2', () => {
    expect(unionPolicy([severe, chaoyangTop])).toEqual(severe);
    expect(branchCovers(severe, chaoyangTop)).toBe(true);
    expect(branchCovers(chaoyangTop, severe)).toBe(false);
  });

  it('delivers everything when one subscription wants everything', () => {
    expect(unionPolicy([severe, filterPolicyFor({ includeExercises: true })])).toEqual({});
  });

  it('merges into one wider policy when the $or would pass the 150 combinations SNS allows, and never delivers less', () => {
    const wide = (prefix: string): FilterBranch => filterPolicyFor({ divisionPrefix: prefix, categories: [...CATEGORIES], minLevel: '4' });
    const branches = ['11', '12', '13', '14', '15'].map(wide);
    const union = unionPolicy(branches)!;
    expect(policyComplexity(union)).toBeLessThanOrEqual(MAX_POLICY_COMBINATIONS);
    for (const p of ['110105', '120101', '150203']) expect(matchesFilterPolicy(union, alert('3', p, 'accident'))).toBe(true);
  });

  const filters: fc.Arbitrary<SubscriptionFilter> = fc.record(
    {
      divisionPrefix: fc.constantFrom('11', '1101', '110105', '12', '44', '4403'),
      categories: fc.uniqueArray(fc.constantFrom(...CATEGORIES), { minLength: 1, maxLength: 4 }),
      minLevel: fc.constantFrom(...WARNING_LEVELS),
      organizationId: fc.constantFrom('org-0001', 'org-0002'),
      includeExercises: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  const alerts = fc.record({
    level: fc.constantFrom('1', '2', '3', '4', 'I', 'II', 'III', 'IV', 'none'),
    division: fc.constantFrom('110105', '110100', '120101', '440305', '440300'),
    category: fc.constantFrom(...CATEGORIES),
    org: fc.option(fc.constantFrom('org-0001', 'org-0002'), { nil: undefined }),
    exercise: fc.constantFrom('true', 'false'),
  });

  it('delivers every alert any of the subscriptions would receive, and stays within the limits of SNS (property)', () => {
    fc.assert(
      fc.property(fc.array(filters, { minLength: 1, maxLength: 12 }), fc.array(alerts, { minLength: 1, maxLength: 20 }), (fs, as) => {
        const union = unionPolicy(fs.map((f) => filterPolicyFor(f)))!;
        expect(policyComplexity(union)).toBeLessThanOrEqual(MAX_POLICY_COMBINATIONS);
        expect(policyKeys(union).size).toBeLessThanOrEqual(MAX_POLICY_KEYS);
        // What SNS is sent reads back as the same policy.
        if (Object.keys(union).length > 0) expect(parseFilterPolicy(JSON.stringify(union))).toEqual(union);
        for (const a of as) {
          const attrs = alert(a.level, a.division, a.category, { exercise: a.exercise, ...(a.org ? { org: a.org } : {}) });
          if (fs.some((f) => matchesFilterPolicy(filterPolicyFor(f), attrs))) expect(matchesFilterPolicy(union, attrs)).toBe(true);
        }
      }),
    );
  });

  it('delivers exactly what the subscriptions would receive while the $or fits (property)', () => {
    fc.assert(
      fc.property(fc.array(filters, { minLength: 1, maxLength: 3 }), fc.array(alerts, { minLength: 1, maxLength: 20 }), (fs, as) => {
        const union = unionPolicy(fs.map((f) => filterPolicyFor(f)))!;
        fc.pre(policyComplexity({ $or: fs.map((f) => filterPolicyFor(f)) }) <= MAX_POLICY_COMBINATIONS);
        for (const a of as) {
          const attrs = alert(a.level, a.division, a.category, { exercise: a.exercise, ...(a.org ? { org: a.org } : {}) });
          expect(matchesFilterPolicy(union, attrs)).toBe(fs.some((f) => matchesFilterPolicy(filterPolicyFor(f), attrs)));
        }
      }),
    );
  });
});

describe('parseFilterPolicy', () => {
  it('reads back every policy filterPolicyFor makes, as sent to SNS', () => {
    const policy = filterPolicyFor({ divisionPrefix: '1101', categories: ['accident'], minLevel: '2' });
    expect(parseFilterPolicy(JSON.stringify(policy))).toEqual(policy);
  });

  it('reads an $or of two objects', () => {
    expect(parseFilterPolicy('{"$or":[{"level":["1"]},{"category":["accident"]}]}')).toEqual({ $or: [{ level: ['1'] }, { category: ['accident'] }] });
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
    ['$or with one object (SNS would read it as an attribute name)', '{"$or":[{"level":["1"]}]}'],
    ['$or beside another key', '{"type":["x"],"$or":[{"level":["1"]},{"category":["a"]}]}'],
    ['a nested $or', '{"$or":[{"$or":[{"a":["1"]},{"b":["2"]}]},{"c":["3"]}]}'],
    ['a reserved word as a key inside $or', '{"$or":[{"prefix":["1"]},{"c":["3"]}]}'],
    ['six keys', '{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}'],
    ['151 combinations', JSON.stringify({ a: Array.from({ length: 151 }, (_, i) => String(i)) })],
  ])('refuses %s rather than evaluate it differently from SNS', (_, json) => {
    expect(() => parseFilterPolicy(json)).toThrow(UnsupportedFilterPolicy);
  });
});

describe('who may receive what: the audience of a subscription', () => {
  const attrs = (type: string, extra: Record<string, string> = {}) => ({ type, division: '110105', category: 'natural-disaster', level: 'none', exercise: 'false', ...extra });

  it('gives a citizen public warnings and responses, never claims, requisitions, notices or deployments', () => {
    // Prepare
    const policy = filterPolicyFor({}, 'citizen');

    // Act / Assess
    expect(matchesFilterPolicy(policy, attrs('warning.issued', { level: '3' }))).toBe(true);
    expect(matchesFilterPolicy(policy, attrs('response.terminated', { level: 'II' }))).toBe(true);
    for (const type of ['claim.decided', 'claim.paid', 'reconsideration.decided', 'requisition.issued', 'notice.overdue', 'deployment.requested']) {
      expect(matchesFilterPolicy(policy, attrs(type, { org: 'org-0001' })), type).toBe(false);
    }
  });

  it("gives an organisation its own deployments only, and no other organisation's", () => {
    // Prepare
    const own = filterPolicyFor({ organizationId: 'org-0001', minLevel: '2' }, 'org');
    const plain = filterPolicyFor({}, 'org');

    // Act / Assess
    expect(matchesFilterPolicy(own, attrs('deployment.requested', { org: 'org-0001' }))).toBe(true);
    expect(matchesFilterPolicy(own, attrs('deployment.requested', { org: 'org-0002' }))).toBe(false);
    expect(matchesFilterPolicy(plain, attrs('deployment.requested', { org: 'org-0002' }))).toBe(false);
    expect(matchesFilterPolicy(plain, attrs('claim.paid'))).toBe(false);
    expect(Object.keys(own).length).toBeLessThanOrEqual(MAX_POLICY_KEYS);
  });

  it('leaves offices and auditors every alert type', () => {
    expect(matchesFilterPolicy(filterPolicyFor({}, 'office'), attrs('claim.decided'))).toBe(true);
    expect(matchesFilterPolicy(filterPolicyFor({}, 'auditor'), attrs('notice.overdue'))).toBe(true);
    expect(audienceOf(['citizen'])).toBe('citizen');
    expect(audienceOf(['org'])).toBe('org');
    expect(audienceOf(['auditor', 'citizen'])).toBe('auditor');
  });
});
