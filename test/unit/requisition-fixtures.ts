// Fixtures for requisition, claim and reconsideration tests: one line of office users (county 110105 up to the nation),
// the owning citizen and other callers, an incident, drafts whose personal fields are canary strings, and a helper
// that takes a requisition through to its return.
import { calendarFrom } from '../../shared/domain/calendar/working-days.ts';
import type { Actor, User } from '../../shared/domain/actor.ts';
import { jobActor } from '../../shared/domain/actor.ts';
import type { GovLevel } from '../../shared/domain/division.ts';
import {
  completePaperwork,
  handOverRequisition,
  issueRequisition,
  returnRequisition,
  type Requisition,
  type RequisitionDraft,
  type RequisitionIncident,
  type RequisitionItem,
  type Return,
} from '../../shared/domain/requisition.ts';
import { submitClaim, acceptClaim, approveClaim, requisitionClaimSubject, type Claim, type ClaimDraft, type ClaimItem } from '../../shared/domain/claim.ts';
import { AppError } from '../../shared/errors.ts';

export const calendar = calendarFrom(undefined);

const office = (division: string, level: GovLevel): User => ({ kind: 'user', sub: `office-${division}`, roles: ['office'], division, level });

/** Dongcheng (110105) and the governments above it, a sibling county and a township of Dongcheng. */
export const gov = {
  county: office('110105', 'county'),
  city: office('110100', 'city'),
  province: office('110000', 'province'),
  national: office('100000', 'national'),
  otherCounty: office('110108', 'county'),
  township: office('110105001', 'township'),
} as const;
export type GovName = keyof typeof gov;

/** Every personal value in the fixtures starts with this, so a leak is a substring search away. */
export const CANARY = 'PII-CANARY';
export const OWNER_REF = 'bidx-owner-0001';

export const owner: User = { kind: 'user', sub: 'citizen-0001', roles: ['citizen'], idNumber: `${CANARY}-110105199001011237` };
export const otherCitizen: User = { kind: 'user', sub: 'citizen-0002', roles: ['citizen'] };
export const OTHER_REF = 'bidx-other-0002';
export const auditor: User = { kind: 'user', sub: 'auditor-1', roles: ['auditor'], division: '110105' };
export const sweep: Actor = jobActor('requisition-deadlines');

export const incident = (o: Partial<RequisitionIncident> = {}): RequisitionIncident => ({
  incidentId: 'inc-0001',
  category: 'natural-disaster',
  divisionCode: '110105',
  status: 'responding',
  response: { status: 'active', level: 'IV' },
  ...o,
});

export const truck = (o: Partial<RequisitionItem> = {}): RequisitionItem => ({
  name: 'Light truck',
  category: 'vehicle',
  quantity: 1,
  unit: 'vehicle',
  model: 'JX1041',
  conditionBefore: 'Runs; scratches on the left door',
  valueFen: 12_000_000,
  ...o,
});

export function draft(o: Partial<RequisitionDraft<string>> = {}): RequisitionDraft<string> {
  return {
    mode: 'voucher',
    legalBasis: '突发事件应对法 Art 12',
    reason: 'Moving sandbags to the embankment',
    owner: {
      kind: 'individual',
      claimantRef: OWNER_REF,
      name: `${CANARY}-张三`,
      idNumber: `${CANARY}-110105199001011237`,
      phone: `${CANARY}-13800138000`,
      address: `${CANARY}-北京市东城区某街1号`,
    },
    items: [truck()],
    requisitioningUnit: 'Dongcheng flood control headquarters',
    executingOfficer: { name: 'Officer Li', contact: '010-12345678' },
    takenAt: '2026-07-01T03:00:00Z',
    ...o,
  };
}

export const at = (iso: string) => new Date(iso);
export const PAPERWORK_HOURS = 48;
export const RETURN_DAYS = 15;

/** A requisition taken with a voucher by the county, handed over and returned. */
export function returnedRequisition(ret: Return = { outcome: 'intact', conditionAfter: 'As before' }, o: Partial<RequisitionDraft<string>> = {}): Requisition<string> {
  let r = issueRequisition('req-0001', incident(), draft(o), gov.county, at('2026-07-01T04:00:00Z'), { paperworkHours: PAPERWORK_HOURS, voucherSeq: 1 }).requisition;
  if (r.status === 'taken') r = completePaperwork(r, 1, gov.county, at('2026-07-01T05:00:00Z')).requisition;
  r = handOverRequisition(r, {}, gov.county, at('2026-07-01T06:00:00Z')).requisition;
  return returnRequisition(r, ret, gov.county, at('2026-07-20T02:00:00Z')).requisition;
}

export const items = (...amounts: number[]): ClaimItem[] => amounts.map((amountFen, n) => ({ kind: n === 0 ? 'use-fee' : 'repair', amountFen, description: `item ${n}` }));

export const claimDraft = (o: Partial<ClaimDraft<string>> = {}): ClaimDraft<string> => ({
  items: items(300_000, 150_000),
  documents: [{ kind: 'voucher', reference: '110105-2026-000001' }],
  bankAccount: `${CANARY}-6222020200112233445`,
  ...o,
});

/** A claim on a returned requisition, submitted by its owner. */
export function submittedClaim(o: Partial<ClaimDraft<string>> = {}, now = at('2026-07-21T02:00:00Z')): Claim<string> {
  return submitClaim('clm-0001', requisitionClaimSubject(returnedRequisition()), claimDraft(o), owner, OWNER_REF, now).claim;
}

/** Accepted the next day and approved in part by the county a week later. */
export function decidedClaim(approvedFen = 300_000): Claim<string> {
  const accepted = acceptClaim(submittedClaim(), gov.county, at('2026-07-22T02:00:00Z')).claim;
  return approveClaim(accepted, { approvedFen, reasons: ['Repair invoice does not match the certificate'] }, gov.county, at('2026-07-29T02:00:00Z')).claim;
}

/** Runs `f` and returns what it threw, failing when it did not throw an AppError. */
export function refusal(f: () => unknown): AppError {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}
