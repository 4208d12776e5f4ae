// Logger baseline B: the platform's own logger (shared/log.ts) with its middy middleware, and nothing else.
import { logContext, logger } from '../../../shared/log.ts';

export const middleware = logContext(logger);
export const handler = async () => ({ statusCode: 200, body: typeof middleware.before });
