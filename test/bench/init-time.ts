// Fresh-process init time: a new `node` imports the bundle and reports how long the import took, as a Lambda
// cold start's init phase does (without the runtime's own bootstrap, which is the same for every function): wall time,
// and the process's CPU time over the import, which other work on a busy machine disturbs far less.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/** The environment each function's configuration needs; nothing of the parent's (npm_* and the like) leaks in. */
export const INIT_ENV: Record<string, string> = {
  PATH: process.env['PATH'] ?? '/usr/bin:/bin',
  TABLE_NAME: 'x',
  TOPIC_ARN: 'arn:aws:sns:cn-north-1:000000000000:x',
  AWS_REGION: 'cn-north-1',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  // The OIDC authorizer's settings (it reads them at init); no request is made to them.
  OIDC_ISSUER: 'https://issuer.example.org',
  OIDC_AUDIENCE: 'emergency-platform-api',
  OIDC_JWKS_URL: 'https://issuer.example.org/.well-known/jwks.json',
};

const PROBE = [
  'const c0 = process.cpuUsage();',
  'const t0 = process.hrtime.bigint();',
  'await import(process.argv[1]);',
  'const ms = Number(process.hrtime.bigint() - t0) / 1e6;',
  'const c = process.cpuUsage(c0);',
  'process.stdout.write(JSON.stringify({ ms, cpuMs: (c.user + c.system) / 1000 }));',
].join('\n');

export interface InitSample {
  /** Wall-clock milliseconds of the import. */
  ms: number;
  /** CPU milliseconds (user + system, all threads) of the import. */
  cpuMs: number;
}

/** Imports `bundlePath` in a fresh node process and returns how long the import took. */
export function importTime(bundlePath: string, nodeFlags: string[] = [], env: Record<string, string> = {}): InitSample {
  const r = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', PROBE, pathToFileURL(bundlePath).href], {
    env: { ...INIT_ENV, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`importing ${bundlePath} exited with ${r.status ?? r.signal}:\n${r.stderr.slice(-2000)}`);
  const parsed = JSON.parse(r.stdout) as Partial<InitSample>;
  if (typeof parsed.ms !== 'number' || typeof parsed.cpuMs !== 'number') throw new Error(`unexpected probe output for ${bundlePath}: ${r.stdout.slice(0, 200)}`);
  return { ms: parsed.ms, cpuMs: parsed.cpuMs };
}

/** Wall-clock milliseconds only. */
export const importTimeMs = (bundlePath: string, nodeFlags: string[] = []): number => importTime(bundlePath, nodeFlags).ms;
