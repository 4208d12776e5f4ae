// Repository of volunteers: the head with identity and contact sealed, an organisation's roster (GSI2), and the search
// index offices look for skills in: sparse items for consenting volunteers only (rule 20), holding masks and never a
// sealed field, one item per division and dimension (everyone, a skill, a qualification), spread over SEARCH_SHARDS
// partitions by volunteer id so a large division's writes and reads never meet in one hot partition. A search queries
// the shards of one dimension in parallel and merges them in volunteer-id order: no Scan, and no filter ever reads
// more than the one dimension asked for.
import { createHash } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { isoWeekday } from '../domain/organization.ts';
import type { QualificationKind, Skill, Volunteer, VolunteerChange } from '../domain/volunteer.ts';
import type { SealedField } from '../pii/sealed.ts';
import { batchGet } from './batch.ts';
import { keys } from './keys.ts';
import { registerPii } from './pii-registry.ts';
import { queryPage, strip, type Page } from './query.ts';
import { Repository, unchangedSince } from './repository.ts';
import type { UnitOfWork } from './unit-of-work.ts';

export type StoredVolunteer = Volunteer<SealedField>;

/** Partitions per search dimension. Four keep a division of 50k volunteers far below one partition's limits. */
export const SEARCH_SHARDS = 4;
/**
 * Pages of `limit` items a shard reads for one search page when a filter (weekday, qualification) discards some, until
 * it holds `limit` matches: the same few round trips in a division of a hundred as of fifty thousand.
 */
const MAX_FILTERED_PAGES = 8;

/** The shard of a volunteer: stable, and even over random ids. */
export function searchShard(volunteerId: string): number {
  return createHash('sha256').update(volunteerId).digest()[0]! % SEARCH_SHARDS;
}

/** What the search index keeps of a volunteer: masks, skills, weekdays and certificates. Nothing sealed. */
export interface SearchEntry {
  volunteerId: string;
  organizationId?: string;
  divisionCode: string;
  name: string;
  phone: string;
  skills: Skill[];
  weekdays: number[];
  qualifications: { kind: QualificationKind; validFrom?: string; validUntil: string }[];
}

/** The latest last day of validity of each kind on record, for the qualification filter. */
function qualificationUntil(v: Volunteer<unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const q of v.qualifications) if ((out[q.kind] ?? '') < q.validUntil) out[q.kind] = q.validUntil;
  return out;
}

const dimensionsOf = (v: Volunteer<unknown>): string[] =>
  v.consentToShare ? ['all', ...v.skills.map((s) => `skill:${s}`), ...[...new Set(v.qualifications.map((q) => q.kind))].map((k) => `qual:${k}`)] : [];

export interface VolunteerSearch {
  division: string;
  skill?: Skill | undefined;
  qualification?: QualificationKind | undefined;
  /** CST date the volunteer is usually free on (their weekdays) and, with `qualification`, the certificate is valid on. */
  availableOn?: string | undefined;
  /** The date a qualification must be valid on when no `availableOn` is given. */
  today: string;
  limit: number;
  /** The last volunteer id of the previous page. */
  after?: string | undefined;
}

export class VolunteerRepository extends Repository {
  /** The key sealed fields of a volunteer are bound to (the associated data of their ciphertext). */
  static recordKey(volunteerId: string): string {
    return keys.volunteer(volunteerId).PK;
  }

  get(volunteerId: string): Promise<StoredVolunteer | undefined> {
    return this.item<StoredVolunteer>(keys.volunteer(volunteerId));
  }

  /** The id of the volunteer record a citizen registered for themself, if they did. */
  async selfRegistered(sub: string): Promise<string | undefined> {
    return (await this.item<{ volunteerId: string }>(keys.selfVolunteer(sub)))?.volunteerId;
  }

  /** The volunteers of these ids that exist. */
  getMany(volunteerIds: readonly string[]): Promise<StoredVolunteer[]> {
    return batchGet<StoredVolunteer>(this.db, this.table, volunteerIds.map((id) => keys.volunteer(id)));
  }

  /** An organisation's roster, oldest registration first. */
  ofOrganization(organizationId: string, limit: number, cursor?: string): Promise<Page<StoredVolunteer>> {
    return queryPage(this.db, this.table, { index: 'GSI2', pk: keys.gsi.volunteersOfOrganizationPK(organizationId), sk: undefined, limit, cursor }, (i) => strip<StoredVolunteer>(i));
  }

  /**
   * One page of consenting volunteers of a division, in volunteer-id order: a skill's partitions when a skill is asked
   * for, else a qualification's, else everyone's. Each shard is read from just after the previous page's last id; a
   * shard that stopped early (its filter discarded a lot) bounds the page, so nothing between is skipped.
   */
  async search(q: VolunteerSearch): Promise<{ items: SearchEntry[]; after?: string }> {
    const dimension = q.skill ? `skill:${q.skill}` : q.qualification ? `qual:${q.qualification}` : 'all';
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    if (q.availableOn) {
      names['#wd'] = 'weekdays';
      values[':wd'] = isoWeekday(q.availableOn);
      filters.push('contains(#wd, :wd)');
    }
    if (q.qualification) {
      names['#qu'] = 'qualificationUntil';
      names['#qk'] = q.qualification;
      values[':on'] = q.availableOn ?? q.today;
      filters.push('#qu.#qk >= :on');
    }
    const filter = filters.length ? { FilterExpression: filters.join(' AND '), ExpressionAttributeNames: names } : {};
    const shards = await Promise.all(
      Array.from({ length: SEARCH_SHARDS }, (_, shard) => this.readShard(keys.volunteerSearchPK(q.division, dimension, shard), q, filter, values)),
    );
    const open = shards.filter((s) => s.horizon !== undefined).map((s) => s.horizon!);
    const horizon = open.length ? open.sort()[0] : undefined;
    const candidates = shards
      .flatMap((s) => s.items)
      .filter((e) => horizon === undefined || e.volunteerId <= horizon)
      // validFrom is not in the filter: a certificate not yet valid on the date is dropped here.
      .filter((e) => !q.qualification || e.qualifications.some((c) => c.kind === q.qualification && (c.validFrom ?? '') <= (q.availableOn ?? q.today) && c.validUntil >= (q.availableOn ?? q.today)))
      .sort((a, b) => (a.volunteerId < b.volunteerId ? -1 : 1));
    const items = candidates.slice(0, q.limit);
    const after = candidates.length > q.limit ? items.at(-1)!.volunteerId : horizon;
    return after === undefined ? { items } : { items, after };
  }

  private async readShard(
    pk: string,
    q: VolunteerSearch,
    filter: { FilterExpression?: string; ExpressionAttributeNames?: Record<string, string> },
    filterValues: Record<string, unknown>,
  ): Promise<{ items: SearchEntry[]; horizon?: string }> {
    const filtered = filter.FilterExpression !== undefined;
    const items: SearchEntry[] = [];
    let start: Record<string, unknown> | undefined = q.after ? { PK: pk, SK: q.after } : undefined;
    for (let page = 0; page < (filtered ? MAX_FILTERED_PAGES : 1); page++) {
      const r = await this.db.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': pk, ...filterValues },
          ...filter,
          Limit: q.limit,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      items.push(...(r.Items ?? []).map((i) => strip<SearchEntry & { qualificationUntil?: unknown }>(i)).map(({ qualificationUntil: _q, ...e }) => e));
      if (!r.LastEvaluatedKey) return { items };
      start = r.LastEvaluatedKey;
      if (items.length >= q.limit) break;
    }
    return { items, horizon: String(start!['SK']) };
  }

  /**
   * The head conditioned on the rev it was read at (a new one on its absence), the roster entry, the search items
   * (consenting volunteers only; a dimension the volunteer no longer has is removed), and the audit entry.
   */
  stage(uow: UnitOfWork, change: VolunteerChange<SealedField>, previous: StoredVolunteer | undefined): void {
    const v = change.volunteer;
    uow.put(
      'volunteer',
      {
        ...keys.volunteer(v.volunteerId),
        kind: 'volunteer',
        ...v,
        ...(v.organizationId ? keys.gsi.volunteersOfOrganization(v.organizationId, v.registeredAt, v.volunteerId) : {}),
      },
      // A volunteer has no status: the rev alone serialises its writers.
      previous ? { expression: '#rev = :rev', names: { '#rev': 'rev' }, values: { ':rev': previous.rev } } : unchangedSince(undefined),
    );
    // One self-registration per citizen: of two at once, exactly one commits.
    if (!previous && v.ownerSub !== undefined) {
      uow.put('self-registration', { ...keys.selfVolunteer(v.ownerSub), kind: 'self-volunteer', volunteerId: v.volunteerId }, { expression: 'attribute_not_exists(PK)' });
    }
    const shard = searchShard(v.volunteerId);
    const now = new Set(dimensionsOf(v));
    for (const gone of previous ? dimensionsOf(previous).filter((d) => !now.has(d)) : []) {
      uow.delete('volunteer-search', keys.volunteerSearch(previous!.divisionCode, gone, shard, v.volunteerId));
    }
    if (now.size > 0) {
      const entry: SearchEntry & { qualificationUntil: Record<string, string> } = {
        volunteerId: v.volunteerId,
        ...(v.organizationId ? { organizationId: v.organizationId } : {}),
        divisionCode: v.divisionCode,
        name: v.personal.name.mask,
        phone: v.personal.phone.mask,
        skills: v.skills,
        weekdays: v.availability.weekdays,
        qualifications: v.qualifications.map((q) => ({ kind: q.kind, ...(q.validFrom ? { validFrom: q.validFrom } : {}), validUntil: q.validUntil })),
        qualificationUntil: qualificationUntil(v),
      };
      for (const dimension of now) uow.put('volunteer-search', { ...keys.volunteerSearch(v.divisionCode, dimension, shard, v.volunteerId), kind: 'volunteer-search', ...entry });
    }
    uow.audit({ entity: 'volunteer', entityId: v.volunteerId, entityPK: keys.volunteer(v.volunteerId).PK, division: v.divisionCode, ...change.change });
    // --- PII registry (rule 16, shared/store/pii-registry.ts): a new volunteer's sealed identity and contact, under the
    // scope they were sealed for (their division's register), so erasing a scope needs no Scan either.
    if (!previous) {
      registerPii(uow, {
        incidentId: v.personal.phone.incidentId,
        purpose: v.personal.phone.purpose,
        recordKind: 'volunteer',
        recordKey: keys.volunteer(v.volunteerId),
        blindIndexKeys: [],
        contactField: 'personal.phone',
      });
    }
    // --- end PII registry
  }
}
