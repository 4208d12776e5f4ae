// Publishes an alert to the SNS topic with the attributes subscriptions filter on.
import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { Alert, AlertPublisher } from './outbox.ts';

export function messageAttributes(alert: Alert) {
  return {
    type: { DataType: 'String', StringValue: alert.type },
    division: { DataType: 'String', StringValue: alert.division },
    category: { DataType: 'String', StringValue: alert.category },
    level: { DataType: 'String', StringValue: alert.level },
  };
}

export function snsPublisher(sns: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(alert) {
      await sns.send(
        new PublishCommand({
          TopicArn: topicArn,
          Message: JSON.stringify(alert),
          MessageAttributes: messageAttributes(alert),
        }),
      );
    },
  };
}
