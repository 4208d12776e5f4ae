// Lambda wiring of the outbox relay: DynamoDB stream -> SNS, with partial batch failure reporting.
import middy from '@middy/core';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { relayBatch, tableLedger } from '../../shared/alerts/outbox.ts';
import { noticeSender, snsSms, withPiiNotices } from '../../shared/alerts/pii-notice.ts';
import { snsPublisher } from '../../shared/alerts/sns.ts';
import { snsClient, topicSettings } from '../../shared/alerts/sns-client.ts';
import { readConfig, tableSettings } from '../../shared/config.ts';
import { logContext } from '../../shared/log.ts';
import { piiVault } from '../../shared/pii/vault.ts';
import { documentClient } from '../../shared/store/client.ts';

const config = readConfig({ ...tableSettings, ...topicSettings });
// Notices after a response (PIPL Art 18) go to their one phone, opened through the vault at publish time; the rest to the topic.
const publisher = withPiiNotices(snsPublisher(snsClient(), config.TOPIC_ARN), noticeSender({ db: documentClient(), table: config.TABLE_NAME, vault: piiVault, sms: snsSms(snsClient()) }));
const ledger = tableLedger(documentClient(), config.TABLE_NAME);
const metrics = new Metrics({ namespace: 'EmergencyPlatform', serviceName: 'outbox-relay' });

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>(async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  const r = await relayBatch(event.Records, publisher, ledger);
  metrics.addMetric('AlertsPublished', MetricUnit.Count, r.published);
  metrics.addMetric('AlertsRetried', MetricUnit.Count, r.batchItemFailures.length);
  return { batchItemFailures: r.batchItemFailures };
})
  .use(logContext())
  .use(logMetrics(metrics));
