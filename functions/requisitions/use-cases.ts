// Use cases of the requisitions function: the taking (rules 10-12), paperwork, hand-over and return (rule 13), reads for
// offices with jurisdiction and auditors, the voucher page, the audit trail, and a citizen's own requisitions found
// through the blind index of the identity number their sign-in verified.
import { randomUUID } from 'node:crypto';
import { readableIncident } from '../../shared/app/incident-access.ts';
import { compensationRepositories, compensationSettings, ownerRefOf, sealRequisitionParties } from '../../shared/app/compensation.ts';
import { auditEntryView } from '../../shared/app/claim-views.ts';
import { repositories, runtime } from '../../shared/app/runtime.ts';
import { canReadDivision, inJurisdiction, type User } from '../../shared/domain/actor.ts';
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import type { Incident } from '../../shared/domain/incident.ts';
import {
  completePaperwork,
  handOverRequisition,
  issueRequisition,
  returnRequisition,
  type Owner,
  type RequisitionChange,
  type RequisitionDraft,
  type RequisitionIncident,
} from '../../shared/domain/requisition.ts';
import { ConcurrentModification, Forbidden, InvalidTransition, NotFound, NotInJurisdiction } from '../../shared/errors.ts';
import { send, type ApiRequest, type ApiResult, type UseCase } from '../../shared/http/api.ts';
import { requisitionRoutes, type requisitionRoutes as routes } from '../../shared/http/contracts/requisitions.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import type { SealedField } from '../../shared/pii/sealed.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import type { StoredRequisition, VoucherCounter } from '../../shared/store/requisitions.ts';
import type { UnitOfWork } from '../../shared/store/unit-of-work.ts';
import { requisitionView } from './views.ts';
import { voucherHtml } from './voucher.ts';

type R = typeof routes;

/** Tries of a voucher-issuing write when another voucher of the same government took the number first. */
const VOUCHER_ATTEMPTS = 8;

export function requisitionIncident(i: Incident): RequisitionIncident {
  return {
    incidentId: i.incidentId,
    category: i.category,
    divisionCode: i.divisionCode,
    // Assessed and archived incidents are past recovery: their response has ended too.
    status: i.status === 'reported' || i.status === 'responding' ? i.status : 'recovery',
    ...(i.response ? { response: { status: i.response.status, level: i.response.level } } : {}),
  };
}

/** Offices and auditors whose division covers the incident's or the requisitioning government's; anyone else: 404. */
export function mayRead(actor: User, r: Pick<StoredRequisition, 'division' | 'requisitionedBy'>): boolean {
  return inJurisdiction(actor, r.division) || inJurisdiction(actor, r.requisitionedBy.division);
}

async function readable(actor: User, requisitionId: string): Promise<StoredRequisition> {
  const r = await compensationRepositories().requisitions.get(requisitionId);
  if (!r || !mayRead(actor, r)) throw new NotFound(`No requisition ${requisitionId}.`);
  return r;
}

/**
 * A write that takes the next voucher number of a government: read the counter, decide, commit with the counter
 * conditioned on the number read; when the transaction lost a race (another voucher took the number, or two
 * transactions met on the counter), wait a little, read again and retry. After VOUCHER_ATTEMPTS the caller gets the 409.
 */
async function withVoucherNumber(req: Pick<ApiRequest, 'actor' | 'requestId' | 'idempotency' | 'ifMatch'>, division: string, now: Date, attempt: (counter: VoucherCounter) => Promise<{ uow: UnitOfWork; result: ApiResult }>): Promise<ApiResult> {
  const { requisitions } = compensationRepositories();
  const year = cstDate(now).slice(0, 4);
  for (let n = 1; ; n++) {
    const counter = await requisitions.voucherCounter(division, year);
    const { uow, result } = await attempt(counter);
    try {
      return await commit(uow, req, result);
    } catch (err) {
      if (!(err instanceof ConcurrentModification) || n >= VOUCHER_ATTEMPTS) throw err;
      await new Promise((resolve) => setTimeout(resolve, 5 * n + Math.random() * 20 * n));
    }
  }
}

export const createRequisition: UseCase<R['createRequisition']> = async (req) => {
  const { requisitions } = compensationRepositories();
  const { paperworkHours } = compensationSettings();
  const incident = requisitionIncident(await readableIncident(req.actor, req.params.incidentId));
  const b = req.body;
  const now = runtime.clock.now();
  const requisitionId = randomUUID();
  // The rules first, on a draft without personal data: a refused taking seals nothing and writes nothing.
  const plainDraft: RequisitionDraft<null> = {
    mode: b.mode,
    legalBasis: b.legalBasis,
    reason: b.reason,
    owner: b.owner.kind === 'individual' ? { kind: 'individual', claimantRef: '', name: null, idNumber: null, phone: null, address: null } : { kind: 'unit', claimantRef: '', name: null, creditCode: null, phone: null, address: null },
    items: b.items.map((i) => ({ name: i.name, category: i.category, quantity: i.quantity, unit: i.unit, ...(i.model !== undefined ? { model: i.model } : {}), conditionBefore: i.conditionBefore, valueFen: i.valueFen })),
    requisitioningUnit: b.requisitioningUnit,
    executingOfficer: { name: b.executingOfficer.name, contact: '' },
    takenAt: b.takenAt,
  };
  issueRequisition(requisitionId, incident, plainDraft, req.actor, now, { paperworkHours, voucherSeq: 1 });
  const claimantRef = await ownerRefOf(b.owner);
  const sealed = await sealRequisitionParties(requisitionId, incident.incidentId, b.owner, claimantRef, b.executingOfficer.contact);
  const draft: RequisitionDraft<SealedField> = { ...plainDraft, owner: sealed.owner as Owner<SealedField>, executingOfficer: { name: b.executingOfficer.name, contact: sealed.officerContact.mask } };

  const build = async (counter: VoucherCounter | undefined) => {
    const change = issueRequisition(requisitionId, incident, draft, req.actor, now, { paperworkHours, ...(counter ? { voucherSeq: counter.previous + 1 } : {}) });
    const uow = openUnitOfWork(req, now);
    requisitions.stageIssue(uow, change, sealed.officerContact, counter);
    const result = send(201, await requisitionView({ ...change.requisition, officerContact: sealed.officerContact }, now), change.requisition.rev);
    result.headers = { Location: linkTo(requisitionRoutes.getRequisition, { requisitionId }) };
    return { uow, result };
  };
  if (b.mode === 'voucher') return withVoucherNumber(req, req.actor.division!, now, build);
  const { uow, result } = await build(undefined);
  return commit(uow, req, result);
};

export const listRequisitions: UseCase<R['listRequisitions']> = async (req) => {
  // The incident is the list's filter, as a division is of other lists: one outside the caller's jurisdiction is a 403.
  const incident = await repositories().incidents.get(req.query.incidentId);
  // Sideways is as absent as missing (404, as every incident read); a superior's incident is readable, its requisitions not (403).
  if (!incident || !canReadDivision(req.actor, incident.divisionCode)) throw new NotFound(`No incident ${req.query.incidentId}.`);
  if (!inJurisdiction(req.actor, incident.divisionCode)) throw new NotInJurisdiction(`Incident ${incident.incidentId} is outside your division.`);
  const now = runtime.clock.now();
  const page = await compensationRepositories().requisitions.ofIncident(incident.incidentId, req.query.limit, req.query.cursor);
  return send(200, { items: await Promise.all(page.items.map((r) => requisitionView(r, now))), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const getRequisition: UseCase<R['getRequisition']> = async (req) => {
  const r = await readable(req.actor, req.params.requisitionId);
  return send(200, await requisitionView(r, runtime.clock.now()), r.rev);
};

export const requisitionVoucher: UseCase<R['requisitionVoucher']> = async (req) => {
  const r = await readable(req.actor, req.params.requisitionId);
  if (r.voucherNumber === undefined) throw new InvalidTransition('This emergency taking has no voucher yet: do the paperwork first.');
  return {
    status: 200,
    body: await voucherHtml(r),
    contentType: 'text/html; charset=utf-8',
    // The page loads nothing and runs nothing; it is printed, not scripted.
    headers: { 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'", 'X-Content-Type-Options': 'nosniff' },
  };
};

export const requisitionAudit: UseCase<R['requisitionAudit']> = async (req) => {
  const r = await readable(req.actor, req.params.requisitionId);
  const page = await compensationRepositories().requisitions.auditTrail(r.requisitionId, req.query.limit, req.query.cursor);
  return send(200, { items: page.items.map(auditEntryView), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const transitionRequisition: UseCase<R['transitionRequisition']> = async (req) => {
  const { requisitions } = compensationRepositories();
  const r = await readable(req.actor, req.params.requisitionId);
  checkIfMatch(req, r.rev);
  const now = runtime.clock.now();
  const b = req.body;
  const answer = async (change: RequisitionChange<SealedField>, counter?: VoucherCounter) => {
    const uow = openUnitOfWork(req, now);
    requisitions.stage(uow, change, r, counter);
    return { uow, result: send(200, await requisitionView({ ...change.requisition, officerContact: r.officerContact }, now), change.requisition.rev) };
  };
  if (b.action === 'paperwork') {
    return withVoucherNumber(req, r.requisitionedBy.division, now, (counter) => answer(completePaperwork(r, counter.previous + 1, req.actor, now), counter));
  }
  const change =
    b.action === 'hand-over'
      ? handOverRequisition(r, b.conditions ? { conditions: b.conditions } : {}, req.actor, now)
      : returnRequisition(r, { outcome: b.outcome, conditionAfter: b.conditionAfter, ...(b.certificate ? { certificate: b.certificate } : {}) }, req.actor, now);
  const { uow, result } = await answer(change);
  return commit(uow, req, result);
};

export const myRequisitions: UseCase<R['myRequisitions']> = async (req) => {
  if (req.actor.idNumber === undefined) throw new Forbidden('Your sign-in carries no verified identity number, so your requisitions cannot be found; ask for it to be verified.');
  const ownerRef = await piiVault().blindIndex('idNumber', req.actor.idNumber);
  const now = runtime.clock.now();
  const page = await compensationRepositories().requisitions.ofOwner(ownerRef, req.query.limit, req.query.cursor);
  return send(200, { items: await Promise.all(page.items.map((r) => requisitionView(r, now))), ...(page.cursor ? { cursor: page.cursor } : {}) });
};
