// GB/T 2260 division hierarchy: containment, levels and the superior one level up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NATIONAL, isSameOrSuperior, levelOf, within } from '../../shared/domain/division.ts';
import { superiorOf } from '../../shared/domain/plan.ts';

const chain = {
  national: '100000',
  province: '110000',
  city: '110100',
  county: '110105',
  township: '110105001',
  village: '110105001001',
};
const outerToInner = [chain.national, chain.province, chain.city, chain.county, chain.township, chain.village];

describe('within', () => {
  it('places every division of the chain inside each of its superiors and itself', () => {
    outerToInner.forEach((outer, i) => {
      for (const inner of outerToInner.slice(i)) expect(within(inner, outer), `${inner} in ${outer}`).toBe(true);
    });
  });

  it('places no superior inside a subordinate: a county is not within its township', () => {
    expect(within(chain.county, chain.township)).toBe(false);
    expect(within(chain.township, chain.village)).toBe(false);
    expect(within(chain.city, chain.county)).toBe(false);
    expect(within(chain.province, chain.city)).toBe(false);
    expect(within(NATIONAL, chain.province)).toBe(false);
  });

  it('keeps sibling counties and their townships apart', () => {
    expect(within('110108', '110105')).toBe(false);
    expect(within('110105', '110108')).toBe(false);
    expect(within('110108001', '110105')).toBe(false);
    expect(within('110105002', '110105001')).toBe(false);
  });

  it('keeps other provinces and their cities apart', () => {
    expect(within('120101', '110000')).toBe(false);
    expect(within('110105', '120000')).toBe(false);
    expect(within('120100', '110100')).toBe(false);
    expect(within('110200', '110100')).toBe(false);
  });
});

describe('isSameOrSuperior', () => {
  it('holds for the division itself and every division above it', () => {
    for (const a of [chain.national, chain.province, chain.city, chain.county]) expect(isSameOrSuperior(a, chain.county), a).toBe(true);
  });

  it('does not hold for a subordinate or a sibling', () => {
    expect(isSameOrSuperior(chain.township, chain.county)).toBe(false);
    expect(isSameOrSuperior('110108', chain.county)).toBe(false);
  });
});

describe('levelOf and superiorOf', () => {
  it.each([
    [chain.national, 'national', chain.national],
    [chain.province, 'province', chain.national],
    [chain.city, 'city', chain.province],
    [chain.county, 'county', chain.city],
    [chain.township, 'township', chain.county],
    // A village committee is not a government; its township government acts for it.
    [chain.village, 'township', chain.township],
  ])('puts %s at level %s under %s', (code, level, superior) => {
    expect(levelOf(code)).toBe(level);
    expect(superiorOf(code)).toBe(superior);
  });
});

/**
 * Chains of codes from small digit sets, so that generated codes often share a province, city, county or township and
 * containment between them is often true; the shortest chain is the nation alone.
 */
const codeChain = fc
  .record({
    province: fc.constantFrom('11', '12', '44'),
    city: fc.constantFrom('01', '02'),
    county: fc.constantFrom('01', '05', '08'),
    township: fc.constantFrom('001', '002'),
    village: fc.constantFrom('001', '203'),
    depth: fc.integer({ min: 0, max: 5 }),
  })
  .map(({ province, city, county, township, village, depth }) => {
    const all = [
      NATIONAL,
      `${province}0000`,
      `${province}${city}00`,
      `${province}${city}${county}`,
      `${province}${city}${county}${township}`,
      `${province}${city}${county}${township}${village}`,
    ];
    return all.slice(0, depth + 1);
  });
const code = codeChain.map((c) => c[c.length - 1]!);

describe('within, as an order on generated codes', () => {
  it('is reflexive', () => {
    fc.assert(
      fc.property(code, (c) => {
        expect(within(c, c)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('holds down every generated chain, and never up it', () => {
    fc.assert(
      fc.property(codeChain, (c) => {
        c.forEach((outer, i) => {
          c.forEach((inner, j) => expect(within(inner, outer), `${inner} in ${outer}`).toBe(j >= i));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('is transitive', () => {
    fc.assert(
      fc.property(code, code, code, (a, b, c) => {
        if (within(a, b) && within(b, c)) expect(within(a, c)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('is antisymmetric', () => {
    fc.assert(
      fc.property(code, code, (a, b) => {
        if (within(a, b) && within(b, a)) expect(a).toBe(b);
      }),
      { numRuns: 500 },
    );
  });

  it('puts each code directly inside its superior', () => {
    fc.assert(
      fc.property(code, (c) => {
        fc.pre(c !== NATIONAL);
        expect(within(c, superiorOf(c))).toBe(true);
        expect(within(superiorOf(c), c)).toBe(false);
      }),
      { numRuns: 200 },
    );
  });
});
