// Requests of the requisition, claim, reconsideration and reveal routes every kind of test sends: owners with valid
// identifiers (and canary ones, looked for where personal data must never be), the citizens who own what is taken, the
// bodies, the steps that take a requisition to its return and a claim to its decision, and the part of the bad-input
// world these routes point at.
import { creditCodeCheckChar, residentIdCheckChar } from '../../shared/pii/identifiers.ts';
import type { EventInput } from './api-events.ts';
import { cityOffice, countyOffice, type Caller } from './callers.ts';
import { ok, type RouteCall } from './replies.ts';
import { respondingIncident } from './social-forces.ts';

/** A valid resident ID number issued in Chaoyang (110105), born on `birth` (YYYYMMDD), with sequence `seq` (000-999). */
export function idNumberOf(seq: number, birth = '19900101'): string {
  const first17 = `110105${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + residentIdCheckChar(first17);
}

/** A valid unified social credit code of a Chaoyang company (9 = enterprise, 1 = company). */
export function companyCodeOf(seq: number): string {
  const first17 = `91110105MA${String(seq % 10_000_000).padStart(7, '0')}`;
  return first17 + creditCodeCheckChar(first17);
}

/** Spoils the last character of an identifier so its check character no longer matches. */
export const wrongCheck = (value: string) => value.slice(0, -1) + (value.endsWith('1') ? '2' : '1');

/** A citizen whose sign-in verified this ID number (Cognito custom:id_number). */
export const citizenWithId = (sub: string, idNumber: string): Caller => ({ sub, roles: ['citizen'], idNumber });

/** Zhang San, the owner of the trucks taken in the tests. */
export const OWNER = { kind: 'individual' as const, name: '张三丰', idNumber: idNumberOf(123), phone: '13812345678', address: '北京市朝阳区建国路88号3单元502' };
export const owner = citizenWithId('citizen-zhang', OWNER.idNumber);
/** Another citizen, with a verified ID number of their own: never sees Zhang San's records. */
export const otherOwner = citizenWithId('citizen-li', idNumberOf(456, '19851212'));

/** Values no real person has, to look for wherever personal data must never be: none may ever appear there. */
export const CANARY = {
  name: '金丝雀测试员',
  idNumber: idNumberOf(777, '19870101'),
  phone: '13700137001',
  address: '北京市朝阳区金丝雀路99号金丝雀大厦1701',
  officerContact: '13600136002',
  bankAccount: '6222020200112233445',
  accountName: '金丝雀收款人',
} as const;
export const canaryOwner = citizenWithId('citizen-canary', CANARY.idNumber);
/** Every spelling a leak could take: as typed, upper-cased, in E.164. */
export const CANARY_SPELLINGS = [CANARY.name, CANARY.idNumber, CANARY.phone, `+86${CANARY.phone}`, CANARY.address, CANARY.officerContact, `+86${CANARY.officerContact}`, CANARY.bankAccount, CANARY.accountName];
export const findCanary = (text: string) => CANARY_SPELLINGS.filter((c) => text.includes(c));

/** A truck of the owner, worth ¥120,000. */
export const truck = (o: Record<string, unknown> = {}) => ({
  name: 'Light truck 京A·12345',
  category: 'vehicle',
  quantity: 1,
  unit: 'vehicle',
  model: 'JX1041',
  conditionBefore: 'Runs; scratches on the left door',
  valueFen: 12_000_000,
  ...o,
});

/** A requisition of the owner's truck by Chaoyang's flood headquarters (POST /v1/incidents/{id}/requisitions). */
export function requisitionBody(o: Record<string, unknown> = {}, ownerData: Record<string, unknown> = OWNER) {
  return {
    mode: 'voucher',
    legalBasis: '《中华人民共和国突发事件应对法》第十二条',
    reason: 'Moving sandbags to the Liangma river embankment',
    owner: ownerData,
    items: [truck()],
    requisitioningUnit: 'Chaoyang flood control headquarters',
    executingOfficer: { name: 'Officer Li', contact: '13911110000' },
    takenAt: new Date(Date.now() - 3600_000).toISOString(),
    ...o,
  };
}

export const certificate = (assessedLossFen = 800_000) => ({ number: 'SH-2026-0042', description: 'Left door and front axle damaged', assessedLossFen });
export const damagedReturn = (o: Record<string, unknown> = {}) => ({ action: 'return', outcome: 'damaged', conditionAfter: 'Front axle bent', certificate: certificate(), ...o });

/** A claim for use and repair (POST /v1/requisitions/{id}/claims). */
export function claimBody(o: Record<string, unknown> = {}) {
  return {
    items: [
      { kind: 'use-fee', amountFen: 300_000, description: '10 days of use at ¥300' },
      { kind: 'repair', amountFen: 800_000, description: 'Front axle and door, invoice 0042' },
    ],
    bankAccount: { bank: 'ICBC Beijing Jianguo Road branch', accountName: OWNER.name, accountNumber: '6222020200998877665' },
    documents: [
      { kind: 'voucher', reference: 'voucher of the requisition' },
      { kind: 'loss-certificate', reference: 'SH-2026-0042' },
    ],
    ...o,
  };
}

export const reconsiderationBody = () => ({ grounds: 'The repair invoice was left out of the decision.', request: 'Approve the repair cost of ¥8,000 in full.' });

/** Takes a requisition from its taking to a damaged return; returns its id. */
export async function returnedRequisition(call: RouteCall, incidentId: string, o: { body?: Record<string, unknown>; input?: EventInput } = {}): Promise<string> {
  const id = (await ok(call('createRequisition', { caller: countyOffice, ...o.input, params: { incidentId }, body: requisitionBody(o.body) }), 201, 'take the truck')).requisitionId as string;
  await ok(call('transitionRequisition', { caller: countyOffice, params: { requisitionId: id }, body: { action: 'hand-over' } }), 200, 'hand over');
  await ok(call('transitionRequisition', { caller: countyOffice, params: { requisitionId: id }, body: damagedReturn() }), 200, 'return damaged');
  return id;
}

/** Claims on a returned requisition as its owner; returns the claim's id. */
export async function claimOn(call: RouteCall, requisitionId: string, input: EventInput = {}, body = claimBody()): Promise<string> {
  return (await ok(call('createClaim', { caller: owner, ...input, params: { requisitionId }, body }), 201, 'claim')).claimId as string;
}

/** Office steps on a claim, each of which must succeed. */
export async function claimSteps(call: RouteCall, claimId: string, ...bodies: Record<string, unknown>[]): Promise<void> {
  for (const body of bodies) await ok(call('transitionClaim', { caller: countyOffice, params: { claimId }, body }), 200, String(body['action']));
}

export const partialApproval = { action: 'approve', approvedFen: 700_000, reasons: ['The repair invoice covers parts not damaged in the requisition'] };

/**
 * What the bad-input matrix of these routes points at, all requisitioned by Chaoyang (110105) from Zhang San under
 * incident I (an active level IV response): T, an emergency taking awaiting its paperwork; V, a voucher taking (the
 * world's keyed creation); H, handed over; R4, returned without a claim; claims C1 (submitted, the keyed creation, on its own requisition),
 * C2 (decided; its reconsideration X submitted to the city, the keyed application), C3 (decided and served, no
 * reconsideration) and C4 (accepted); and E, an incident whose response has ended.
 */
export interface CompensationWorld {
  incidentId: string;
  endedIncidentId: string;
  takenRequisitionId: string;
  requisitionId: string;
  handedOverRequisitionId: string;
  unclaimedRequisitionId: string;
  /** The requisition of claim C1. */
  claimedRequisitionId: string;
  claimId: string;
  decidedClaimId: string;
  servedClaimId: string;
  acceptedClaimId: string;
  reconsiderationId: string;
}

export const exampleCompensationWorld: CompensationWorld = {
  incidentId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
  endedIncidentId: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
  takenRequisitionId: '3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f',
  requisitionId: '4d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80',
  handedOverRequisitionId: '5e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8091',
  unclaimedRequisitionId: '6f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8091a2',
  claimedRequisitionId: '2f3a4b5c-6d7e-4f80-91a2-b3c4d5e6f708',
  claimId: '7a8b9c0d-1e2f-4a3b-8c5d-6e7f8091a2b3',
  decidedClaimId: '8b9c0d1e-2f3a-4b4c-9d6e-7f8091a2b3c4',
  servedClaimId: '9c0d1e2f-3a4b-4c5d-8e7f-8091a2b3c4d5',
  acceptedClaimId: '0d1e2f3a-4b5c-4d6e-9f80-91a2b3c4d5e6',
  reconsiderationId: '1e2f3a4b-5c6d-4e7f-8091-a2b3c4d5e6f7',
};

/** `as(route)` of world.ts: the Idempotency-Key of the world's keyed request of a route, with the caller. */
type Keyed = (route?: string, caller?: Caller) => Pick<EventInput, 'caller' | 'headers'>;

export async function buildCompensationWorld(call: RouteCall, as: Keyed): Promise<CompensationWorld> {
  const incidentId = await respondingIncident(call);
  const endedIncidentId = await respondingIncident(call);
  await ok(call('transitionResponse', { params: { incidentId: endedIncidentId }, body: { action: 'terminate', reason: 'Waters receded' } }), 200, 'terminate');

  const take = async (body: Record<string, unknown>, input: EventInput = {}) =>
    (await ok(call('createRequisition', { caller: countyOffice, ...input, params: { incidentId }, body: requisitionBody(body) }), 201, 'requisition')).requisitionId as string;
  const takenRequisitionId = await take({ mode: 'emergency' });
  // The keyed creation: another truck than the base request's.
  const requisitionId = await take({ items: [truck({ name: 'Tipper truck 京B·54321' })] }, as('createRequisition'));
  const handedOverRequisitionId = await take({});
  await ok(call('transitionRequisition', { params: { requisitionId: handedOverRequisitionId }, body: { action: 'hand-over' } }), 200, 'hand over');
  const unclaimedRequisitionId = await returnedRequisition(call, incidentId);

  const claimedRequisitionId = await returnedRequisition(call, incidentId);
  const claimId = await claimOn(call, claimedRequisitionId, as('createClaim', owner), claimBody({ documents: [] }));
  const decidedClaimId = await claimOn(call, await returnedRequisition(call, incidentId));
  await claimSteps(call, decidedClaimId, { action: 'accept' }, partialApproval);
  const servedClaimId = await claimOn(call, await returnedRequisition(call, incidentId));
  await claimSteps(call, servedClaimId, { action: 'accept' }, partialApproval);
  // Served after the decision: the time is taken once the decision was made.
  await claimSteps(call, servedClaimId, { action: 'serve-notice', servedAt: new Date().toISOString() });
  const acceptedClaimId = await claimOn(call, await returnedRequisition(call, incidentId));
  await claimSteps(call, acceptedClaimId, { action: 'accept' });
  const reconsiderationId = (
    await ok(call('applyForReconsideration', { ...as('applyForReconsideration', owner), params: { claimId: decidedClaimId }, body: { grounds: 'The use fee was cut.', request: 'Approve the use fee in full.' } }), 201, 'reconsideration')
  ).reconsiderationId as string;
  return { incidentId, endedIncidentId, takenRequisitionId, requisitionId, handedOverRequisitionId, unclaimedRequisitionId, claimedRequisitionId, claimId, decidedClaimId, servedClaimId, acceptedClaimId, reconsiderationId };
}

const page = { limit: '10' };
const revealReason = 'Calling the owner about the return of the truck';

/** Base requests of the requisition, claim, reconsideration and reveal routes (spread into base-requests.ts). */
export const compensationBaseRequests = {
  createRequisition: (w: CompensationWorld) => ({ params: { incidentId: w.incidentId }, body: requisitionBody() }),
  listRequisitions: (w: CompensationWorld) => ({ query: { incidentId: w.incidentId, ...page } }),
  getRequisition: (w: CompensationWorld) => ({ params: { requisitionId: w.requisitionId } }),
  requisitionVoucher: (w: CompensationWorld) => ({ params: { requisitionId: w.requisitionId } }),
  requisitionAudit: (w: CompensationWorld) => ({ params: { requisitionId: w.requisitionId }, query: page }),
  transitionRequisition: (w: CompensationWorld) => ({ params: { requisitionId: w.takenRequisitionId }, body: { action: 'paperwork' } }),
  myRequisitions: () => ({ caller: owner, query: page }),
  createClaim: (w: CompensationWorld) => ({ caller: owner, params: { requisitionId: w.unclaimedRequisitionId }, body: claimBody() }),
  getClaim: (w: CompensationWorld) => ({ params: { claimId: w.claimId } }),
  claimAudit: (w: CompensationWorld) => ({ params: { claimId: w.claimId }, query: page }),
  listClaims: () => ({ query: { division: '110105', status: 'submitted', ...page } }),
  myClaims: () => ({ caller: owner, query: page }),
  transitionClaim: (w: CompensationWorld) => ({ params: { claimId: w.claimId }, body: { action: 'accept' } }),
  applyForReconsideration: (w: CompensationWorld) => ({ caller: owner, params: { claimId: w.servedClaimId }, body: reconsiderationBody() }),
  getReconsideration: (w: CompensationWorld) => ({ params: { reconsiderationId: w.reconsiderationId } }),
  transitionReconsideration: (w: CompensationWorld) => ({ caller: cityOffice, params: { reconsiderationId: w.reconsiderationId }, body: { action: 'accept' } }),
  revealPersonalData: (w: CompensationWorld) => ({ body: { ref: { kind: 'requisition', id: w.requisitionId }, field: 'owner.idNumber', purpose: revealReason } }),
};

/** The functions of these routes (their bad-input matrix is test/e2e/bad-input-compensation.test.ts, which also covers
 * the pii function's other routes: retention assessments and the auditors' lists). */
export const COMPENSATION_FUNCTIONS: readonly string[] = ['requisitions', 'claims', 'pii'];
/** The requisition, claim, reconsideration and reveal routes themselves. */
export const COMPENSATION_ROUTES: readonly string[] = Object.keys(compensationBaseRequests);
