// Fresh-process init time: a new `node` imports the bundle and reports how long the import took, as a Lambda
// cold start's init phase does (without the runtime's own bootstrap, which is the same for every function).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** The environment each function's configuration needs; nothing of the parent's (npm_* and the like) leaks in. */
export const INIT_ENV: Record<string, string> = {
  PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  TABLE_NAME: 'x',
  TOPIC_ARN: 'arn:aws:sns:cn-north-1:000000000000:x',
  AWS_REGION: 'cn-north-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};

const PROBE = [
  'const t0 = process.hrtime.bigint();',
  'await import(process.argv[1]);',
  'const ms = Number(process.hrtime.bigint() - t0) / 1e6;',
  'process.stdout.write(JSON.stringify({ ms }));',
].join('\n');

/** Imports `bundlePath` in a fresh node process and returns the milliseconds the import took. */
export function importTimeMs(bundlePath: string, nodeFlags: string[] = []): number {
  const r = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', PROBE, pathToFileURL(bundlePath).href], {
    env: INIT_ENV,
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`importing ${bundlePath} exited with ${r.status ?? r.signal}:\n${r.stderr.slice(-2000)}`);
  const parsed = JSON.parse(r.stdout) as { ms?: unknown };
  if (typeof parsed.ms !== 'number') throw new Error(`unexpected probe output for ${bundlePath}: ${r.stdout.slice(0, 200)}`);
  return parsed.ms;
}
