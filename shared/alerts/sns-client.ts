// One SNS client per process, configured once; the alerts topic for the functions that publish or subscribe.
import { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod/mini';
import { readConfig } from '../config.ts';

/** Settings of the SNS client; only the local host sets SNS_ENDPOINT (its local SNS). */
export const snsSettings = {
  SNS_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'cn-north-1'),
};

/** The alerts topic: required by the functions that use it, so a missing one fails at start with its name. */
export const topicSettings = {
  TOPIC_ARN: z.string().check(z.regex(/^arn:aws[\w-]*:sns:[\w-]+:\d{12}:[\w-]{1,256}$/, 'an SNS topic ARN')),
};

let client: SNSClient | undefined;

export function snsClient(): SNSClient {
  if (!client) {
    const cfg = readConfig(snsSettings);
    client = new SNSClient({
      region: cfg.AWS_REGION,
      maxAttempts: 3,
      ...(cfg.SNS_ENDPOINT ? { endpoint: cfg.SNS_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
    });
  }
  return client;
}

/** The local host calls this when it points the process at another local SNS. */
export function resetSnsClientForTests(): void {
  client?.destroy();
  client = undefined;
}
