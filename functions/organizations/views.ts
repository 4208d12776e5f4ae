// What readers see of an organisation: the registration and its standing (deployable today, group cover that counts),
// the contact person masked; never who at the office pressed the button.
import { cstDate } from '../../shared/domain/calendar/working-days.ts';
import { isDeployable } from '../../shared/domain/organization.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import type { StoredOrganization } from '../../shared/store/organizations.ts';

export async function organizationView(o: StoredOrganization, now: Date) {
  const { rev: _rev, submittedBy: _by, contact, ...rest } = o;
  const today = cstDate(now);
  const contactShown = await piiVault().viewAll({ name: contact.name, phone: contact.phone });
  return {
    ...rest,
    contact: { name: contactShown.name!, phone: contactShown.phone! },
    groupCoverCountsForAll: o.insurance !== undefined && o.insurance.insuredCount >= o.memberCount,
    deployableToday: isDeployable(o, today, today),
  };
}
