// Repository of administrative reconsiderations of claim decisions. A step that changes the claim too (the application,
// the decision) is staged with the claim's own repository in the same unit of work.
import type { Reconsideration, ReconsiderationChange } from '../domain/reconsideration.ts';
import { keys } from './keys.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export class ReconsiderationRepository extends Repository {
  static recordKey(reconsiderationId: string): string {
    return keys.reconsideration(reconsiderationId).PK;
  }

  get(reconsiderationId: string): Promise<Reconsideration | undefined> {
    return this.item<Reconsideration>(keys.reconsideration(reconsiderationId));
  }

  /** The reconsideration (new, or conditioned on the rev and status it was read at), its audit entry and event. */
  stage(uow: UnitOfWork, change: ReconsiderationChange<unknown>, previous: Reconsideration | undefined): void {
    const r = change.reconsideration;
    uow.put('reconsideration', { ...keys.reconsideration(r.reconsiderationId), kind: 'reconsideration', ...r }, unchangedSince(previous));
    // The organ's auditors (and those above it) read the trail.
    uow.audit({ entity: 'reconsideration', entityId: r.reconsiderationId, entityPK: ReconsiderationRepository.recordKey(r.reconsiderationId), division: r.organ.division, ...change.change });
    if (change.event) uow.announce(change.event);
  }
}
