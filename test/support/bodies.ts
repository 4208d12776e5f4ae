// Request bodies the API accepts, shared by every kind of test: a county flood plan, its revised content, and an
// incident report of the county. Tests override single fields to make their point.

/** A special natural-disaster plan of 110105 with levels III and IV (POST /v1/plans). */
export function samplePlanBody(overrides: Record<string, unknown> = {}) {
  return {
    title: 'Flood emergency plan',
    type: 'special',
    category: 'natural-disaster',
    divisionCode: '110105',
    responseLevels: {
      III: { thresholds: { deaths: 3 }, measures: ['Evacuate low-lying areas'] },
      IV: { thresholds: { deaths: 1 }, measures: ['Open shelters'] },
    },
    warningMeasures: { '4': ['Publish forecasts'] },
    ...overrides,
  };
}

/** The same content under a new title, as PUT /v1/plans/{planId} takes it (identity fields stay with the plan). */
export function revisedPlanBody(title: string) {
  const { title: _t, type: _ty, category: _c, divisionCode: _d, ...content } = samplePlanBody();
  return { ...content, title };
}

/** A gas explosion in 110105 with two deaths (POST /v1/incidents). */
export function reportBody(o: Record<string, unknown> = {}) {
  return {
    category: 'accident',
    type: 'gas-explosion',
    title: 'Gas explosion in a residential block',
    divisionCode: '110105',
    occurredAt: '2026-07-01T01:00:00+08:00',
    location: { lat: 39.92, lng: 116.44, address: 'Jianguo Road, Chaoyang' },
    casualties: { deaths: 2, missing: 0, injured: 5, seriouslyInjured: 1 },
    directLossFen: 1_000_000,
    affectedPopulation: 300,
    description: 'Gas explosion on the third floor.',
    ...o,
  };
}
