// Powertools Logger against Lambda's own JSON log format, run in its own process by run.ts (`node --import tsx`).
// Both loggers write the same fields per line: level, timestamp, request id, service, the API request id and route,
// and the call's structured fields. Lambda's runtime is simulated as it formats console calls under LoggingFormat.JSON
// (one {"timestamp","level","requestId","message"} line per call, the single argument as "message"). Logs go to stdout,
// which run.ts points at /dev/null; the result is the last line on stderr.
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { Logger } from '../../shared/log.ts';
import { lambdaContext } from '../../infra/local/lambda-context.ts';
import { summarize, type Summary } from './stats.ts';

export interface LoggerResult {
  calls: number;
  /** Microseconds per `logger.info('request refused', { code, status })`, with the invocation's keys appended. */
  powertools: Summary & { bytesPerLine: number };
  lambdaJson: Summary & { bytesPerLine: number };
}

const N = Number(process.env['BENCH_LOGGER_CALLS'] ?? 20_000);
const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef';

/** What Lambda's Node.js runtime does to console methods under the JSON log format (aws-lambda-nodejs-runtime-interface-client). */
function patchConsoleAsLambdaJson(): void {
  const levels = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', log: 'INFO' } as const;
  for (const [method, level] of Object.entries(levels)) {
    (console as unknown as Record<string, (m: unknown) => void>)[method] = (message: unknown) => {
      process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level, requestId: REQUEST_ID, message })}\n`);
    };
  }
}

/** Bytes one call writes: the line captured once through a swapped stdout.write. */
function lineBytes(call: () => void): number {
  const write = process.stdout.write.bind(process.stdout);
  let bytes = 0;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    bytes += Buffer.byteLength(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    call();
  } finally {
    process.stdout.write = write;
  }
  return bytes;
}

function time(call: () => void): Summary {
  for (let i = 0; i < 2000; i++) call();
  const out: number[] = [];
  for (let i = 0; i < N; i++) {
    const t0 = process.hrtime.bigint();
    call();
    out.push(Number(process.hrtime.bigint() - t0) / 1e3);
  }
  return summarize(out);
}

function main(): LoggerResult {
  const keys = { requestId: 'api-7d2f0c1e', route: 'POST /v1/plans' };
  const fields = { code: 'validation-failed', status: 400 };

  const powertools = new PowertoolsLogger({ serviceName: 'plans', logLevel: 'INFO' });
  powertools.addContext(lambdaContext('plans'));
  powertools.appendKeys(keys);
  const pCall = () => powertools.info('request refused', fields);

  patchConsoleAsLambdaJson();
  const own = new Logger({ service: 'plans', env: { AWS_LAMBDA_LOG_FORMAT: 'JSON', AWS_LAMBDA_LOG_LEVEL: 'INFO' } });
  own.appendKeys(keys);
  const oCall = () => own.info('request refused', fields);

  // Alternating halves, so that drift hits both alike.
  const p1 = time(pCall);
  const o1 = time(oCall);
  const p2 = time(pCall);
  const o2 = time(oCall);
  const pick = (a: Summary, b: Summary): Summary => (a.p50 <= b.p50 ? a : b);
  return {
    calls: N,
    powertools: { ...pick(p1, p2), bytesPerLine: lineBytes(pCall) },
    lambdaJson: { ...pick(o1, o2), bytesPerLine: lineBytes(oCall) },
  };
}

try {
  process.stderr.write(`${JSON.stringify(main())}\n`);
} catch (err) {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
}
