// Repository of compensation claims, whatever they claim for (a requisition or a deployment): the head with the bank
// account sealed, one claim per source and claimant (a marker put with the claim), the claimant's list (GSI2).
import type { Claim, ClaimChange, ClaimSource, ClaimStatus } from '../domain/claim.ts';
import type { SealedField } from '../pii/sealed.ts';
import { auditTrailPage, type AuditRecord } from './audit-trail.ts';
import { keys } from './keys.ts';
import { registerPii } from './pii-registry.ts';
import { stageStatutoryRetention } from './retention.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** The bank account as stored: the bank's name in the clear, the holder and the number sealed (purpose compensation). */
export interface SealedBankAccount {
  bank: string;
  accountName: SealedField;
  accountNumber: SealedField;
}

export type StoredClaim = Claim<SealedBankAccount>;

const sourceId = (s: ClaimSource) => (s.kind === 'requisition' ? s.requisitionId : s.deploymentId);

export class ClaimRepository extends Repository {
  /** The record key the bank account's sealed fields are bound to. */
  static recordKey(claimId: string): string {
    return keys.claim(claimId).PK;
  }

  get(claimId: string): Promise<StoredClaim | undefined> {
    return this.item<StoredClaim>(keys.claim(claimId));
  }

  /** The claim a claimant already made on a source, if any. */
  async existing(source: ClaimSource, claimantRef: string): Promise<string | undefined> {
    return (await this.item<{ claimId: string }>(keys.claimOfSource(source.kind, sourceId(source), claimantRef)))?.claimId;
  }

  /** A claimant's claims, newest first. */
  ofClaimant(claimantRef: string, limit: number, cursor: string | undefined): Promise<Page<StoredClaim>> {
    return queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.claimsOfClaimantPK(claimantRef), sk: undefined, limit, cursor, descending: true }, strip<StoredClaim>);
  }

  /** The claims a division decides, by status (newest first within one), for its office's queue. */
  ofDivision(q: { division: string; status?: ClaimStatus | undefined; limit: number; cursor?: string | undefined }): Promise<Page<StoredClaim>> {
    const sk = q.status ? { op: 'begins_with' as const, value: `${q.status}#` } : undefined;
    return queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.claimsOfDivisionPK(q.division), sk, limit: q.limit, cursor: q.cursor, descending: true }, strip<StoredClaim>);
  }

  auditTrail(claimId: string, limit: number, cursor: string | undefined): Promise<Page<AuditRecord>> {
    return auditTrailPage(this.db, this.table, ClaimRepository.recordKey(claimId), limit, cursor);
  }

  /** A new claim and its one-per-source marker (a second claim of the same claimant on the same source fails), audit. */
  stageSubmission(uow: UnitOfWork, change: ClaimChange<SealedBankAccount>): void {
    const c = change.claim;
    this.putHead(uow, c, undefined);
    uow.put(
      'claim-of-source',
      { ...keys.claimOfSource(c.source.kind, sourceId(c.source), c.claimantRef), kind: 'claim-of-source', claimId: c.claimId },
      { expression: 'attribute_not_exists(PK)' },
    );
    // --- PII registry (rule 16, shared/store/pii-registry.ts): the bank account, and a citizen owner's blind index (the
    // claimant ref, its GSI2 list entry and the one-per-source marker), go when the claim's data is destroyed.
    const owner = c.claimant.kind === 'owner';
    registerPii(uow, {
      incidentId: c.bankAccount.accountNumber.incidentId,
      purpose: c.bankAccount.accountNumber.purpose,
      recordKind: 'claim',
      recordKey: keys.claim(c.claimId),
      blindIndexKeys: owner ? [keys.claimOfSource(c.source.kind, sourceId(c.source), c.claimantRef)] : [],
      blindIndexAttributes: owner ? ['claimantRef', 'GSI2PK', 'GSI2SK'] : [],
    });
    // --- end PII registry
    this.record(uow, change);
  }

  /** A step of a stored claim, conditioned on the rev and status it was read at; audit and event. */
  stage(uow: UnitOfWork, change: ClaimChange<SealedBankAccount>, previous: StoredClaim): void {
    this.putHead(uow, change.claim, previous);
    this.record(uow, change);
  }

  private putHead(uow: UnitOfWork, c: StoredClaim, previous: StoredClaim | undefined): void {
    // A claim whose data was destroyed (rule 17) has no claimant ref left, and no entry in a claimant's list.
    const mine = c.claimantRef ? keys.gsi.claimsOfClaimant(c.claimantRef, c.submittedAt, c.claimId) : {};
    uow.put('claim', { ...keys.claim(c.claimId), kind: 'claim', ...c, ...mine, ...keys.gsi.claimsOfDivision(c.division, c.status, c.submittedAt, c.claimId) }, unchangedSince(previous));
  }

  private record(uow: UnitOfWork, change: ClaimChange<SealedBankAccount>): void {
    const c = change.claim;
    uow.audit({ entity: 'claim', entityId: c.claimId, entityPK: ClaimRepository.recordKey(c.claimId), division: c.division, ...change.change });
    if (change.event) uow.announce(change.event);
    // Rule 17: what the case needs is kept by its statutory assessment until it is closed and its remedies have passed.
    stageStatutoryRetention(uow, c);
  }
}
