// Requests of the social-forces routes every kind of test sends: an organisation's registration, volunteers with valid
// resident ID numbers, certificates, policies and deployment requests, the callers who send them, and dates counted
// from today in China Standard Time. Personal values come from `person(n)`, or from CANARY where a test looks for them.
import { addDays } from '../../shared/domain/organization.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { creditCodeCheckChar, residentIdCheckChar } from '../../shared/pii/identifiers.ts';
import { reportBody, samplePlanBody } from './bodies.ts';
import { countyOffice, type Caller } from './callers.ts';
import { ok, publishedPlan, type RouteCall } from './replies.ts';

/** The CST date `days` from today (negative: before). */
export const day = (days = 0, from: Date = new Date()) => addDays(cstDate(from), days);

/** A valid resident ID number issued in Chaoyang (110105), born on `birth` (YYYYMMDD), with sequence `seq` (000-999). */
export function residentId(seq: number, birth = '19900307'): string {
  const first17 = `110105${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid unified social credit code of a Chaoyang social organisation (5 = social organisation, 1 = registered). */
export function creditCodeOf(seq: number): string {
  const first17 = `51110105MJ${String(seq % 10_000_000).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Distinct, valid personal data of person `n`. */
export function person(n: number) {
  return { name: `志愿者${'甲乙丙丁戊己庚辛壬癸'[n % 10]}${n}`, idNumber: residentId(100 + n), phone: `1391234${String(5000 + n).padStart(4, '0')}` };
}

/** Values no real person has, to look for in logs, error bodies, outbox, audit and alerts: none may ever appear there. */
export const CANARY = {
  name: '金丝雀测试员',
  idNumber: residentId(777, '19870101'),
  phone: '13700137001',
  contactName: '金丝雀联络人',
  contactPhone: '13800138007',
} as const;

/** Every spelling of the canary values a leak could take (the phone as typed and in E.164). */
export const CANARY_SPELLINGS = [CANARY.name, CANARY.idNumber, CANARY.phone, `+86${CANARY.phone}`, CANARY.contactName, CANARY.contactPhone, `+86${CANARY.contactPhone}`];

export const findCanary = (text: string) => CANARY_SPELLINGS.filter((c) => text.includes(c));

/** The user of an organisation (org_id claim `orgId`). */
export const orgUserOf = (orgId: string, sub = `admin-of-${orgId}`): Caller => ({ sub, roles: ['org'], orgId });
export const citizenOf = (sub: string): Caller => ({ sub, roles: ['citizen'] });
/** A citizen whose sign-in verified the ID number of `person(n)`: who may register themself as volunteerBody(n). */
export const volunteerCitizenOf = (sub: string, n: number): Caller => ({ sub, roles: ['citizen'], idNumber: person(n).idNumber });
/**
 * The citizen the matrix world registered as a volunteer, with the ID number of the base request's body (person 62),
 * so that reusing the world's Idempotency-Key with the base body passes the identity check and meets the key.
 */
export const selfVolunteerCitizen: Caller = volunteerCitizenOf('citizen-self-world', 62);

export function organizationBody(o: Record<string, unknown> = {}) {
  return {
    name: 'Blue Sky Rescue Chaoyang',
    kind: 'rescue-team',
    creditCode: creditCodeOf(1),
    divisionCode: '110105',
    capabilities: ['water-rescue', 'urban-search'],
    equipment: [{ name: 'Inflatable boat', quantity: 4 }],
    memberCount: 12,
    contact: { name: '王队长', phone: '13911112222' },
    ...o,
  };
}

export function volunteerBody(n: number, o: Record<string, unknown> = {}) {
  return {
    ...person(n),
    skills: ['water-rescue', 'first-aid'],
    availability: { weekdays: [1, 2, 3, 4, 5, 6, 7], notes: 'any day' },
    divisionCode: '110105',
    consentToShare: true,
    ...o,
  };
}

/** A personal accident policy covering `from`..`to` (days from today). */
export function policyBody(n: number, from = -30, to = 365) {
  return { policyNo: `PA-2026-${String(n).padStart(6, '0')}`, insurer: 'PICC Beijing', kind: 'personal-accident', coversFrom: day(from), coversTo: day(to) };
}

export function certificateBody(kind: string, n: number, validUntil = day(365)) {
  return { kind, certificateNo: `CERT-${kind}-${n}`, issuer: 'Beijing Red Cross', validUntil };
}

/** A water-rescue deployment (risky) of `volunteerIds` from today for three days. */
export function deploymentBody(volunteerIds: string[], o: Record<string, unknown> = {}) {
  return {
    volunteerIds,
    task: { title: 'Boat rescue along the Liangma river', kind: 'water-rescue', risky: true, requiredQualifications: [] },
    from: day(0),
    to: day(2),
    place: 'Liangma river, east bank',
    reportTo: 'On-site command post, Liangmaqiao',
    ...o,
  };
}

/** An incident of 110105 under an active level IV response of the county (flood plan, two deaths); returns its id. */
export async function respondingIncident(call: RouteCall, office: Caller = countyOffice): Promise<string> {
  const planId = await publishedPlan(call, office, samplePlanBody({ title: `Flood plan ${Math.random().toString(36).slice(2, 8)}` }));
  const incident = await ok(
    call('reportIncident', { caller: office, body: reportBody({ category: 'natural-disaster', type: 'flood', title: 'Liangma river flood', occurredAt: new Date(Date.now() - 3600_000).toISOString() }) }),
    201,
    'report the flood',
  );
  await ok(
    call('activateResponse', {
      caller: office,
      params: { incidentId: incident.incidentId },
      body: { planId, planVersion: 1, level: 'IV', matters: 'Rescue along the river', expectedDuration: '72h', measures: ['Open shelters'], basis: { metric: 'deaths' } },
    }),
    201,
    'activate the response',
  );
  return incident.incidentId as string;
}

/** The functions of the social-forces routes (their bad-input matrix is test/e2e/bad-input-social.test.ts). */
export const SOCIAL_FUNCTIONS: readonly string[] = ['organizations', 'volunteers', 'deployments'];

/** An organisation's compensation claim on a stood-down deployment: labour and transport, in fen. */
export function deploymentClaimBody(labourFen: number, o: Record<string, unknown> = {}) {
  return {
    items: [
      { kind: 'labour', amountFen: labourFen, description: 'Two rescuers, one day' },
      { kind: 'transport', amountFen: 24_000, description: 'Boat trailer to Liangmaqiao and back' },
    ],
    bankAccount: { bank: 'Bank of Beijing Chaoyang branch', accountName: 'Blue Sky Rescue Chaoyang', accountNumber: '6222020200112233445' },
    documents: [{ kind: 'stand-down-order', reference: 'CY-2026-014' }],
    ...o,
  };
}
