// What the requisitions, claims and reveal functions share (and the deployments function will, for its claims): their
// repositories (made once per process), the settings of the deadlines, who a caller is as a claimant, sealing the
// owner's and the bank account's personal fields through the kernel, the Idempotency-Key runner that keys its request
// hash, and the one way a claim is submitted, whatever it claims for.
import { randomUUID } from 'node:crypto';
import { hasRole, type User } from '../domain/actor.ts';
import { submitClaim, type ClaimDraft, type ClaimItem, type ClaimSubject, type ClaimDocumentRef } from '../domain/claim.ts';
import type { Owner } from '../domain/requisition.ts';
import { RuleViolation } from '../errors.ts';
import { send, type ApiRequest, type ApiResult } from '../http/api.ts';
import { claimRoutes } from '../http/contracts/claims.ts';
import { linkTo } from '../http/contracts/routing.ts';
import { commit, openUnitOfWork } from '../http/writes.ts';
import { piiVault } from '../pii/vault.ts';
import type { SealedField } from '../pii/sealed.ts';
import { ClaimRepository, type SealedBankAccount } from '../store/claims.ts';
import { documentClient, tableName } from '../store/client.ts';
import { tableIdempotency } from '../store/idempotency.ts';
import { ReconsiderationRepository } from '../store/reconsiderations.ts';
import { RequisitionRepository } from '../store/requisitions.ts';
import { claimView } from './claim-views.ts';
import { runtime } from './runtime.ts';

export { compensationSettings, requisitionSettings, resetCompensationSettingsForTests } from './compensation-settings.ts';

let repos: { requisitions: RequisitionRepository; claims: ClaimRepository; reconsiderations: ReconsiderationRepository } | undefined;

export function compensationRepositories() {
  if (!repos) {
    const db = documentClient();
    const table = tableName();
    repos = { requisitions: new RequisitionRepository(db, table), claims: new ClaimRepository(db, table), reconsiderations: new ReconsiderationRepository(db, table) };
  }
  return repos;
}

/** Rule 16: what the personal data of each record was collected for. */
export const REQUISITION_PURPOSE = 'requisition' as const;
export const COMPENSATION_PURPOSE = 'compensation' as const;

/**
 * Bodies of these functions hold personal data (ID numbers, bank accounts): their Idempotency-Key records keep a
 * keyed digest of the request (the kernel's MAC), never a plain hash anyone could test guesses against.
 */
export const piiIdempotency = tableIdempotency(documentClient, tableName, () => runtime.clock.now(), { hash: (request) => piiVault().requestHash(request) });

/**
 * Who the caller is as a claimant: a citizen by the blind index of the identity number their sign-in verified, an
 * organisation user by their organisation's id. Undefined for anyone else (they are never a claimant).
 */
export async function callerRefOf(actor: User): Promise<string | undefined> {
  if (hasRole(actor, 'citizen') && actor.idNumber !== undefined) return piiVault().blindIndex('idNumber', actor.idNumber);
  if (hasRole(actor, 'org') && actor.orgId !== undefined) return actor.orgId;
  return undefined;
}

/** The owner as the request gave it (validated and normalised by the contract). */
export type PlainOwner =
  | { kind: 'individual'; name: string; idNumber: string; phone: string; address: string }
  | { kind: 'unit'; name: string; creditCode: string; phone: string; address: string };

/** The owner's blind index: what their requisitions are found by and what their claims are matched against. */
export function ownerRefOf(owner: PlainOwner): Promise<string> {
  return owner.kind === 'individual' ? piiVault().blindIndex('idNumber', owner.idNumber) : piiVault().blindIndex('creditCode', owner.creditCode);
}

/** Seals the owner and the executing officer's contact under the incident's `requisition` key, bound to the record. */
export async function sealRequisitionParties(
  requisitionId: string,
  incidentId: string,
  owner: PlainOwner,
  claimantRef: string,
  officerContact: string,
): Promise<{ owner: Owner<SealedField>; officerContact: SealedField }> {
  const s = await piiVault().sealAll(
    {
      'owner.name': { value: owner.name, kind: 'name' },
      'owner.idNumber': owner.kind === 'individual' ? { value: owner.idNumber, kind: 'idNumber' } : undefined,
      'owner.creditCode': owner.kind === 'unit' ? { value: owner.creditCode, kind: 'creditCode' } : undefined,
      'owner.phone': { value: owner.phone, kind: 'phone' },
      'owner.address': { value: owner.address, kind: 'address' },
      'executingOfficer.contact': { value: officerContact, kind: 'phone' },
    },
    { recordKey: RequisitionRepository.recordKey(requisitionId), incidentId, purpose: REQUISITION_PURPOSE },
  );
  const common = { claimantRef, name: s['owner.name']!, phone: s['owner.phone']!, address: s['owner.address']! };
  return {
    owner: owner.kind === 'individual' ? { kind: 'individual', ...common, idNumber: s['owner.idNumber']! } : { kind: 'unit', ...common, creditCode: s['owner.creditCode']! },
    officerContact: s['executingOfficer.contact']!,
  };
}

export interface PlainBankAccount {
  bank: string;
  accountName: string;
  accountNumber: string;
}

/** Seals the account holder and number under the incident's `compensation` key, bound to the claim's record. */
export async function sealBankAccount(claimId: string, incidentId: string, account: PlainBankAccount): Promise<SealedBankAccount> {
  const s = await piiVault().sealAll(
    { 'bankAccount.accountName': { value: account.accountName, kind: 'name' }, 'bankAccount.accountNumber': { value: account.accountNumber, kind: 'bankAccount' } },
    { recordKey: ClaimRepository.recordKey(claimId), incidentId, purpose: COMPENSATION_PURPOSE },
  );
  return { bank: account.bank, accountName: s['bankAccount.accountName']!, accountNumber: s['bankAccount.accountNumber']! };
}

/** What a claimant sends, whatever the claim is for. */
export interface ClaimRequest {
  items: ClaimItem[];
  documents: ClaimDocumentRef[];
  bankAccount: PlainBankAccount;
}

/**
 * Submits a claim on a subject the caller's use case built (a requisition's, or a deployment's): one claim per source
 * and claimant; the domain's checks run before anything is sealed, so a refused claim writes nothing, not even a data
 * key. Answers 201 with the claim's view and its Location.
 */
export async function submitClaimFor(req: Pick<ApiRequest, 'actor' | 'requestId' | 'idempotency' | 'ifMatch'>, subject: ClaimSubject, callerRef: string | undefined, body: ClaimRequest): Promise<ApiResult> {
  const { claims } = compensationRepositories();
  const now = runtime.clock.now();
  const claimId = randomUUID();
  const draft: ClaimDraft<null> = { items: body.items, documents: body.documents, bankAccount: null };
  const checked = submitClaim(claimId, subject, draft, req.actor, callerRef, now);
  const earlier = await claims.existing(subject.source, subject.claimantRef);
  if (earlier !== undefined) {
    throw new RuleViolation('claim-already-made', `A claim was already made on this; follow it at ${linkTo(claimRoutes.getClaim, { claimId: earlier })}.`);
  }
  const bankAccount = await sealBankAccount(claimId, subject.incidentId, body.bankAccount);
  const change = { ...checked, claim: { ...checked.claim, bankAccount } };
  const uow = openUnitOfWork(req, now);
  claims.stageSubmission(uow, change);
  const result = send(201, await claimView(change.claim, now), change.claim.rev);
  result.headers = { Location: linkTo(claimRoutes.getClaim, { claimId }) };
  return commit(uow, req, result);
}
