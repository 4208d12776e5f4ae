// What a state change leaves behind besides the new state: an audit entry and, when something must be announced,
// a domain event. The store turns events into outbox items in one place (shared/store/unit-of-work.ts).

/** What changed, for the audit trail. */
export interface Change {
  action: string;
  from: string | null;
  to: string;
  reason?: string;
}

/**
 * An announcement. `type`, `division`, `category` and `level` become the SNS message attributes subscriptions filter
 * on ('none' where there is no level); `attributes` adds more (e.g. `org`, `exercise`). An event type extends this
 * with its own fields (ids, codes, levels, counts), which become the payload.
 * Never personal data: ids, codes, levels and counts only.
 */
export interface DomainEvent {
  type: string;
  division: string;
  category: string;
  level: string;
  attributes?: Record<string, string>;
}
