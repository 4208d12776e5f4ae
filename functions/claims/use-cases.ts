// Use cases of the claims function: the owner's claim on a returned requisition (rule 13), each office step from the
// correction request to the payment and the claimant's resubmission (rules 13-15), the claimant's application for
// reconsideration and the organ's steps. Claims of any source (requisition or deployment) are read and moved here.
// The claimant alone sees their claim besides offices with jurisdiction and auditors; to anyone else it does not exist.
import { randomUUID } from 'node:crypto';
import { callerRefOf, compensationRepositories, compensationSettings, sealBankAccount, submitClaimFor } from '../../shared/app/compensation.ts';
import { auditEntryView, claimView, reconsiderationView } from '../../shared/app/claim-views.ts';
import { runtime } from '../../shared/app/runtime.ts';
import { hasRole, inJurisdiction, isGovernment, type User } from '../../shared/domain/actor.ts';
import {
  acceptClaim,
  approveClaim,
  closeClaim,
  extendClaimDecision,
  payClaim,
  rejectClaim,
  requestCorrection,
  requireClaimant,
  requisitionClaimSubject,
  resubmitClaim,
  serveNotice,
  type ClaimChange,
} from '../../shared/domain/claim.ts';
import {
  acceptReconsideration,
  applyForReconsideration as apply,
  decideReconsideration,
  extendReconsideration,
  requestReconsiderationCorrection,
  resubmitReconsideration,
  type Reconsideration,
  type ReconsiderationChange,
} from '../../shared/domain/reconsideration.ts';
import { Forbidden, NotFound, NotInJurisdiction } from '../../shared/errors.ts';
import { send, type UseCase } from '../../shared/http/api.ts';
import { claimRoutes, type claimRoutes as routes } from '../../shared/http/contracts/claims.ts';
import { linkTo } from '../../shared/http/contracts/routing.ts';
import { checkIfMatch, commit, openUnitOfWork } from '../../shared/http/writes.ts';
import type { SealedBankAccount, StoredClaim } from '../../shared/store/claims.ts';

type R = typeof routes;

/** Only offices take the office steps; the claimant may read and resubmit, never decide. */
function requireOffice(actor: User): void {
  if (!isGovernment(actor)) throw new Forbidden('Only an emergency office of a government may take this step.');
}

/** The claimant (matched by their verified identity), or an office or auditor whose division covers the claim's. */
async function readableClaim(actor: User, claimId: string): Promise<{ claim: StoredClaim; callerRef: string | undefined }> {
  const claim = await compensationRepositories().claims.get(claimId);
  if (!claim) throw new NotFound(`No claim ${claimId}.`);
  const callerRef = hasRole(actor, 'citizen') || hasRole(actor, 'org') ? await callerRefOf(actor) : undefined;
  const official = (hasRole(actor, 'office') || hasRole(actor, 'auditor')) && inJurisdiction(actor, claim.division);
  if (!(official || (callerRef !== undefined && callerRef === claim.claimantRef))) throw new NotFound(`No claim ${claimId}.`);
  return { claim, callerRef };
}

/** The organ's and the deciding office's governments (and those above them), their auditors, and the applicant. */
async function readableReconsideration(actor: User, reconsiderationId: string): Promise<{ reconsideration: Reconsideration; callerRef: string | undefined }> {
  const r = await compensationRepositories().reconsiderations.get(reconsiderationId);
  if (!r) throw new NotFound(`No reconsideration ${reconsiderationId}.`);
  const callerRef = hasRole(actor, 'citizen') || hasRole(actor, 'org') ? await callerRefOf(actor) : undefined;
  const official = (hasRole(actor, 'office') || hasRole(actor, 'auditor')) && (inJurisdiction(actor, r.organ.division) || inJurisdiction(actor, r.respondent.division));
  if (!(official || (callerRef !== undefined && callerRef === r.claimantRef))) throw new NotFound(`No reconsideration ${reconsiderationId}.`);
  return { reconsideration: r, callerRef };
}

export const createClaim: UseCase<R['createClaim']> = async (req) => {
  const requisition = await compensationRepositories().requisitions.get(req.params.requisitionId);
  // Someone else's requisition, or none: the same 404, so nobody learns whose property was taken.
  if (!requisition) throw new NotFound('No such claim or requisition of yours.');
  const callerRef = await callerRefOf(req.actor);
  requireClaimant(requisition.owner, req.actor, callerRef);
  return submitClaimFor(req, requisitionClaimSubject(requisition), callerRef, req.body);
};

export const getClaim: UseCase<R['getClaim']> = async (req) => {
  const { claim } = await readableClaim(req.actor, req.params.claimId);
  return send(200, await claimView(claim, runtime.clock.now()), claim.rev);
};

export const claimAudit: UseCase<R['claimAudit']> = async (req) => {
  const { claim } = await readableClaim(req.actor, req.params.claimId);
  const page = await compensationRepositories().claims.auditTrail(claim.claimId, req.query.limit, req.query.cursor);
  return send(200, { items: page.items.map(auditEntryView), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const listClaims: UseCase<R['listClaims']> = async (req) => {
  const division = req.query.division ?? req.actor.division;
  if (division === undefined) throw new NotInJurisdiction('Your sign-in names no division; say which with ?division=.');
  if (!inJurisdiction(req.actor, division)) throw new NotInJurisdiction(`The claims of ${division} are neither yours nor below yours.`);
  const now = runtime.clock.now();
  const page = await compensationRepositories().claims.ofDivision({ division, status: req.query.status, limit: req.query.limit, cursor: req.query.cursor });
  return send(200, { items: await Promise.all(page.items.map((c) => claimView(c, now))), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const myClaims: UseCase<R['myClaims']> = async (req) => {
  const callerRef = await callerRefOf(req.actor);
  if (callerRef === undefined) throw new Forbidden('Your sign-in carries no verified identity number (or organisation), so your claims cannot be found.');
  const now = runtime.clock.now();
  const page = await compensationRepositories().claims.ofClaimant(callerRef, req.query.limit, req.query.cursor);
  return send(200, { items: await Promise.all(page.items.map((c) => claimView(c, now))), ...(page.cursor ? { cursor: page.cursor } : {}) });
};

export const transitionClaim: UseCase<R['transitionClaim']> = async (req) => {
  const { claim: c, callerRef } = await readableClaim(req.actor, req.params.claimId);
  checkIfMatch(req, c.rev);
  const now = runtime.clock.now();
  const b = req.body;
  let change: ClaimChange<SealedBankAccount>;
  if (b.action === 'resubmit') {
    // The rules first (the claimant, the state, the items); only then is a new bank account sealed.
    const checked = resubmitClaim(c, { ...(b.items ? { items: b.items } : {}), ...(b.documents ? { documents: b.documents } : {}) }, req.actor, callerRef, now);
    change = b.bankAccount ? { ...checked, claim: { ...checked.claim, bankAccount: await sealBankAccount(c.claimId, c.incidentId, b.bankAccount) } } : checked;
  } else {
    requireOffice(req.actor);
    switch (b.action) {
      case 'request-correction':
        change = requestCorrection(c, b.items, req.actor, now);
        break;
      case 'accept':
        change = acceptClaim(c, req.actor, now);
        break;
      case 'extend':
        change = extendClaimDecision(c, b.reason, req.actor, now, compensationSettings().calendar);
        break;
      case 'approve':
        change = approveClaim(c, { approvedFen: b.approvedFen, ...(b.reasons ? { reasons: b.reasons } : {}) }, req.actor, now);
        break;
      case 'reject':
        change = rejectClaim(c, { reasons: b.reasons }, req.actor, now);
        break;
      case 'serve-notice':
        change = serveNotice(c, b.servedAt, req.actor, now);
        break;
      case 'pay':
        change = payClaim(c, { amountFen: b.amountFen, paymentReference: b.paymentReference }, req.actor, now);
        break;
      case 'close':
        change = closeClaim(c, req.actor, now);
        break;
    }
  }
  const uow = openUnitOfWork(req, now);
  compensationRepositories().claims.stage(uow, change, c);
  return commit(uow, req, send(200, await claimView(change.claim, now), change.claim.rev));
};

export const applyForReconsideration: UseCase<R['applyForReconsideration']> = async (req) => {
  const { claims, reconsiderations } = compensationRepositories();
  const { claim: c, callerRef } = await readableClaim(req.actor, req.params.claimId);
  const now = runtime.clock.now();
  const change = apply(randomUUID(), c, req.body, req.actor, callerRef, now, compensationSettings().calendar);
  const uow = openUnitOfWork(req, now);
  reconsiderations.stage(uow, change, undefined);
  claims.stage(uow, change.claim!, c);
  const r = change.reconsideration;
  const result = send(201, reconsiderationView(r, now), r.rev);
  result.headers = { Location: linkTo(claimRoutes.getReconsideration, { reconsiderationId: r.reconsiderationId }) };
  return commit(uow, req, result);
};

export const getReconsideration: UseCase<R['getReconsideration']> = async (req) => {
  const { reconsideration: r } = await readableReconsideration(req.actor, req.params.reconsiderationId);
  return send(200, reconsiderationView(r, runtime.clock.now()), r.rev);
};

export const transitionReconsideration: UseCase<R['transitionReconsideration']> = async (req) => {
  const { claims, reconsiderations } = compensationRepositories();
  const { reconsideration: r, callerRef } = await readableReconsideration(req.actor, req.params.reconsiderationId);
  checkIfMatch(req, r.rev);
  const now = runtime.clock.now();
  const { calendar } = compensationSettings();
  const b = req.body;
  let change: ReconsiderationChange<SealedBankAccount>;
  let claimRead: StoredClaim | undefined;
  if (b.action === 'resubmit') {
    change = resubmitReconsideration(r, { ...(b.grounds ? { grounds: b.grounds } : {}), ...(b.request ? { request: b.request } : {}) }, req.actor, callerRef, now);
  } else {
    requireOffice(req.actor);
    switch (b.action) {
      case 'accept':
        change = acceptReconsideration(r, { ...(b.procedure ? { procedure: b.procedure } : {}), ...(b.partiesAgree !== undefined ? { partiesAgree: b.partiesAgree } : {}) }, req.actor, now);
        break;
      case 'request-correction':
        change = requestReconsiderationCorrection(r, b.items, req.actor, now);
        break;
      case 'extend':
        change = extendReconsideration(r, b.reason, req.actor, now, calendar);
        break;
      case 'decide': {
        claimRead = await claims.get(r.claimId);
        if (!claimRead) throw new NotFound(`No claim ${r.claimId}.`);
        change = decideReconsideration(r, claimRead, { outcome: b.outcome, reasons: b.reasons, ...(b.variedFen !== undefined ? { variedFen: b.variedFen } : {}) }, req.actor, now);
        break;
      }
    }
  }
  const uow = openUnitOfWork(req, now);
  reconsiderations.stage(uow, change, r);
  // The decision moves the claim in the same transaction: a varied amount is owed at once, a revoked decision is due again.
  if (change.claim && claimRead) claims.stage(uow, change.claim, claimRead);
  return commit(uow, req, send(200, reconsiderationView(change.reconsideration, now), change.reconsideration.rev));
};
