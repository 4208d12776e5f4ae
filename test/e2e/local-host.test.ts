// The local host as a newcomer uses it: `npm start` prints the URL and the token command, keeps data across a
// restart and leaves no Java process behind on SIGTERM; a Ctrl-C right after the start stops cleanly; a second start on
// a taken port or on data in use says what to set in one line; the token tool prints only a JWT; no Java -> clear exit;
// `npm run invoke` with a wrong function or file says so in one line.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../infra/local/dynamo.ts';

const root = resolve(import.meta.dirname, '../..');
const tsx = join(root, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'erp-host-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function javaProcessesFor(dir: string): string[] {
  const r = spawnSync('pgrep', ['-af', 'DynamoDBLocal'], { encoding: 'utf8' });
  return (r.stdout ?? '').split('\n').filter((l) => l.includes(dir));
}

/** `npm start`; `detached` gives it a process group of its own, as a terminal does, for a Ctrl-C to the whole group. */
async function startHost(port: number, o: { detached?: boolean; dir?: string } = {}): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(tsx, ['infra/local/main.ts'], { cwd: root, env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: o.dir ?? dataDir }, stdio: 'pipe', detached: o.detached ?? false });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const deadline = Date.now() + 45_000;
  while (!out.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null) throw new Error(`host exited early:\n${out}`);
    if (Date.now() > deadline) throw new Error(`host did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out };
}

async function stopHost(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  return exited;
}

function token(args: string[]) {
  return spawnSync(tsx, ['infra/local/token.ts', ...args], { cwd: root, env: { ...process.env, LOCAL_DATA_DIR: dataDir }, encoding: 'utf8' });
}

describe('npm start', () => {
  it('prints the URL and the token command, keeps data across a restart, and stops DynamoDB Local on SIGTERM', async () => {
    // Prepare
    const port = await freePort();
    const first = await startHost(port);
    expect(first.output()).toContain(`http://127.0.0.1:${port}/v1`);
    expect(first.output()).toContain('npm run --silent token -- --role office --division 110105 --level county');
    const jwt = token(['--role', 'office', '--division', '110105', '--level', 'county']).stdout.trim();

    // Act
    const created = await fetch(`http://127.0.0.1:${port}/v1/plans`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        title: 'Restart survivor',
        type: 'overall',
        category: 'accident',
        divisionCode: '110105',
        responseLevels: { IV: { thresholds: { deaths: 1 }, measures: ['Open shelters'] } },
      }),
    });
    expect(created.status).toBe(201);
    const { planId } = (await created.json()) as { planId: string };
    expect(await stopHost(first.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);

    const second = await startHost(port);
    const read = await fetch(`http://127.0.0.1:${port}/v1/plans/${planId}`, { headers: { Authorization: `Bearer ${jwt}` } });

    // Assess
    expect(read.status).toBe(200);
    expect(((await read.json()) as { title: string }).title).toBe('Restart survivor');
    expect(await stopHost(second.child)).toBe(0);
    expect(javaProcessesFor(dataDir)).toEqual([]);
  });
});

describe('npm run token', () => {
  it('prints only a signed JWT', () => {
    const r = token(['--role', 'org', '--org', 'org-7', '--sub', 'user-7']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = JSON.parse(Buffer.from(r.stdout.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ sub: 'user-7', 'cognito:groups': 'org', 'custom:org_id': 'org-7' });
  });

  it('refuses an unknown role or an office without division and level', () => {
    expect(token(['--role', 'mayor']).status).toBe(2);
    const r = token(['--role', 'office', '--division', '110105']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--level');
  });
});

describe('without Java', () => {
  it('says how to install it and exits non-zero', () => {
    const r = spawnSync(process.execPath, ['infra/local/ensure-java.mjs'], {
      cwd: root,
      env: { PATH: '/nonexistent', SKIP_JAVA_INSTALL: '1' },
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('openjdk-17-jre-headless');
  });
});

/** What a terminal's Ctrl-C does: SIGINT to every process of the foreground group (npm, tsx, node and, unless it has a group of its own, Java). */
async function ctrlC(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  process.kill(-child.pid!, 'SIGINT');
  return exited;
}

/** Runs `npm start` to its end (it is expected to refuse to start). */
function startRefused(env: Record<string, string>) {
  return spawnSync(tsx, ['infra/local/main.ts'], { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
}

async function holdPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  const port = await new Promise<number>((ok) => server.listen(0, '127.0.0.1', () => ok((server.address() as { port: number }).port)));
  return { port, server };
}

describe('npm start stopped right after it started', () => {
  it('stops the relay and the job before DynamoDB Local: no stray warnings, exit 0, no Java left', async () => {
    // Prepare: data with an alert in the outbox, so the relay has work when the host starts again
    const dir = mkdtempSync(join(tmpdir(), 'erp-host-ctrlc-'));
    try {
      const port = await freePort();
      const first = await startHost(port, { dir });
      const jwt = spawnSync(tsx, ['infra/local/token.ts', '--role', 'office', '--division', '110105', '--level', 'county'], { cwd: root, env: { ...process.env, LOCAL_DATA_DIR: dir }, encoding: 'utf8' }).stdout.trim();
      const auth = { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' };
      const plan = await fetch(`http://127.0.0.1:${port}/v1/plans`, { method: 'POST', headers: auth, body: JSON.stringify({ title: 'Ctrl-C plan', type: 'overall', category: 'accident', divisionCode: '110105', responseLevels: { IV: { thresholds: { deaths: 1 }, measures: ['Open shelters'] } } }) });
      const { planId } = (await plan.json()) as { planId: string };
      for (const action of ['submit', 'approve', 'publish']) {
        expect((await fetch(`http://127.0.0.1:${port}/v1/plans/${planId}/transitions`, { method: 'POST', headers: auth, body: JSON.stringify({ action }) })).status).toBe(200);
      }
      expect(await stopHost(first.child)).toBe(0);

      // Act: start in a group of its own, as from a terminal, and press Ctrl-C as soon as it says it runs
      const second = await startHost(port, { dir, detached: true });
      const code = await ctrlC(second.child);

      // Assess
      const after = second.output().slice(second.output().indexOf('Press Ctrl-C to stop.'));
      expect(code).toBe(0);
      expect(after).toContain('SIGINT: stopping the API, the outbox relay and DynamoDB Local...');
      expect(after).toContain('stopped.');
      expect(after).not.toMatch(/outbox:|failed|not published|"level":"(WARN|ERROR)"|DynamoDB Local stopped/);
      expect(javaProcessesFor(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a second npm start', () => {
  it('on a port in use says to set PORT in one line, exits non-zero and starts no DynamoDB Local', async () => {
    const { port, server } = await holdPort();
    const dir = mkdtempSync(join(tmpdir(), 'erp-host-busy-'));
    try {
      const r = startRefused({ PORT: String(port), LOCAL_DATA_DIR: dir });

      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([`Port ${port} is already in use (another npm start?): set PORT to a free port, e.g. PORT=${port + 1} npm start.`]);
      expect(javaProcessesFor(dir)).toEqual([]);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with DYNAMODB_PORT in use says to set DYNAMODB_PORT in one line and exits non-zero', async () => {
    const { port, server } = await holdPort();
    const dir = mkdtempSync(join(tmpdir(), 'erp-host-busy-db-'));
    try {
      const r = startRefused({ PORT: String(await freePort()), DYNAMODB_PORT: String(port), LOCAL_DATA_DIR: dir });

      expect(r.status).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([`DYNAMODB_PORT ${port} is already in use: set DYNAMODB_PORT to a free port, or leave it unset to get one.`]);
      expect(javaProcessesFor(dir)).toEqual([]);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('on data another npm start is serving refuses in one line, naming LOCAL_DATA_DIR and PORT', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'erp-host-inuse-'));
    try {
      // A running host's runtime file: this test process stands in for it (its pid is alive)
      writeFileSync(join(dir, 'runtime.json'), JSON.stringify({ pid: process.pid, dynamoEndpoint: 'http://127.0.0.1:1', tableName: 't', snsEndpoint: 'http://127.0.0.1:1', topicArn: 'x', url: 'http://127.0.0.1:3000' }));
      const r = startRefused({ PORT: String(await freePort()), LOCAL_DATA_DIR: dir });

      expect(r.status).toBe(1);
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`npm start is already running on this data (${dir}, pid ${process.pid}, http://127.0.0.1:3000)`);
      expect(lines[0]).toContain('LOCAL_DATA_DIR and PORT');
      expect(javaProcessesFor(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('npm run invoke with a wrong function or file', () => {
  const invoke = (...args: string[]) => spawnSync(tsx, ['infra/local/invoke.ts', ...args], { cwd: root, env: { ...process.env, LOCAL_DATA_DIR: dataDir }, encoding: 'utf8', timeout: 60_000 });
  const cases: [string, string[], RegExp][] = [
    ['an unknown function', ['plan', 'events/api/getPlan.json'], /^invoke: no function or job named 'plan' \(one of: health, plans, .*\)\.$/],
    ['a missing event file', ['plans', 'events/api/noSuchEvent.json'], /^invoke: no event file events\/api\/noSuchEvent\.json\.$/],
    ['a file that is not JSON', ['plans', 'README.md'], /^invoke: README\.md is not a JSON file\.$/],
    ['JSON that is no API Gateway event', ['plans', 'package.json'], /^invoke: package\.json is not an API Gateway event of a route/],
    ['the event of another function', ['plans', 'events/api/reportIncident.json'], /^invoke: events\/api\/reportIncident\.json is POST \/v1\/incidents, a route of incidents, not of plans: npm run invoke -- incidents events\/api\/reportIncident\.json$/],
    ['an API event for the relay', ['outbox-relay', 'events/api/health.json'], /^invoke: events\/api\/health\.json is not a DynamoDB stream event/],
    ['--at for a function that is no job', ['plans', '--at', '2026-12-01T09:00:00+08:00'], /^invoke: --at runs a scheduled job; 'plans' is not one/],
  ];

  it.each(cases)('prints one line and no stack for %s, and exits 2', (_what, args, line) => {
    const r = invoke(...args);

    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
