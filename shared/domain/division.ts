// GB/T 2260 administrative divisions: 6-digit codes (province PP0000, city PPCC00, county PPCCDD),
// 9 digits for a township, 12 for a village. 100000 stands for the nation (中华人民共和国).

export const NATIONAL = '100000';
export const GOV_LEVELS = ['national', 'province', 'city', 'county', 'township'] as const;
export type GovLevel = (typeof GOV_LEVELS)[number];

export const DIVISION_PATTERN = /^(\d{6}|\d{9}|\d{12})$/;

/** The significant prefix: the part of the code a subordinate shares. */
function prefix(code: string): string {
  if (code === NATIONAL) return '';
  if (code.length > 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** The government level a division code belongs to. */
export function levelOf(code: string): GovLevel {
  if (code === NATIONAL) return 'national';
  if (code.length === 9) return 'township';
  if (code.length === 12) return 'township'; // a village committee is not a government; its township is
  if (code.endsWith('0000')) return 'province';
  if (code.endsWith('00')) return 'city';
  return 'county';
}

/** True when `inner` is `outer` or lies inside it. */
export function within(inner: string, outer: string): boolean {
  if (inner === outer) return true;
  const p = prefix(outer);
  return inner.startsWith(p) && inner.length > p.length;
}

/** The division one government level up (a township's county, a county's city ...); the nation has none above it. */
export function superiorOf(division: string): string {
  if (division.length === 12) return division.slice(0, 9);
  if (division.length === 9) return division.slice(0, 6);
  switch (levelOf(division)) {
    case 'national':
      return NATIONAL;
    case 'province':
      return NATIONAL;
    case 'city':
      return `${division.slice(0, 2)}0000`;
    default:
      return `${division.slice(0, 4)}00`;
  }
}

/** Is `a` the same division as `b` or one of its superiors? */
export function isSameOrSuperior(a: string, b: string): boolean {
  return within(b, a);
}

/** Rank for comparing government levels: national 4 ... township 0. */
export function rank(level: GovLevel): number {
  return GOV_LEVELS.length - 1 - GOV_LEVELS.indexOf(level);
}

export function atLeast(level: GovLevel, required: GovLevel): boolean {
  return rank(level) >= rank(required);
}
