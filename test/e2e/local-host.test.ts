// The local host as a newcomer uses it: `npm start` prints the URL and the token command, keeps data across a
// restart and leaves no Java process behind on SIGTERM; the token tool prints only a JWT; no Java -> clear exit.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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

async function startHost(port: number): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(tsx, ['infra/local/main.ts'], { cwd: root, env: { ...process.env, PORT: String(port), LOCAL_DATA_DIR: dataDir }, stdio: 'pipe' });
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
