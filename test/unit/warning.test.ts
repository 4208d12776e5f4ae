// Warnings (Art 63-70): colours, the eight Art 64 fields, who may warn, the Art 66/67 checklists (rules 1-5).
import { describe, expect, it } from 'vitest';
import type { Category, WarningLevel } from '../../shared/domain/categories.ts';
import {
  ART_66_MEASURES,
  ART_67_MEASURES,
  WARNING_COLOURS,
  adjustWarning,
  checklistFor,
  issueWarning,
  liftWarning,
  type Warning,
} from '../../shared/domain/warning.ts';
import type { Government as IssuingGovernment } from '../../shared/domain/actor.ts';
import { InvalidTransition, NotInJurisdiction, RuleViolation } from '../../shared/errors.ts';
import { gov, hoursAfter, reportedAt, warningDraft, refusal } from './incident-fixtures.ts';

const accident = { incidentId: 'inc-0001', category: 'accident' as Category, divisionCode: '110105' };
const issuedAt = hoursAfter(1);

function issue(level: WarningLevel = '3', g: IssuingGovernment = gov.county): Warning {
  return issueWarning('wrn-0001', accident, warningDraft({ level }), g, issuedAt).warning;
}


describe('warning levels and colours (rule 1)', () => {
  it('maps level 1-4 to red, orange, yellow, blue; 1 is the highest (rule 1)', () => {
    expect(WARNING_COLOURS).toEqual({ '1': 'red', '2': 'orange', '3': 'yellow', '4': 'blue' });
    expect((['1', '2', '3', '4'] as const).map((l) => issue(l).colour)).toEqual(['red', 'orange', 'yellow', 'blue']);
    // 1 is the highest: it carries every measure level 4 carries and more.
    expect(checklistFor('1')).toEqual(expect.arrayContaining(checklistFor('4')));
    expect(checklistFor('1').length).toBeGreaterThan(checklistFor('4').length);
  });

  it('recolours a warning whose level is adjusted (rule 1)', () => {
    const raised = adjustWarning(issue('4'), { level: '2', reason: 'River still rising' }, gov.county, '110105', hoursAfter(2)).warning;

    expect(raised.level).toBe('2');
    expect(raised.colour).toBe('orange');
  });
});

describe('the eight Art 64 fields (rule 2)', () => {
  it('issues a warning carrying category, level, start, area, hazards, measures, issuer and issue time (rule 2)', () => {
    // Act
    const { warning, change, event } = issueWarning('wrn-0002', accident, warningDraft({ level: '2' }), gov.county, issuedAt);

    // Assess
    expect(warning.category).toBe('accident');
    expect(warning.level).toBe('2');
    expect(warning.startsAt).toBe('2026-07-01T02:00:00.000Z');
    expect(warning.area).toEqual({ divisions: ['110105'], description: 'Dongcheng District' });
    expect(warning.hazards).toEqual([{ 'zh-CN': '受损建筑可能进一步坍塌', en: 'Further collapse of damaged structures' }]);
    expect(warning.measures).toEqual([{ 'zh-CN': '远离警戒区域', en: 'Keep away from the cordoned area' }]);
    expect(warning.issuer).toEqual({ division: '110105', level: 'county', sub: 'office-110105' });
    expect(warning.issuedAt).toBe(issuedAt.toISOString());
    expect(warning).toMatchObject({ warningId: 'wrn-0002', incidentId: 'inc-0001', status: 'active', rev: 1 });
    expect(warning.messages).toEqual([{ identifier: 'wrn-0002.1', msgType: 'Alert', sent: issuedAt.toISOString() }]);
    expect(change).toEqual({ action: 'issue-warning', from: null, to: 'level 2 (orange)' });
    expect(event).toEqual({
      type: 'warning.issued',
      warningId: 'wrn-0002',
      incidentId: 'inc-0001',
      level: '2',
      colour: 'orange',
      division: '110105',
      category: 'accident',
      capIdentifier: 'wrn-0002.1',
    });
  });

  it('takes the category from the incident, not from the caller (rule 2)', () => {
    const flood = { ...accident, category: 'natural-disaster' as Category };

    expect(issueWarning('wrn-0003', flood, warningDraft(), gov.county, issuedAt).warning.category).toBe('natural-disaster');
  });
});

describe('who may warn (rule 3)', () => {
  it('refuses a warning from a township government, even for an incident in its own township (rule 3)', () => {
    const inTownship = { ...accident, divisionCode: '110105001' };

    const e = refusal(() => issueWarning('wrn-0004', inTownship, warningDraft({ area: { divisions: ['110105001'] } }), gov.township, issuedAt));

    expect(e).toBeInstanceOf(RuleViolation);
    expect(e).toMatchObject({ status: 422, code: 'issuer-below-county' });
  });

  it('refuses a county warning for an incident outside its jurisdiction (rule 3)', () => {
    const e = refusal(() => issueWarning('wrn-0005', accident, warningDraft({ area: { divisions: ['110108'] } }), gov.otherCounty, issuedAt));

    expect(e).toBeInstanceOf(NotInJurisdiction);
    expect(e).toMatchObject({ status: 403, code: 'not-in-jurisdiction' });
  });

  it('refuses a county warning whose area reaches outside its jurisdiction, naming each division outside (rule 3)', () => {
    const area = { divisions: ['110105', '110108', '110100'] };

    const e = refusal(() => issueWarning('wrn-0006', accident, warningDraft({ area }), gov.county, issuedAt));

    expect(e).toMatchObject({ status: 422, code: 'area-outside-jurisdiction' });
    expect((e as RuleViolation).errors).toEqual([
      { path: 'body.area.divisions', message: '110108 is outside 110105' },
      { path: 'body.area.divisions', message: '110100 is outside 110105' },
    ]);
  });

  it('lets a superior government warn for the incident over several of its counties (rule 3)', () => {
    const { warning } = issueWarning('wrn-0007', accident, warningDraft({ area: { divisions: ['110105', '110108'] } }), gov.city, issuedAt);

    expect(warning.issuer).toEqual({ division: '110100', level: 'city', sub: 'office-110100' });
    expect(warning.area.divisions).toEqual(['110105', '110108']);
  });

  it('lets only the issuing government adjust or lift: a superior city cannot lift the county warning (rule 3)', () => {
    // Prepare
    const w = issue('3', gov.county);
    const before = structuredClone(w);

    // Act / Assess
    for (const g of [gov.city, gov.province, gov.national, gov.otherCounty, gov.township]) {
      expect(refusal(() => liftWarning(w, g, hoursAfter(2))), g.division).toMatchObject({ status: 403, code: 'not-in-jurisdiction' });
      expect(refusal(() => adjustWarning(w, { level: '2' }, g, '110105', hoursAfter(2))), g.division).toBeInstanceOf(NotInJurisdiction);
    }
    expect(w).toEqual(before);
    expect(liftWarning(w, gov.county, hoursAfter(2)).warning.status).toBe('lifted');
  });

  it('refuses an adjustment that moves the area outside the issuer jurisdiction (rule 3)', () => {
    const e = refusal(() => adjustWarning(issue(), { area: { divisions: ['110105', '110108'] } }, gov.county, '110105', hoursAfter(2)));

    expect(e).toMatchObject({ status: 422, code: 'area-outside-jurisdiction' });
  });
});

describe('measures checklist (rule 4)', () => {
  it.each<WarningLevel>(['3', '4'])('attaches exactly the Art 66 measures at level %s (rule 4)', (level) => {
    expect(issue(level).checklist).toEqual([...ART_66_MEASURES]);
  });

  it.each<WarningLevel>(['1', '2'])('attaches the Art 66 and Art 67 measures at level %s (rule 4)', (level) => {
    expect(issue(level).checklist).toEqual([...ART_66_MEASURES, ...ART_67_MEASURES]);
  });

  it('recomputes the checklist when the level is adjusted up and down (rule 4)', () => {
    const up = adjustWarning(issue('4'), { level: '1', reason: 'Dam breach feared' }, gov.county, '110105', hoursAfter(2)).warning;
    const down = adjustWarning(up, { level: '3', reason: 'Water receding' }, gov.county, '110105', hoursAfter(3)).warning;

    expect(up.checklist).toEqual([...ART_66_MEASURES, ...ART_67_MEASURES]);
    expect(down.checklist).toEqual([...ART_66_MEASURES]);
  });

  it('keeps the Art 66 list at five measures and Art 67 at eight, as the law numbers them (rule 4)', () => {
    expect(ART_66_MEASURES.map((m) => m.split(':')[0])).toEqual(['art66-1', 'art66-2', 'art66-3', 'art66-4', 'art66-5']);
    expect(ART_67_MEASURES.map((m) => m.split(':')[0])).toEqual(['art67-1', 'art67-2', 'art67-3', 'art67-4', 'art67-5', 'art67-6', 'art67-7', 'art67-8']);
  });
});

describe('social security events (rule 5)', () => {
  it('refuses any warning for a social-security incident, whoever issues it (rule 5)', () => {
    const unrest = { ...accident, category: 'social-security' as Category };

    for (const g of [gov.county, gov.city, gov.province, gov.national]) {
      const e = refusal(() => issueWarning('wrn-0008', unrest, warningDraft({ level: '1' }), g, issuedAt));
      expect(e, g.division).toBeInstanceOf(RuleViolation);
      expect(e, g.division).toMatchObject({ status: 422, code: 'no-warning-for-social-security' });
    }
  });
});

describe('adjusting and lifting (Art 70)', () => {
  it('adjusts area, hazards and measures, keeps the rest, and sends an Update', () => {
    // Prepare
    const w = issue('3');
    const at = hoursAfter(2);

    // Act
    const { warning, change, event } = adjustWarning(
      w,
      { area: { divisions: ['110105', '110105001'] }, hazards: [{ 'zh-CN': '燃气泄漏', en: 'Gas leak' }], measures: [{ 'zh-CN': '500 米内人员撤离', en: 'Evacuate within 500 m' }], reason: 'Gas main damaged' },
      gov.county,
      '110105',
      at,
    );

    // Assess
    expect(warning).toMatchObject({ level: '3', colour: 'yellow', hazards: [{ 'zh-CN': '燃气泄漏', en: 'Gas leak' }], measures: [{ 'zh-CN': '500 米内人员撤离', en: 'Evacuate within 500 m' }], issuedAt: w.issuedAt, startsAt: w.startsAt, rev: 2, updatedAt: at.toISOString() });
    expect(warning.area.divisions).toEqual(['110105', '110105001']);
    expect(warning.messages.map((m) => [m.identifier, m.msgType])).toEqual([
      ['wrn-0001.1', 'Alert'],
      ['wrn-0001.2', 'Update'],
    ]);
    expect(change).toEqual({ action: 'adjust-warning', from: 'level 3', to: 'level 3', reason: 'Gas main damaged' });
    expect(event).toMatchObject({ type: 'warning.adjusted', capIdentifier: 'wrn-0001.2' });
  });

  it('refuses an adjustment that changes nothing', () => {
    const w = issue();

    expect(refusal(() => adjustWarning(w, { reason: 'no change' }, gov.county, '110105', hoursAfter(2)))).toMatchObject({ status: 422, code: 'empty-adjustment' });
  });

  it('lifts at once with a Cancel, keeping the level it had', () => {
    const adjusted = adjustWarning(issue('2'), { level: '1' }, gov.county, '110105', hoursAfter(2)).warning;
    const at = hoursAfter(5);

    const { warning, change, event } = liftWarning(adjusted, gov.county, at, 'Danger passed');

    expect(warning).toMatchObject({ status: 'lifted', liftedAt: at.toISOString(), level: '1', rev: 3 });
    expect(warning.messages.map((m) => m.msgType)).toEqual(['Alert', 'Update', 'Cancel']);
    expect(warning.messages[2]).toEqual({ identifier: 'wrn-0001.3', msgType: 'Cancel', sent: at.toISOString() });
    expect(change).toEqual({ action: 'lift-warning', from: 'level 1', to: 'lifted', reason: 'Danger passed' });
    expect(event).toMatchObject({ type: 'warning.lifted', capIdentifier: 'wrn-0001.3' });
  });

  it('refuses to adjust or lift a lifted warning', () => {
    const lifted = liftWarning(issue(), gov.county, hoursAfter(2)).warning;

    expect(refusal(() => liftWarning(lifted, gov.county, hoursAfter(3)))).toBeInstanceOf(InvalidTransition);
    expect(refusal(() => adjustWarning(lifted, { level: '1' }, gov.county, '110105', hoursAfter(3)))).toMatchObject({ status: 409, code: 'invalid-transition' });
  });

  it('normalises the start time to UTC whatever offset it was given in', () => {
    const w = issueWarning('wrn-0009', accident, warningDraft({ startsAt: '2026-07-01T18:30:00+08:00' }), gov.county, reportedAt).warning;

    expect(w.startsAt).toBe('2026-07-01T10:30:00.000Z');
  });
});
