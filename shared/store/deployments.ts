// Repository of deployments: the head, and each volunteer's commitments item, which makes overlapping deployments of
// one volunteer exclusive in the store: a request rewrites the item of every person it asks, conditioned on the rev
// it was read at, so of two offices deploying the same volunteer at once exactly one commits. The item also lists
// every deployment the volunteer was asked on, which is what the service record (and the certificate) is read from.
import type { Deployment, DeploymentChange } from '../domain/deployment.ts';
import type { Volunteer } from '../domain/volunteer.ts';
import type { SealedField } from '../pii/sealed.ts';
import { batchGet, batchGetItems } from './batch.ts';
import { keys } from './keys.ts';
import { registerPii } from './pii-registry.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

/** A deployment that holds a volunteer to its dates, as the commitments item keeps it. */
export interface CommitmentEntry {
  deploymentId: string;
  from: string;
  to: string;
}

export interface Commitments {
  volunteerId: string;
  /** Deployments that held the volunteer when this item was last written; some may have ended since. */
  live: CommitmentEntry[];
  /** Every deployment the volunteer was asked on, oldest first. */
  asked: string[];
  rev: number;
}

/** How the command reaches one person asked: their name and mobile number. */
export interface RosterContact<S = SealedField> {
  name: S;
  phone: S;
}

/**
 * The contacts of a deployment's people, copied from their registers when it is requested and sealed under the
 * incident's `volunteer` data key (rule 16): this is the personal data the response obtained, so it is what the
 * response's end destroys (rule 17); the registers themselves are kept (Volunteer Service Regulations Art 19).
 */
export interface Roster<S = SealedField> {
  deploymentId: string;
  incidentId: string;
  /** By volunteer id; a person whose register holds no readable contact is left out. */
  contacts: Record<string, RosterContact<S>>;
}

/** The sealed fields' paths in the roster item, which are also the names their seals are bound to. */
export const rosterField = (volunteerId: string, field: keyof RosterContact) => `contacts.${volunteerId}.${field}`;

/** What a deployment request is written against besides itself: the state it was decided on. */
export interface RequestGuards {
  /** Each person's commitments item as read (absent: none yet). */
  commitments: ReadonlyMap<string, Commitments | undefined>;
  /** Whether an entry of a commitments item still holds its volunteer (its deployment is live for them). */
  stillHolds: (volunteerId: string, entry: CommitmentEntry) => boolean;
  /**
   * The organisation must be unchanged since it was judged deployable (not suspended, revoked or re-dated meanwhile).
   * The incident is not checked this way: every deployment of a response would then contend for its one item (a
   * ConditionCheck takes part in transaction conflicts), and a response ending in the same instant as a request is
   * answered by standing the request down.
   */
  organization?: { organizationId: string; rev: number };
}

/** Deployments can grow with hours: refuse to grow one past what a DynamoDB item holds (400 KB), with room to spare. */
export const MAX_DEPLOYMENT_BYTES = 300_000;

export class DeploymentRepository extends Repository {
  /** What the seals of a deployment's personal fields are bound to (with the field's path). */
  static recordKey(deploymentId: string): string {
    return keys.deployment(deploymentId).PK;
  }

  get(deploymentId: string): Promise<Deployment | undefined> {
    return this.item<Deployment>(keys.deployment(deploymentId));
  }

  /** The deployment and its roster, in one BatchGetItem (the roster is absent on deployments requested before it). */
  async withRoster(deploymentId: string): Promise<{ deployment: Deployment; roster: Roster | undefined } | undefined> {
    const found = await batchGetItems(this.db, this.table, [keys.deployment(deploymentId), keys.deploymentRoster(deploymentId)]);
    const head = found.find((i) => i['SK'] === keys.deployment(deploymentId).SK);
    const roster = found.find((i) => i['SK'] === keys.deploymentRoster(deploymentId).SK);
    return head ? { deployment: strip<Deployment>(head), roster: roster ? strip<Roster>(roster) : undefined } : undefined;
  }

  getMany(deploymentIds: readonly string[]): Promise<Deployment[]> {
    return batchGet<Deployment>(this.db, this.table, deploymentIds.map((id) => keys.deployment(id)));
  }

  /**
   * What a request needs of its people, in one BatchGetItem: each volunteer's record and commitments item (absent when
   * the volunteer was never asked). Both sit in the volunteer's partition.
   */
  async peopleOf(volunteerIds: readonly string[]): Promise<{ volunteers: Volunteer<SealedField>[]; commitments: Map<string, Commitments> }> {
    const found = await batchGetItems(this.db, this.table, volunteerIds.flatMap((id) => [keys.volunteer(id), keys.volunteerCommitments(id)]));
    const commitmentsSK = keys.volunteerCommitments('').SK;
    return {
      volunteers: found.filter((i) => i['SK'] !== commitmentsSK).map((i) => strip<Volunteer<SealedField>>(i)),
      commitments: new Map(found.filter((i) => i['SK'] === commitmentsSK).map((i) => strip<Commitments>(i)).map((c) => [c.volunteerId, c])),
    };
  }

  /** The commitments items of these volunteers, by volunteer id (absent when a volunteer was never asked). */
  async commitmentsOf(volunteerIds: readonly string[]): Promise<Map<string, Commitments>> {
    const found = await batchGet<Commitments>(this.db, this.table, volunteerIds.map((id) => keys.volunteerCommitments(id)));
    return new Map(found.map((c) => [c.volunteerId, c]));
  }

  /** An incident's deployments, newest request first. */
  ofIncident(incidentId: string, limit: number, cursor?: string): Promise<Page<Deployment>> {
    return queryPage(this.db, this.table, { index: 'GSI1', pk: keys.gsi.deploymentsOfIncidentPK(incidentId), sk: undefined, limit, cursor, descending: true }, (i) => strip<Deployment>(i));
  }

  /** The deployments of an organisation's team, requests awaiting its answer included, newest request first. */
  ofOrganization(organizationId: string, limit: number, cursor?: string): Promise<Page<Deployment>> {
    return queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.deploymentsOfOrganizationPK(organizationId), sk: undefined, limit, cursor, descending: true }, (i) => strip<Deployment>(i));
  }

  /** Every deployment the volunteer was asked on (the service record decides which count). */
  async askedOf(volunteerId: string): Promise<Deployment[]> {
    const c = await this.item<Commitments>(keys.volunteerCommitments(volunteerId));
    return c ? this.getMany(c.asked) : [];
  }

  /**
   * A new request: the head (new), each person's commitments item (its live entries still holding them, plus this
   * one; conditioned on the rev read), the organisation unchanged, audit and event.
   */
  stageRequest(uow: UnitOfWork, change: DeploymentChange, guards: RequestGuards): void {
    const d = change.deployment;
    this.putHead(uow, d, undefined);
    const entry: CommitmentEntry = { deploymentId: d.deploymentId, from: d.from, to: d.to };
    for (const p of d.people) {
      const previous = guards.commitments.get(p.volunteerId);
      const item: Commitments = {
        volunteerId: p.volunteerId,
        live: [...(previous?.live ?? []).filter((e) => guards.stillHolds(p.volunteerId, e)), entry],
        asked: [...(previous?.asked ?? []), d.deploymentId],
        rev: (previous?.rev ?? 0) + 1,
      };
      uow.put(
        'volunteer-commitments',
        { ...keys.volunteerCommitments(p.volunteerId), kind: 'volunteer-commitments', ...item },
        previous ? { expression: '#rev = :rev', names: { '#rev': 'rev' }, values: { ':rev': previous.rev } } : { expression: 'attribute_not_exists(PK)' },
      );
    }
    if (guards.organization) {
      uow.check('organization', keys.organization(guards.organization.organizationId), { expression: '#rev = :rev', names: { '#rev': 'rev' }, values: { ':rev': guards.organization.rev } });
    }
    this.record(uow, change);
  }

  /**
   * A transition: the head conditioned on the rev and status it was read at, audit and event; with an acceptance, the
   * roster grown by the people who said yes (the head's condition orders writers of the roster too), registered under
   * the incident and purpose it was sealed for, each phone a notice's address (rules 16-17, PIPL Art 18).
   */
  stage(uow: UnitOfWork, change: DeploymentChange, previous: Deployment, roster?: { next: Roster; previous: Roster | undefined }): void {
    this.putHead(uow, change.deployment, previous);
    const people = roster ? Object.values(roster.next.contacts) : [];
    if (roster && people.length > 0) {
      const d = change.deployment;
      uow.put('deployment-roster', { ...keys.deploymentRoster(d.deploymentId), kind: 'deployment-roster', ...roster.next }, { expression: roster.previous ? 'attribute_exists(PK)' : 'attribute_not_exists(PK)' });
      const sealed = people[0]!.phone;
      registerPii(
        uow,
        {
          incidentId: sealed.incidentId,
          purpose: sealed.purpose,
          recordKind: 'deployment',
          recordKey: keys.deploymentRoster(d.deploymentId),
          blindIndexKeys: [],
          contactFields: Object.keys(roster.next.contacts).map((v) => rosterField(v, 'phone')),
        },
        roster.previous !== undefined,
      );
    }
    this.record(uow, change);
  }

  private putHead(uow: UnitOfWork, d: Deployment, previous: Deployment | undefined): void {
    const listed = {
      ...keys.gsi.deploymentsOfIncident(d.incidentId, d.requestedAt, d.deploymentId),
      ...(d.organizationId !== undefined ? keys.gsi.deploymentsOfOrganization(d.organizationId, d.requestedAt, d.deploymentId) : {}),
    };
    uow.put('deployment', { ...keys.deployment(d.deploymentId), kind: 'deployment', ...d, ...listed }, unchangedSince(previous));
  }

  private record(uow: UnitOfWork, change: DeploymentChange): void {
    const d = change.deployment;
    uow.audit({ entity: 'deployment', entityId: d.deploymentId, entityPK: keys.deployment(d.deploymentId).PK, division: d.divisionCode, ...change.change });
    if (change.event) uow.announce(change.event);
  }
}
