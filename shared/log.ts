// One structured logger per process. Log codes, ids and counts; never request bodies or personal data.
//
// On Lambda the function runs with the JSON log format and an application log level (infra/aws/constructs/
// platform-function.ts): the runtime writes each console call as {"timestamp","level","requestId","message"}, adds the
// invocation's request id itself and drops calls below the level. So this logger hands the runtime one object per
// line, {message, service, ...keys, ...fields}, which lands as structured JSON under "message". Elsewhere (local host,
// tests, npm run invoke) it writes the same record as one JSON line itself, with a timestamp and level. Chosen over
// Powertools Logger by the figures of `npm run bench` (the logger section): same fields, less to load at cold start.
import type { MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';

export type Fields = Record<string, unknown>;

const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, CRITICAL: 50, SILENT: 100 } as const;
type Level = Exclude<keyof typeof LEVELS, 'SILENT'>;

function threshold(env: NodeJS.ProcessEnv): number {
  // AWS_LAMBDA_LOG_LEVEL is the function's application log level; the others are for the local host and tests.
  const name = (env['AWS_LAMBDA_LOG_LEVEL'] ?? env['LOG_LEVEL'] ?? env['POWERTOOLS_LOG_LEVEL'] ?? 'INFO').toUpperCase();
  return LEVELS[name as keyof typeof LEVELS] ?? LEVELS.INFO;
}

const CONSOLE: Record<Level, 'debug' | 'info' | 'warn' | 'error'> = { DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error', CRITICAL: 'error' };

export class Logger {
  private keys: Fields = {};
  private readonly min: number;
  private readonly service: string;
  /** Lambda's JSON log format: the runtime adds timestamp, level and request id to what console methods get. */
  readonly runtimeFormats: boolean;

  constructor(opts: { service: string; env?: NodeJS.ProcessEnv }) {
    const env = opts.env ?? process.env;
    this.service = opts.service;
    this.min = threshold(env);
    this.runtimeFormats = env['AWS_LAMBDA_LOG_FORMAT'] === 'JSON';
  }

  debug(message: string, fields?: Fields): void {
    this.write('DEBUG', message, fields);
  }

  info(message: string, fields?: Fields): void {
    this.write('INFO', message, fields);
  }

  warn(message: string, fields?: Fields): void {
    this.write('WARN', message, fields);
  }

  error(message: string, fields?: Fields): void {
    this.write('ERROR', message, fields);
  }

  critical(message: string, fields?: Fields): void {
    this.write('CRITICAL', message, fields);
  }

  /** Keys every later line of this invocation carries (the API request id, the route). */
  appendKeys(keys: Fields): void {
    Object.assign(this.keys, keys);
  }

  resetKeys(): void {
    this.keys = {};
  }

  private write(level: Level, message: string, fields: Fields | undefined): void {
    if (LEVELS[level] < this.min) return;
    const record: Fields = { message, service: this.service, ...this.keys, ...fields };
    if (level === 'CRITICAL') record['severity'] = 'critical';
    if (this.runtimeFormats) {
      console[CONSOLE[level]](record);
      return;
    }
    const line = JSON.stringify({ timestamp: new Date().toISOString(), level, ...record });
    (LEVELS[level] >= LEVELS.WARN ? process.stderr : process.stdout).write(`${line}\n`);
  }
}

export const logger = new Logger({ service: process.env['POWERTOOLS_SERVICE_NAME'] ?? 'emergency-platform' });

/**
 * Middy middleware: each invocation starts with no keys but the Lambda request id where the runtime does not add it
 * (outside Lambda's JSON format), so nothing of one request leaks into the next one's lines.
 */
export function logContext(log: Logger = logger): MiddlewareObj<unknown, unknown, Error, Context> {
  return {
    before: (request) => {
      log.resetKeys();
      if (!log.runtimeFormats && request.context?.awsRequestId) log.appendKeys({ lambdaRequestId: request.context.awsRequestId });
    },
  };
}
