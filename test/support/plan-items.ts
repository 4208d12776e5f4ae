// A draft flood plan of 110105 and its version as the plan repository stores them, for feeding mocked DynamoDB reads
// in handler tests through the repository's own planHeadItem and planVersionItem.
import type { Plan, PlanVersion } from '../../shared/domain/plan.ts';

export const PLAN_ID = '3f7d2c1e-5b6a-4c8d-9e0f-112233445566';
export const DRILL_ID = '7a8b9c0d-1e2f-4a3b-8c4d-5e6f70819203';

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    planId: PLAN_ID,
    type: 'special',
    category: 'natural-disaster',
    divisionCode: '110105',
    title: 'Flood emergency plan',
    status: 'draft',
    latestVersion: 1,
    revisionNeeded: false,
    createdAt: '2026-11-02T02:00:00.000Z',
    updatedAt: '2026-11-03T02:00:00.000Z',
    rev: 3,
    ...overrides,
  };
}

export function version(overrides: Partial<PlanVersion> = {}): PlanVersion {
  return {
    planId: PLAN_ID,
    version: 1,
    status: 'draft',
    title: 'Flood emergency plan',
    responseLevels: {
      III: { thresholds: { deaths: 3 }, requiredAuthority: 'city', measures: ['Evacuate low-lying areas'] },
      IV: { thresholds: { deaths: 1 }, requiredAuthority: 'county', measures: ['Open shelters'] },
    },
    warningMeasures: { '4': ['Publish forecasts'] },
    createdAt: '2026-11-02T02:00:00.000Z',
    createdBy: 'office-110105',
    ...overrides,
  };
}
