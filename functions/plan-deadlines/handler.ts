// Scheduled daily (EventBridge Scheduler): flags plans whose filing deadline has passed.
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { tableConfig } from '../../shared/config.ts';
import { logger } from '../../shared/log.ts';
import { documentClient } from '../../shared/store/client.ts';
import { sweepFilingDeadlines, type SweepResult } from './sweep.ts';

const config = tableConfig();

export const handler = middy<{ time?: string }, SweepResult>(async (event: { time?: string }, context: Context): Promise<SweepResult> => {
  const now = event?.time ? new Date(event.time) : new Date();
  return sweepFilingDeadlines(documentClient(), config.TABLE_NAME, now, context.awsRequestId);
}).use(injectLambdaContext(logger, { resetKeys: true }));
