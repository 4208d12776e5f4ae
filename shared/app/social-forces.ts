// What the organisations, volunteers and deployments functions share: their repositories (made once per process), the
// data-key scope of the social-forces registers, and sealing and showing their personal fields through the kernel.
//
// Registers are kept outside any incident (Volunteer Service Regulations Art 7 and 19: records are kept, certificates
// issued years later), so no incident's destruction (rule 17) reaches them: each division's register of organisations
// and volunteers has a data key of its own under purpose `volunteer`. One key per division rather than per record: a
// registration then never creates a key item outside its transaction (after the first in a division), so a refused or
// repeated registration writes nothing at all; erasing one person is deleting their record.
import { documentClient, tableName } from '../store/client.ts';
import { tableIdempotency } from '../store/idempotency.ts';
import { DeploymentRepository } from '../store/deployments.ts';
import { OrganizationRepository } from '../store/organizations.ts';
import { VolunteerRepository } from '../store/volunteers.ts';
import type { Disclosure, VolunteerPersonal } from '../domain/volunteer.ts';
import type { OrganizationContact } from '../domain/organization.ts';
import { DESTROYED_VIEW, piiVault } from '../pii/vault.ts';
import type { SealedField } from '../pii/sealed.ts';
import { runtime } from './runtime.ts';

let repos: { organizations: OrganizationRepository; volunteers: VolunteerRepository; deployments: DeploymentRepository } | undefined;

export function socialRepositories() {
  if (!repos) {
    const db = documentClient();
    const table = tableName();
    repos = { organizations: new OrganizationRepository(db, table), volunteers: new VolunteerRepository(db, table), deployments: new DeploymentRepository(db, table) };
  }
  return repos;
}

export const SOCIAL_PURPOSE = 'volunteer' as const;

/**
 * Registration bodies hold ID numbers, names and phones: their Idempotency-Key records keep a keyed digest of the
 * request (the kernel's MAC), never a plain hash anyone could test guessed ID numbers against.
 */
export const registerIdempotency = tableIdempotency(documentClient, tableName, () => runtime.clock.now(), { hash: (request) => piiVault().requestHash(request) });

/** The data-key scope (the kernel's `incidentId`) of a division's register. */
export const registerScope = (divisionCode: string) => `register-${divisionCode}`;

/** Seals a volunteer's name, ID number and phone under their division's register key, bound to their record. */
export async function sealVolunteer(volunteerId: string, divisionCode: string, plain: { name: string; idNumber: string; phone: string }): Promise<VolunteerPersonal<SealedField>> {
  const sealed = await piiVault().sealAll(
    { 'personal.name': { value: plain.name, kind: 'name' }, 'personal.idNumber': { value: plain.idNumber, kind: 'idNumber' }, 'personal.phone': { value: plain.phone, kind: 'phone' } },
    {
      recordKey: VolunteerRepository.recordKey(volunteerId),
      incidentId: registerScope(divisionCode),
      purpose: SOCIAL_PURPOSE,
    },
  );
  return { name: sealed['personal.name']!, idNumber: sealed['personal.idNumber']!, phone: sealed['personal.phone']! };
}

/** Seals an organisation's contact person under its division's register key, bound to its record. */
export async function sealContact(organizationId: string, divisionCode: string, plain: { name: string; phone: string }): Promise<OrganizationContact<SealedField>> {
  const sealed = await piiVault().sealAll(
    { 'contact.name': { value: plain.name, kind: 'name' }, 'contact.phone': { value: plain.phone, kind: 'phone' } },
    { recordKey: OrganizationRepository.recordKey(organizationId), incidentId: registerScope(divisionCode), purpose: SOCIAL_PURPOSE },
  );
  return { name: sealed['contact.name']!, phone: sealed['contact.phone']! };
}

/** A sealed field as a reader may see it: opened when `clear`, else its mask (or `destroyed` once its key is gone). */
export async function shown(sealed: SealedField, disclosure: Disclosure, binding: { recordKey: string; field: string }): Promise<string> {
  const vault = piiVault();
  const masked = await vault.view(sealed);
  return disclosure === 'masked' || masked === DESTROYED_VIEW ? masked : vault.open(sealed, binding);
}
