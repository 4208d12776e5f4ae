// Shared vocabulary of the Emergency Response Law: event categories (Art 2), response levels (Art 71), warning levels (Art 63).
import type { GovLevel } from './division.ts';

export const CATEGORIES = ['natural-disaster', 'accident', 'public-health', 'social-security'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Response levels, I the most severe (特别重大) to IV (一般). */
export const RESPONSE_LEVELS = ['I', 'II', 'III', 'IV'] as const;
export type ResponseLevel = (typeof RESPONSE_LEVELS)[number];

export const WARNING_LEVELS = ['1', '2', '3', '4'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];

/** Default authority by response level where a plan sets none: IV county, III city, II province, I national. */
export const DEFAULT_AUTHORITY: Record<ResponseLevel, GovLevel> = {
  I: 'national',
  II: 'province',
  III: 'city',
  IV: 'county',
};
