// What the organisations, volunteers and deployments functions share: their repositories (made once per process), the
// data-key scope of the social-forces registers, and sealing and showing their personal fields through the kernel.
//
// Registers are kept outside any incident (Volunteer Service Regulations Art 7 and 19: records are kept, certificates
// issued years later), so no incident's destruction (rule 17) reaches them: each division's register of organisations
// and volunteers has a data key of its own under purpose `volunteer`. What a response obtains of a volunteer is the
// roster of a deployment: each person's name and phone, copied from the register when they are asked and sealed under
// the incident's own `volunteer` key, so the response's end destroys it (rules 16-17). One key per division rather than per record: a
// registration then never creates a key item outside its transaction (after the first in a division), so a refused or
// repeated registration writes nothing at all; erasing one person is deleting their record.
import { documentClient, tableName } from '../store/client.ts';
import { tableIdempotency } from '../store/idempotency.ts';
import { DeploymentRepository, rosterField, type Roster, type RosterContact } from '../store/deployments.ts';
import { OrganizationRepository } from '../store/organizations.ts';
import { VolunteerRepository } from '../store/volunteers.ts';
import type { Disclosure, Volunteer, VolunteerPersonal } from '../domain/volunteer.ts';
import { NotFound, PiiDestroyed } from '../errors.ts';
import { hasRole, inJurisdiction, isGovernment, type User } from '../domain/actor.ts';
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

/**
 * Who may list what belongs to an organisation (its members, its deployments): the organisation itself (no read
 * needed), or an office with jurisdiction over its division; anyone else learns nothing (404, as for a missing one).
 * Answers whether the caller is the organisation itself.
 */
export async function organizationLister(actor: User, organizationId: string): Promise<{ own: boolean }> {
  if (hasRole(actor, 'org') && actor.orgId === organizationId) return { own: true };
  const org = isGovernment(actor) ? await socialRepositories().organizations.get(organizationId) : undefined;
  if (!org || !inJurisdiction(actor, org.divisionCode)) throw new NotFound(`No organisation ${organizationId}.`);
  return { own: false };
}

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

/**
 * A deployment's roster (rule 16): the name and phone of each person who accepted (their own yes, or their
 * organisation's for its members: rule 20), opened from their register and sealed again under the incident's
 * `volunteer` key, bound to the deployment. Only what the command needs to reach them: no ID number. Nobody is copied
 * once the response's volunteer data was destroyed (the key is gone): the acceptance still counts.
 */
export async function rosterFor(deploymentId: string, incidentId: string, volunteers: readonly Volunteer<SealedField>[]): Promise<Roster> {
  const vault = piiVault();
  const copy = async (v: Volunteer<SealedField>): Promise<[string, RosterContact] | undefined> => {
    const at = (field: string) => ({ recordKey: VolunteerRepository.recordKey(v.volunteerId), field });
    let plain: [string, string];
    try {
      plain = await Promise.all([vault.open(v.personal.name, at('personal.name')), vault.open(v.personal.phone, at('personal.phone'))]);
    } catch (err) {
      if (err instanceof PiiDestroyed) return undefined; // an erased registration has no contact left to copy
      throw err;
    }
    const name = rosterField(v.volunteerId, 'name');
    const phone = rosterField(v.volunteerId, 'phone');
    try {
      const sealed = await vault.sealAll(
        { [name]: { value: plain[0], kind: 'name' }, [phone]: { value: plain[1], kind: 'phone' } },
        { recordKey: DeploymentRepository.recordKey(deploymentId), incidentId, purpose: SOCIAL_PURPOSE },
      );
      return [v.volunteerId, { name: sealed[name]!, phone: sealed[phone]! }];
    } catch (err) {
      if (err instanceof PiiDestroyed) return undefined;
      throw err;
    }
  };
  const copied = await Promise.all(volunteers.map(copy));
  return { deploymentId, incidentId, contacts: Object.fromEntries(copied.filter((c) => c !== undefined)) };
}

/** The roster as its readers see it: masked (or `destroyed`), in the order of `volunteerIds`. */
export async function rosterView(roster: Roster | undefined, volunteerIds: readonly string[]): Promise<{ volunteerId: string; name: string; phone: string }[]> {
  const vault = piiVault();
  const seen = await Promise.all(
    volunteerIds.map(async (volunteerId) => {
      const c = roster?.contacts[volunteerId];
      if (!c) return [];
      const { name = DESTROYED_VIEW, phone = DESTROYED_VIEW } = await vault.viewAll(c);
      return [{ volunteerId, name, phone }];
    }),
  );
  return seen.flat();
}
