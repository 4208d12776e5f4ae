// The incident aggregate: severity from the plan in force, follow-ups, and the graded response (rules 6-9).
import { describe, expect, it } from 'vitest';
import type { ResponseLevel } from '../../shared/domain/categories.ts';
import {
  INVESTIGATION_DAYS,
  activateResponse,
  changeLevel,
  deriveSeverity,
  followUp,
  handOver,
  reportIncident,
  terminate,
  thresholdsMet,
  type Activation,
  type Incident,
  type IncidentChange,
} from '../../shared/domain/incident.ts';
import type { Government } from '../../shared/domain/actor.ts';
import type { VersionStatus } from '../../shared/domain/plan.ts';
import { InvalidTransition, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { figures, gov, hoursAfter, levelsWithAuthority, planInForce, report, reported, reportedAt, refusal } from './incident-fixtures.ts';

const plan = planInForce();

function activation(level: ResponseLevel, o: Partial<Activation> = {}): Activation {
  return {
    level,
    matters: 'Collapse of a warehouse roof with casualties',
    expectedDuration: '72 hours',
    measures: ['Search and rescue', 'Cordon the site'],
    basis: { metric: 'deaths' },
    ...o,
  };
}

/** Figures that meet every level's deaths threshold, so activation at any level has a basis. */
const catastrophic = figures({ deaths: 35 });

/** Runs a domain command and returns the error it throws. */

describe('reporting and severity (Art 3)', () => {
  it('derives the highest level any of whose thresholds is met and shows that threshold as the basis', () => {
    // deaths 4 meet III; seriously injured 60 meet II: II wins.
    const i = reported(figures({ deaths: 4, seriouslyInjured: 60 }));

    expect(i.severity.level).toBe('II');
    expect(i.severity.derivedLevel).toBe('II');
    expect(i.severity.basis).toEqual({ planId: 'plan-accident', planVersion: 1, level: 'II', metric: 'seriouslyInjured', threshold: 50, value: 60 });
    expect(i.severity.override).toBeUndefined();
  });

  it('grades on whichever metric reaches furthest: direct loss alone can make an accident level I', () => {
    const i = reported(figures({ directLossFen: 100_000_000_00 }));

    expect(i.severity.level).toBe('I');
    expect(i.severity.basis).toMatchObject({ level: 'I', metric: 'directLossFen', threshold: 100_000_000_00, value: 100_000_000_00 });
  });

  it('counts a figure equal to the threshold as meeting it, and one below as not', () => {
    expect(deriveSeverity('accident', figures({ deaths: 3 }), plan)).toMatchObject({ derivedLevel: 'III', basis: { metric: 'deaths', threshold: 3, value: 3 } });
    expect(deriveSeverity('accident', figures({ deaths: 2 }), plan)).toMatchObject({ derivedLevel: 'IV', basis: { metric: 'deaths', threshold: 1, value: 2 } });
  });

  it('lists every threshold of a level that the figures meet, and none for a level the plan lacks', () => {
    const f = figures({ deaths: 12, seriouslyInjured: 70, directLossFen: 1 });
    expect(thresholdsMet(f, plan, 'II').map((t) => t.metric)).toEqual(['deaths', 'seriouslyInjured']);
    expect(thresholdsMet(f, plan, 'I')).toEqual([]);
    const onlyIV = planInForce({ levels: { IV: { thresholds: { deaths: 1 }, requiredAuthority: 'county', measures: [] } } });
    expect(thresholdsMet(f, onlyIV, 'II')).toEqual([]);
  });

  it('leaves the incident ungraded when no plan is in force for its category and division', () => {
    const { incident: i } = reportIncident('inc-0009', report({ figures: figures({ deaths: 40 }) }), undefined, gov.county, reportedAt);

    expect(i.severity).toEqual({ level: null, derivedLevel: null, basis: null });
  });

  it('leaves a social-security incident ungraded even with a plan in force (Art 3)', () => {
    const securityPlan = planInForce({ category: 'social-security' });
    const i = reported(figures({ deaths: 40 }), { category: 'social-security' }, securityPlan);

    expect(i.severity.level).toBeNull();
    expect(i.severity.basis).toBeNull();
  });

  it('refuses a severity override on a social-security incident: Art 3 does not grade them', () => {
    const e = refusal(() =>
      reportIncident('inc-ss', report({ category: 'social-security', severityOverride: { level: 'II', reason: 'Large crowd' } }), undefined, gov.county, reportedAt),
    );
    expect(e).toBeInstanceOf(RuleViolation);
    expect((e as RuleViolation).code).toBe('social-security-not-graded');
  });

  it('leaves the incident ungraded when no threshold is met', () => {
    expect(reported(figures({ injured: 2, missing: 1 })).severity).toEqual({ level: null, derivedLevel: null, basis: null });
  });

  it('records a new report: reported, rev 1, no updates yet, reporter and times in UTC', () => {
    const { incident, change } = reportIncident('inc-0002', report({ occurredAt: '2026-07-01T09:00:00+08:00', figures: figures({ deaths: 1 }) }), plan, gov.county, reportedAt);

    expect(incident).toMatchObject({
      incidentId: 'inc-0002',
      status: 'reported',
      rev: 1,
      updates: 0,
      reportedBy: 'office-110105',
      occurredAt: '2026-07-01T01:00:00.000Z',
      reportedAt: reportedAt.toISOString(),
      updatedAt: reportedAt.toISOString(),
    });
    expect(incident.response).toBeUndefined();
    expect(change).toEqual({ action: 'report', from: null, to: 'reported; severity IV' });
  });

  it('lets an override with a reason win over the derived level, and records who decided it and why', () => {
    const { incident, change } = reportIncident(
      'inc-0003',
      report({ figures: figures({ deaths: 12 }), severityOverride: { level: 'III', reason: 'Nine of the dead are from an earlier, separate event' } }),
      plan,
      gov.county,
      reportedAt,
    );

    expect(incident.severity.level).toBe('III');
    expect(incident.severity.derivedLevel).toBe('II');
    expect(incident.severity.basis).toMatchObject({ level: 'II', metric: 'deaths' });
    expect(incident.severity.override).toEqual({ level: 'III', reason: 'Nine of the dead are from an earlier, separate event', by: 'office-110105', at: reportedAt.toISOString() });
    expect(change.reason).toBe('severity override: Nine of the dead are from an earlier, separate event');
  });

  it('refuses a report of an occurrence in the future', () => {
    const e = refusal(() => reportIncident('inc-0004', report({ occurredAt: '2026-07-01T02:00:01Z' }), plan, gov.county, reportedAt));

    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ status: 422, code: 'occurred-in-future' });
  });

  it('accepts a report of something that happened at this very instant, whatever the offset it is written in', () => {
    const { incident } = reportIncident('inc-0005', report({ occurredAt: '2026-07-01T10:00:00+08:00' }), plan, gov.county, reportedAt);

    expect(incident.occurredAt).toBe(reportedAt.toISOString());
  });

  it('refuses a report from a government outside the incident division', () => {
    const e = refusal(() => reportIncident('inc-0006', report(), plan, gov.otherCounty, reportedAt));

    expect(e).toBeInstanceOf(NotInJurisdiction);
    expect(e).toMatchObject({ status: 403 });
  });
});

describe('follow-up reports', () => {
  it('re-derive the severity from the new figures and number the updates in order', () => {
    // Prepare
    const first = reported(figures({ deaths: 1 }));

    // Act
    const u1 = followUp(first, { figures: figures({ deaths: 4 }), note: 'Two more bodies recovered' }, plan, gov.county, hoursAfter(1));
    const u2 = followUp(u1.incident, { figures: figures({ deaths: 11 }) }, plan, gov.city, hoursAfter(2));
    const u3 = followUp(u2.incident, { figures: figures({ deaths: 11, seriouslyInjured: 120 }) }, plan, gov.county, hoursAfter(3));

    // Assess
    expect([u1, u2, u3].map((c) => c.update?.seq)).toEqual([1, 2, 3]);
    expect([u1, u2, u3].map((c) => c.incident.severity.level)).toEqual(['III', 'II', 'I']);
    expect([u1, u2, u3].map((c) => c.incident.rev)).toEqual([2, 3, 4]);
    expect(u3.incident.updates).toBe(3);
    expect(u3.incident.figures).toEqual(figures({ deaths: 11, seriouslyInjured: 120 }));
    expect(u3.incident.severity.basis).toMatchObject({ level: 'I', metric: 'seriouslyInjured', value: 120 });
    expect(u3.incident.updatedAt).toBe(hoursAfter(3).toISOString());
    expect(u1.update).toEqual({ seq: 1, figures: figures({ deaths: 4 }), note: 'Two more bodies recovered', severity: u1.incident.severity });
    expect(u1.change).toEqual({ action: 'follow-up', from: 'severity IV', to: 'severity III (update 1)', reason: 'Two more bodies recovered' });
    expect(u1.event).toBeUndefined();
    expect(u1.filing).toBeUndefined();
  });

  it('can lower the severity, and drop it to ungraded, when figures are corrected downward', () => {
    const i = reported(figures({ deaths: 4 }));
    const u = followUp(i, { figures: figures() }, plan, gov.county, hoursAfter(1));

    expect(u.incident.severity).toEqual({ level: null, derivedLevel: null, basis: null });
    expect(u.change.to).toBe('severity ungraded (update 1)');
  });

  it('keep an override through later follow-ups until a new override replaces it', () => {
    // Prepare
    const i = reportIncident('inc-0007', report({ figures: figures({ deaths: 12 }), severityOverride: { level: 'III', reason: 'earlier deaths counted twice' } }), plan, gov.county, reportedAt).incident;

    // Act
    const kept = followUp(i, { figures: figures({ deaths: 31 }) }, plan, gov.county, hoursAfter(1)).incident;
    const replaced = followUp(kept, { figures: figures({ deaths: 31 }), severityOverride: { level: 'I', reason: 'the count is now confirmed' } }, plan, gov.city, hoursAfter(2));
    const afterReplace = followUp(replaced.incident, { figures: figures({ deaths: 2 }) }, plan, gov.county, hoursAfter(3)).incident;

    // Assess
    expect(kept.severity).toMatchObject({ level: 'III', derivedLevel: 'I', override: { level: 'III', reason: 'earlier deaths counted twice', by: 'office-110105' } });
    expect(replaced.incident.severity).toMatchObject({ level: 'I', derivedLevel: 'I', override: { level: 'I', reason: 'the count is now confirmed', by: 'office-110100', at: hoursAfter(2).toISOString() } });
    expect(replaced.change.reason).toBe('severity override: the count is now confirmed');
    expect(afterReplace.severity).toMatchObject({ level: 'I', derivedLevel: 'IV', override: { level: 'I', reason: 'the count is now confirmed' } });
  });

  it('are refused from a government outside the incident division', () => {
    const i = reported();
    const e = refusal(() => followUp(i, { figures: figures({ deaths: 9 }) }, plan, gov.otherCounty, hoursAfter(1)));

    expect(e).toBeInstanceOf(NotInJurisdiction);
  });
});

describe('activating a graded response (rule 6)', () => {
  it('records matters, level, expected duration, measures, the plan version and the threshold met (rule 6)', () => {
    // Prepare
    const i = reported(figures({ deaths: 2, seriouslyInjured: 4 }));
    const at = hoursAfter(1);

    // Act
    const { incident, change, event, filing } = activateResponse(i, activation('IV', { basis: { metric: 'seriouslyInjured' } }), plan, gov.county, at);

    // Assess
    expect(incident.status).toBe('responding');
    expect(incident.rev).toBe(i.rev + 1);
    expect(incident.response).toEqual({
      status: 'active',
      planId: 'plan-accident',
      planVersion: 1,
      level: 'IV',
      matters: 'Collapse of a warehouse roof with casualties',
      expectedDuration: '72 hours',
      measures: ['Search and rescue', 'Cordon the site'],
      basis: { planId: 'plan-accident', planVersion: 1, level: 'IV', metric: 'seriouslyInjured', threshold: 3, value: 4 },
      activatedBy: { division: '110105', level: 'county' },
      activatedAt: at.toISOString(),
      responsible: { division: '110105', level: 'county' },
    });
    expect(change).toEqual({ action: 'activate-response', from: 'no response', to: 'level IV response' });
    expect(event).toEqual({ type: 'response.activated', incidentId: 'inc-0001', division: '110105', category: 'accident', level: 'IV', responsibleDivision: '110105' });
    expect(filing?.decision).toBe('activation');
  });

  it('accepts a filed plan version as well as a published one (rule 6)', () => {
    const filed = planInForce({ status: 'filed' });
    expect(filed.version.status).toBe('filed');

    expect(activateResponse(reported(), activation('IV'), filed, gov.county, hoursAfter(1)).incident.response?.planVersion).toBe(1);
  });

  it.each<VersionStatus>(['draft', 'under-review', 'approved', 'superseded', 'retired', 'replaced'])(
    'refuses a response citing a %s plan version (rule 6)',
    (status) => {
      const cited = planInForce({ status });
      expect(cited.version.status).toBe(status);

      const e = refusal(() => activateResponse(reported(), activation('IV'), cited, gov.county, hoursAfter(1)));

      expect(e).toBeInstanceOf(RuleViolation);
      expect(e).toMatchObject({ status: 422, code: 'plan-version-not-in-force' });
    },
  );

  it('refuses a response under a plan for another category of event (rule 6)', () => {
    const floodPlan = planInForce({ category: 'natural-disaster' });

    const e = refusal(() => activateResponse(reported(), activation('IV'), floodPlan, gov.county, hoursAfter(1)));

    expect(e).toMatchObject({ status: 422, code: 'plan-category-mismatch' });
  });

  it('refuses a response whose cited threshold the reported figures do not meet (rule 6)', () => {
    // deaths 2 meet level IV's deaths threshold, not III's (3), and seriously injured 0 meet nothing.
    const i = reported(figures({ deaths: 2 }));

    const tooHigh = refusal(() => activateResponse(i, activation('III'), plan, gov.city, hoursAfter(1)));
    const wrongMetric = refusal(() => activateResponse(i, activation('IV', { basis: { metric: 'seriouslyInjured' } }), plan, gov.county, hoursAfter(1)));
    const undefinedMetric = refusal(() => activateResponse(i, activation('IV', { basis: { metric: 'directLossFen' } }), plan, gov.county, hoursAfter(1)));

    for (const e of [tooHigh, wrongMetric, undefinedMetric]) expect(e).toMatchObject({ status: 422, code: 'threshold-not-met' });
  });

  it('refuses a response at a level the plan does not define (rule 6)', () => {
    const ivOnly = planInForce({ levels: { IV: { thresholds: { deaths: 1 }, requiredAuthority: 'county', measures: [] } } });

    const e = refusal(() => activateResponse(reported(catastrophic), activation('I'), ivOnly, gov.national, hoursAfter(1)));

    expect(e).toMatchObject({ status: 422, code: 'level-not-in-plan' });
  });

  it('refuses a second activation while a response is active, and any activation after it ended', () => {
    const active = activateResponse(reported(), activation('IV'), plan, gov.county, hoursAfter(1)).incident;
    const ended = terminate(active, 'Rescue complete', gov.county, hoursAfter(2)).incident;

    expect(refusal(() => activateResponse(active, activation('III'), plan, gov.city, hoursAfter(3)))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => activateResponse(ended, activation('IV'), plan, gov.county, hoursAfter(3)))).toMatchObject({ status: 409, code: 'invalid-transition' });
  });

  it('refuses a response by a government outside the incident division', () => {
    const e = refusal(() => activateResponse(reported(), activation('IV'), plan, gov.otherCounty, hoursAfter(1)));

    expect(e).toBeInstanceOf(NotInJurisdiction);
  });

  it('refuses a response under a plan of a division that does not cover the incident (rule 6)', () => {
    // The sibling county's plan grades and authorises responses in 110108, not in 110105; the city's plan covers both.
    const siblingPlan = planInForce({ divisionCode: '110108' });
    const cityPlan = planInForce({ divisionCode: '110100' });
    const i = reported(figures({ deaths: 5 }));

    expect(activateResponse(i, activation('III'), cityPlan, gov.city, hoursAfter(1)).incident.status).toBe('responding');
    const e = refusal(() => activateResponse(i, activation('III'), siblingPlan, gov.city, hoursAfter(1)));
    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ status: 422 });
  });
});

describe('authority for a response level (rule 7)', () => {
  it('refuses a level III activation by a county office when the plan requires a city (rule 7)', () => {
    const e = refusal(() => activateResponse(reported(figures({ deaths: 5 })), activation('III'), plan, gov.county, hoursAfter(1)));

    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ status: 422, code: 'insufficient-authority' });
  });

  const govs: Government[] = [gov.county, gov.city, gov.province, gov.national];
  const lowest: Record<ResponseLevel, number> = { IV: 0, III: 1, II: 2, I: 3 };
  for (const level of ['I', 'II', 'III', 'IV'] as const) {
    it(`lets only a government at or above the default authority activate level ${level} (rule 7)`, () => {
      govs.forEach((g, rank) => {
        const act = () => activateResponse(reported(catastrophic), activation(level), plan, g, hoursAfter(1));
        if (rank >= lowest[level]) expect(act().incident.response?.responsible, `${g.level} at ${level}`).toEqual({ division: g.division, level: g.level });
        else expect(refusal(act), `${g.level} at ${level}`).toMatchObject({ code: 'insufficient-authority' });
      });
    });
  }

  it("applies the plan's own required authority over the defaults (rule 7)", () => {
    const countyLedIII = planInForce({ levels: levelsWithAuthority({ III: 'county' }) });
    const cityLedIV = planInForce({ levels: levelsWithAuthority({ IV: 'city' }) });
    const i = reported(figures({ deaths: 5 }));

    expect(activateResponse(i, activation('III'), countyLedIII, gov.county, hoursAfter(1)).incident.response?.level).toBe('III');
    expect(refusal(() => activateResponse(i, activation('IV'), cityLedIV, gov.county, hoursAfter(1)))).toMatchObject({ code: 'insufficient-authority' });
    expect(activateResponse(i, activation('IV'), cityLedIV, gov.city, hoursAfter(1)).incident.response?.level).toBe('IV');
  });

  it('applies the same authority rule to a level change (rule 7)', () => {
    const active = activateResponse(reported(figures({ deaths: 12 })), activation('IV'), plan, gov.county, hoursAfter(1)).incident;

    expect(refusal(() => changeLevel(active, 'III', 'Casualties rising', plan, gov.county, hoursAfter(2)))).toMatchObject({ status: 422, code: 'insufficient-authority' });
    const countyLedIII = planInForce({ levels: levelsWithAuthority({ III: 'county' }) });
    expect(changeLevel(active, 'III', 'Casualties rising', countyLedIII, gov.county, hoursAfter(2)).incident.response?.level).toBe('III');
  });

  it('lets only the responsible government change the level or terminate; a superior must take over first (rule 7)', () => {
    const active = activateResponse(reported(figures({ deaths: 12 })), activation('IV'), plan, gov.county, hoursAfter(1)).incident;

    for (const g of [gov.city, gov.province, gov.otherCounty]) {
      expect(refusal(() => changeLevel(active, 'III', 'escalate', plan, g, hoursAfter(2))), g.division).toBeInstanceOf(NotInJurisdiction);
      expect(refusal(() => terminate(active, 'done', g, hoursAfter(2))), g.division).toMatchObject({ status: 403, code: 'not-in-jurisdiction' });
    }
  });

  it('makes the superior that takes over responsible; the original activator may then neither change the level nor terminate (rule 7)', () => {
    // Prepare
    const active = activateResponse(reported(figures({ deaths: 12 })), activation('IV'), plan, gov.county, hoursAfter(1)).incident;

    // Act
    const taken = handOver(active, 'The county cannot contain the event', gov.city, hoursAfter(2));

    // Assess
    expect(taken.incident.response?.responsible).toEqual({ division: '110100', level: 'city' });
    expect(taken.incident.response?.activatedBy).toEqual({ division: '110105', level: 'county' });
    expect(taken.incident.response?.level).toBe('IV');
    expect(taken.incident.rev).toBe(active.rev + 1);
    expect(taken.change).toEqual({ action: 'hand-over-response', from: 'led by 110105', to: 'led by 110100', reason: 'The county cannot contain the event' });
    expect(taken.event).toMatchObject({ type: 'response.handed-over', responsibleDivision: '110100' });
    expect(refusal(() => terminate(taken.incident, 'done', gov.county, hoursAfter(3)))).toBeInstanceOf(NotInJurisdiction);
    expect(refusal(() => changeLevel(taken.incident, 'IV', 'x', plan, gov.county, hoursAfter(3)))).toBeInstanceOf(NotInJurisdiction);
    expect(changeLevel(taken.incident, 'III', 'Casualties rising', plan, gov.city, hoursAfter(3)).incident.response?.level).toBe('III');
    expect(terminate(taken.incident, 'Rescue complete', gov.city, hoursAfter(3)).incident.status).toBe('recovery');
  });

  it('lets only a strictly superior government take a response over (rule 7)', () => {
    const active = activateResponse(reported(figures({ deaths: 12 })), activation('III'), plan, gov.city, hoursAfter(1)).incident;

    // The responsible government itself, a subordinate, a sibling and a township are all refused.
    for (const g of [gov.city, gov.county, gov.otherCounty, gov.township]) {
      expect(refusal(() => handOver(active, 'take over', g, hoursAfter(2))), g.division).toMatchObject({ status: 403, code: 'not-in-jurisdiction' });
    }
    // A government claiming a higher level for a division that is not above the responsible one is refused too.
    const impostor: Government = { kind: 'user', roles: ['office'], sub: 'office-120000', division: '120000', level: 'province' };
    expect(refusal(() => handOver(active, 'take over', impostor, hoursAfter(2)))).toBeInstanceOf(NotInJurisdiction);
    // Once the province leads, the city in between cannot take it back.
    const provincial = handOver(active, 'Spreads across districts', gov.province, hoursAfter(2)).incident;
    expect(refusal(() => handOver(provincial, 'take back', gov.city, hoursAfter(3)))).toBeInstanceOf(NotInJurisdiction);
    expect(handOver(provincial, 'National significance', gov.national, hoursAfter(3)).incident.response?.responsible).toEqual({ division: '100000', level: 'national' });
  });

  it('refuses a level change to the current level or to a level the plan lacks', () => {
    const noI = planInForce({ levels: { II: accidentLevelII(), III: { thresholds: { deaths: 3 }, requiredAuthority: 'city', measures: [] } } });
    const active = activateResponse(reported(figures({ deaths: 12 })), activation('III'), noI, gov.city, hoursAfter(1)).incident;
    const national = handOver(active, 'escalating', gov.national, hoursAfter(2)).incident;

    expect(refusal(() => changeLevel(national, 'III', 'x', noI, gov.national, hoursAfter(3)))).toMatchObject({ status: 422, code: 'same-level' });
    expect(refusal(() => changeLevel(national, 'I', 'x', noI, gov.national, hoursAfter(3)))).toMatchObject({ status: 422, code: 'level-not-in-plan' });
  });

  it('refuses a level change under a plan version that is not published or filed (rules 6, 7)', () => {
    // A county leads a level IV response. A draft revision of the plan would let counties lead level III: citing that
    // draft must not let the county escalate beyond what the plan in force allows.
    const active = activateResponse(reported(figures({ deaths: 5 })), activation('IV'), plan, gov.county, hoursAfter(1)).incident;
    const draftLettingCountiesLeadIII = planInForce({ status: 'draft', levels: levelsWithAuthority({ III: 'county' }) });

    const e = refusal(() => changeLevel(active, 'III', 'Casualties rising', draftLettingCountiesLeadIII, gov.county, hoursAfter(2)));

    expect(e).toMatchObject({ status: 422, code: 'plan-version-not-in-force' });
  });

  it('refuses a level change, hand-over or termination when no response is active', () => {
    const i = reported();
    expect(refusal(() => changeLevel(i, 'III', 'x', plan, gov.county, hoursAfter(1)))).toMatchObject({ status: 409, code: 'invalid-transition' });
    expect(refusal(() => handOver(i, 'x', gov.city, hoursAfter(1)))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => terminate(i, 'x', gov.county, hoursAfter(1)))).toBeInstanceOf(InvalidTransition);
  });
});

function accidentLevelII() {
  return { thresholds: { deaths: 10 }, requiredAuthority: 'province' as const, measures: [] };
}

describe('the basis of a response follows its level (rule 6)', () => {
  const countyLedIII = planInForce({ levels: levelsWithAuthority({ III: 'county' }) });

  it('shows the threshold of the new level that the figures meet, the same metric first', () => {
    // Prepare: 12 dead meet III (3) and II (10); activated at IV on deaths
    const active = activateResponse(reported(figures({ deaths: 12 })), activation('IV'), plan, gov.county, hoursAfter(1)).incident;

    // Act
    const raised = changeLevel(active, 'III', 'Casualties rising', countyLedIII, gov.county, hoursAfter(2)).incident.response!;

    // Assess
    expect(raised.level).toBe('III');
    expect(raised.basis).toMatchObject({ level: 'III', metric: 'deaths', threshold: 3, value: 12 });
    expect(raised.basisLevel).toBeUndefined();
  });

  it('keeps the last basis and marks the level it was met for when a government changes the level on its own judgement', () => {
    // Prepare: 2 dead meet IV only; the county raises to III before the count rises
    const active = activateResponse(reported(figures({ deaths: 2 })), activation('IV'), plan, gov.county, hoursAfter(1)).incident;

    // Act
    const raised = changeLevel(active, 'III', 'The river is still rising', countyLedIII, gov.county, hoursAfter(2)).incident.response!;
    const lowered = changeLevel({ ...active, response: raised, rev: active.rev + 1 }, 'IV', 'Water receding', countyLedIII, gov.county, hoursAfter(3)).incident.response!;

    // Assess
    expect(raised).toMatchObject({ level: 'III', basis: { level: 'IV', metric: 'deaths', threshold: 1, value: 2 }, basisLevel: 'IV' });
    // Back at a level the figures meet, the basis is that level's and the mark is gone.
    expect(lowered.basis).toMatchObject({ level: 'IV', metric: 'deaths' });
    expect(lowered.basisLevel).toBeUndefined();
  });
});

describe('terminating a response (rule 8)', () => {
  it('moves the incident to recovery, opens the investigation due 60 days later and starts the personal-data clock (rule 8)', () => {
    // Prepare
    const active = activateResponse(reported(), activation('IV'), plan, gov.county, hoursAfter(1)).incident;
    const at = new Date('2026-07-04T06:30:00Z');

    // Act
    const { incident, change, event } = terminate(active, 'Rescue complete; site secured', gov.county, at);

    // Assess
    expect(INVESTIGATION_DAYS).toBe(60);
    expect(incident.status).toBe('recovery');
    expect(incident.response).toMatchObject({ status: 'terminated', terminatedAt: at.toISOString(), level: 'IV' });
    expect(incident.investigation).toEqual({ openedAt: at.toISOString(), dueDate: '2026-09-02', status: 'open' });
    expect(incident.piiDestructionFrom).toBe(at.toISOString());
    expect(incident.rev).toBe(active.rev + 1);
    expect(change).toEqual({ action: 'terminate-response', from: 'level IV response', to: 'recovery', reason: 'Rescue complete; site secured' });
    expect(event).toMatchObject({ type: 'response.terminated', level: 'IV' });
  });

  it('opens no investigation and starts no clock before a response ends', () => {
    const active = activateResponse(reported(), activation('IV'), plan, gov.county, hoursAfter(1)).incident;
    const changed = followUp(active, { figures: figures({ deaths: 2 }) }, plan, gov.county, hoursAfter(2)).incident;

    for (const i of [reported(), active, changed]) {
      expect(i.investigation).toBeUndefined();
      expect(i.piiDestructionFrom).toBeUndefined();
    }
  });

  it('refuses to change, hand over or terminate a response that has ended (rule 8)', () => {
    const ended = terminate(activateResponse(reported(), activation('IV'), plan, gov.county, hoursAfter(1)).incident, 'done', gov.county, hoursAfter(2)).incident;

    expect(refusal(() => terminate(ended, 'again', gov.county, hoursAfter(3)))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => changeLevel(ended, 'III', 'x', plan, gov.county, hoursAfter(3)))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => handOver(ended, 'x', gov.city, hoursAfter(3)))).toBeInstanceOf(InvalidTransition);
  });

  it('dates the investigation deadline from the termination day in China Standard Time (rule 8)', () => {
    // 2026-07-04T07:30 in Beijing is still 2026-07-03 in UTC: 60 days from 4 July is 2 September.
    const active = activateResponse(reported(), activation('IV'), plan, gov.county, hoursAfter(1)).incident;
    const at = new Date('2026-07-03T23:30:00Z');

    expect(terminate(active, 'done', gov.county, at).incident.investigation?.dueDate).toBe('2026-09-02');
  });
});

describe('filing with the people\'s congress standing committee (rule 9)', () => {
  it('files every activation, level change, hand-over and termination with the deciding government\'s committee (rule 9)', () => {
    // Prepare: county activates IV; the city takes over and escalates to III; the province takes over, escalates to II and ends it.
    const steps: [string, (i: Incident) => IncidentChange][] = [
      ['activation 110105', (i) => activateResponse(i, activation('IV'), plan, gov.county, hoursAfter(1))],
      ['hand-over 110100', (i) => handOver(i, 'County overwhelmed', gov.city, hoursAfter(2))],
      ['level-change 110100', (i) => changeLevel(i, 'III', 'More casualties', plan, gov.city, hoursAfter(3))],
      ['hand-over 110000', (i) => handOver(i, 'Spreads beyond the city', gov.province, hoursAfter(4))],
      ['level-change 110000', (i) => changeLevel(i, 'II', 'Ten dead', plan, gov.province, hoursAfter(5))],
      ['termination 110000', (i) => terminate(i, 'Rescue complete', gov.province, hoursAfter(6))],
    ];
    const levels: Record<string, string> = { '110105': 'county', '110100': 'city', '110000': 'province' };
    let incident = reported(figures({ deaths: 12 }));

    // Act / Assess
    steps.forEach(([expected, step], n) => {
      const change = step(incident);
      const [decision, division] = expected.split(' ') as [string, string];
      expect(change.filing).toEqual({
        decision,
        to: { body: 'peoples-congress-standing-committee', division },
        summary: expect.any(String),
        decidedBy: { division, level: levels[division] },
        decidedAt: hoursAfter(n + 1).toISOString(),
        status: 'queued',
      });
      expect(change.filing!.summary.length).toBeGreaterThan(0);
      expect(change.event?.incidentId).toBe('inc-0001');
      incident = change.incident;
    });
    expect(incident.status).toBe('recovery');
    expect(incident.response?.responsible).toEqual({ division: '110000', level: 'province' });
  });

  it('files nothing for a report or a follow-up, which are not decisions', () => {
    const r = reportIncident('inc-0008', report(), plan, gov.county, reportedAt);
    const u = followUp(r.incident, { figures: figures({ deaths: 3 }) }, plan, gov.county, hoursAfter(1));

    expect(r.filing).toBeUndefined();
    expect(u.filing).toBeUndefined();
  });
});
