// Repository of social forces (社会应急力量): the registration head with its contact person sealed, the by-division list
// (GSI1) and one summary item per capability so an office finds, say, water-rescue teams of a county with one Query.
import type { Organization, OrganizationChange } from '../domain/organization.ts';
import type { SealedField } from '../pii/sealed.ts';
import { keys } from './keys.ts';
import { registerPii } from './pii-registry.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export type StoredOrganization = Organization<SealedField>;

/** What a list shows of an organisation: never its contact person (sealed data stays in the one head item). */
export interface OrganizationSummary {
  organizationId: string;
  name: string;
  kind: Organization['kind'];
  divisionCode: string;
  capabilities: Organization['capabilities'];
  memberCount: number;
  status: Organization['status'];
  validUntil?: string;
  insurance?: Organization['insurance'];
  updatedAt: string;
}

export function organizationSummary(o: Organization<unknown>): OrganizationSummary {
  return {
    organizationId: o.organizationId,
    name: o.name,
    kind: o.kind,
    divisionCode: o.divisionCode,
    capabilities: o.capabilities,
    memberCount: o.memberCount,
    status: o.status,
    ...(o.registration ? { validUntil: o.registration.validUntil } : {}),
    ...(o.insurance ? { insurance: o.insurance } : {}),
    updatedAt: o.updatedAt,
  };
}

/**
 * An organisation has a `kind` of its own (rescue-team, charity...), and every item's `kind` says what the item is: in
 * the table the organisation's is `organizationKind`.
 */
const toItem = <T extends { kind: Organization['kind'] }>(o: T) => {
  const { kind, ...rest } = o;
  return { ...rest, organizationKind: kind };
};
const fromItem = <T>(item: Record<string, unknown>): T => {
  const { organizationKind, ...rest } = strip<Record<string, unknown>>(item);
  return { ...rest, kind: organizationKind } as T;
};

export class OrganizationRepository extends Repository {
  /** The key sealed fields of an organisation are bound to (the associated data of their ciphertext). */
  static recordKey(organizationId: string): string {
    return keys.organization(organizationId).PK;
  }

  async get(organizationId: string): Promise<StoredOrganization | undefined> {
    const item = await this.item<Record<string, unknown>>(keys.organization(organizationId));
    return item ? fromItem<StoredOrganization>(item) : undefined;
  }

  /** One division's organisations, by status when given; with a capability, from that capability's summaries. */
  list(q: { division: string; status?: string | undefined; capability?: string | undefined; limit: number; cursor?: string | undefined }): Promise<Page<OrganizationSummary>> {
    const sk = q.status ? { op: 'begins_with' as const, value: `${q.status}#` } : undefined;
    if (q.capability) {
      return queryPage(this.db, this.table, { pk: keys.organizationsByCapabilityPK(q.division, q.capability), sk, limit: q.limit, cursor: q.cursor }, (i) => fromItem<OrganizationSummary>(i));
    }
    return queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.organizationsByDivisionPK(q.division), sk, limit: q.limit, cursor: q.cursor }, (i) =>
      organizationSummary(fromItem<StoredOrganization>(i)),
    );
  }

  /**
   * The head conditioned on the rev and status it was read at, the capability summaries moved to the new status, and
   * the audit entry. The summaries carry no personal data.
   */
  stage(uow: UnitOfWork, change: OrganizationChange<SealedField>, previous: StoredOrganization | undefined): void {
    const o = change.organization;
    uow.put(
      'organization',
      { ...keys.organization(o.organizationId), ...toItem(o), kind: 'organization', ...keys.gsi.organizationsByDivision(o.divisionCode, o.status, o.organizationId) },
      unchangedSince(previous),
    );
    const summary = organizationSummary(o);
    const moved = previous !== undefined && previous.status !== o.status;
    for (const capability of o.capabilities) {
      if (moved) uow.delete('organization-capability', keys.organizationByCapability(previous.divisionCode, capability, previous.status, o.organizationId));
      uow.put('organization-capability', { ...keys.organizationByCapability(o.divisionCode, capability, o.status, o.organizationId), ...toItem(summary), kind: 'organization-capability' });
    }
    uow.audit({ entity: 'organization', entityId: o.organizationId, entityPK: keys.organization(o.organizationId).PK, division: o.divisionCode, ...change.change });
    // --- PII registry (rule 16, shared/store/pii-registry.ts): a new organisation's sealed contact person.
    if (!previous) {
      registerPii(uow, {
        incidentId: o.contact.phone.incidentId,
        purpose: o.contact.phone.purpose,
        recordKind: 'organization',
        recordKey: keys.organization(o.organizationId),
        blindIndexKeys: [],
        contactField: 'contact.phone',
      });
    }
    // --- end PII registry
  }
}
