// One structured logger per process. Log codes, ids and counts; never request bodies or personal data.
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'emergency-platform' });
