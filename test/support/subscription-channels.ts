// Alert subscriptions as SNS sees them: the subscriptions of one endpoint share one SNS subscription (their channel),
// so the local sink records deliveries under that SNS subscription's id. Maps an API subscription to it.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/store/keys.ts';

/** The id (last part of the ARN) of the SNS subscription that delivers for this API subscription, as deliveries name it. */
export async function snsSubscriptionIdOf(db: DynamoDBDocumentClient, table: string, subscriptionId: string): Promise<string> {
  const sub = (await db.send(new GetCommand({ TableName: table, Key: keys.subscription(subscriptionId), ConsistentRead: true }))).Item;
  if (!sub) throw new Error(`no subscription ${subscriptionId}`);
  const channel = (await db.send(new GetCommand({ TableName: table, Key: keys.subscriptionChannel(sub['channelId'] as string), ConsistentRead: true }))).Item;
  if (!channel) throw new Error(`subscription ${subscriptionId} has no channel`);
  const arn = channel['subscriptionArn'] as string;
  return arn.slice(arn.lastIndexOf(':') + 1);
}
