// What every repository shares: the client and table, consistent reads of one item, and the write condition of an
// entity read at a rev and state.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Key } from './keys.ts';
import { strip } from './query.ts';
import type { Condition } from './unit-of-work.ts';

export abstract class Repository {
  protected readonly db: DynamoDBDocumentClient;
  protected readonly table: string;

  constructor(db: DynamoDBDocumentClient, table: string) {
    this.db = db;
    this.table = table;
  }

  /** One item, read consistently, as the entity it stores. */
  protected async item<T>(key: Key): Promise<T | undefined> {
    const r = await this.db.send(new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }));
    return r.Item ? strip<T>(r.Item) : undefined;
  }
}

/**
 * The condition on an entity's write: new (no item yet), or unchanged since it was read at this rev and status. The rev
 * alone serialises writers; the status is checked too so a write never lands on a state it was not decided on.
 */
export function unchangedSince(previous: { rev: number; status: string } | undefined): Condition {
  return previous
    ? { expression: '#rev = :rev AND #status = :status', names: { '#rev': 'rev', '#status': 'status' }, values: { ':rev': previous.rev, ':status': previous.status } }
    : { expression: 'attribute_not_exists(PK)' };
}
