// Logger baseline A: Powertools Logger with its middy middleware, as the functions used it, and nothing else.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';

export const logger = new Logger({ serviceName: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'bench' });
export const middleware = injectLambdaContext(logger, { resetKeys: true });
export const handler = async () => ({ statusCode: 200, body: typeof middleware.before });
