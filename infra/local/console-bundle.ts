// Builds the web console (web/) with esbuild into a directory of static files: index.html, hashed assets, favicon.
// Used by the local host (built on start when any web/ source is newer than the build), by the CDK console stack at
// synth (offline, like NodejsFunction) and by the benchmark. Also the console's Content-Security-Policy, one for both hosts.
import { build, buildSync, type BuildOptions, type Metafile } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { signInOrigins, type SignInSettings } from '../../web/src/auth/settings.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WEB_DIR = join(REPO_ROOT, 'web');
/** Git-ignored (.local/): the local host's build. Each build is a directory; `current.json` names the live one. */
export const LOCAL_BUILD_DIR = join(REPO_ROOT, '.local', 'console');

export interface ConsoleBuild {
  /** Directory holding index.html, favicon.svg and assets/. */
  dir: string;
  /** URL paths, e.g. /assets/main-ABC.js. */
  script: string;
  styles: string;
  /** The JavaScript a first visit loads before anything renders: the entry and its static imports (not lazy chunks). */
  initialJs: string[];
  /** Every file of the build, as URL paths. */
  files: string[];
  /** Newest source change the build was made from (see sourceStamp). */
  sourceStamp: string;
  builtAt: string;
}

/**
 * The console's CSP on every host: scripts and styles only from the console's own origin (no inline script or style,
 * so no 'unsafe-inline'), the API on the same origin, no framing. A base-map tile origin is added only when set, and
 * the sign-in provider's token (and revocation) endpoints to connect-src when the host signs in through one: the
 * Cognito domains on AWS (deploy-time values, so the CDK passes them as tokens), or the OIDC issuer's.
 */
export function consoleCsp(tileOrigin?: string | null, signIn?: SignInSettings): string {
  const connect = signIn ? signInOrigins(signIn) : [];
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self'${tileOrigin ? ` ${tileOrigin}` : ''}`,
    `connect-src 'self'${connect.map((o) => ` ${o}`).join('')}`,
    "font-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The origin of a tile URL template (`https://t0.example.cn/...{z}/{x}/{y}`), for the CSP; undefined when unset. */
export function tileOriginOf(template: string | null | undefined): string | undefined {
  if (!template) return undefined;
  const u = new URL(template.replace(/\{[a-z]\}/g, '0'));
  if (u.protocol !== 'https:') throw new Error('the base-map tile URL must use https');
  return u.origin;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

/** Newest modification time and the set of source files: a changed, added or removed file changes the stamp. */
export function sourceStamp(webDir = WEB_DIR): string {
  const files = walk(webDir).sort();
  const newest = Math.max(0, ...files.map((f) => statSync(f).mtimeMs));
  let hash = 0;
  for (const f of files) for (const c of relative(webDir, f)) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return `${Math.round(newest)}:${files.length}:${hash >>> 0}`;
}

function readCurrent(outRoot: string): ConsoleBuild | undefined {
  try {
    const b = JSON.parse(readFileSync(join(outRoot, 'current.json'), 'utf8')) as ConsoleBuild;
    return existsSync(join(b.dir, 'index.html')) ? b : undefined;
  } catch {
    return undefined;
  }
}

/** The JavaScript loaded before first render: the entry output and, transitively, what it imports statically. */
function initialJsOf(meta: Metafile, entryOut: string, outBase: string): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const imp of meta.outputs[file]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entryOut);
  return [...seen].map((f) => `/${relative(outBase, join(REPO_ROOT, f)).split('\\').join('/')}`);
}

function buildOptions(dir: string, webDir: string): BuildOptions & { metafile: true } {
  return {
    entryPoints: { main: join(webDir, 'src', 'main.tsx'), app: join(webDir, 'styles', 'app.css') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome111', 'firefox111', 'safari16'],
    outdir: join(dir, 'assets'),
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    minify: true,
    sourcemap: 'linked',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(webDir, 'tsconfig.json'),
    charset: 'utf8',
    legalComments: 'none',
    metafile: true,
    absWorkingDir: REPO_ROOT,
    // Packages come from the repository, wherever the web sources sit (tests build a copy of them).
    nodePaths: [join(REPO_ROOT, 'node_modules')],
    logLevel: 'silent',
  };
}

/** After esbuild: the static files beside the bundle, index.html pointing at the hashed names, the manifest. */
function finish(meta: Metafile, dir: string, webDir: string, stamp: string): ConsoleBuild {
  const outputs = Object.entries(meta.outputs);
  const entry = (name: string, ext: string) => {
    const hit = outputs.find(([f, o]) => o.entryPoint !== undefined && f.endsWith(ext) && basename(f).startsWith(`${name}-`));
    if (!hit) throw new Error(`console build: no output for ${name}${ext}`);
    return hit[0];
  };
  const mainOut = entry('main', '.js');
  const cssOut = entry('app', '.css');
  const urlOf = (f: string) => `/${relative(dir, join(REPO_ROOT, f)).split('\\').join('/')}`;
  cpSync(join(webDir, 'public'), dir, { recursive: true });
  const html = readFileSync(join(webDir, 'index.html'), 'utf8').replace('{{script}}', urlOf(mainOut)).replace('{{styles}}', urlOf(cssOut));
  writeFileSync(join(dir, 'index.html'), html);
  const files = walk(dir).map((f) => `/${relative(dir, f).split('\\').join('/')}`);
  return {
    dir,
    script: urlOf(mainOut),
    styles: urlOf(cssOut),
    initialJs: initialJsOf(meta, mainOut, dir),
    files,
    sourceStamp: stamp,
    builtAt: new Date().toISOString(),
  };
}

/** Builds the console into `dir` (emptied first). */
export async function buildConsoleInto(dir: string, webDir = WEB_DIR): Promise<ConsoleBuild> {
  const stamp = sourceStamp(webDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build(buildOptions(dir, webDir));
  return finish(result.metafile, dir, webDir, stamp);
}

/** The same, synchronously: for CDK, whose constructs (and asset bundling) cannot wait. */
export function buildConsoleIntoSync(dir: string, webDir = WEB_DIR): ConsoleBuild {
  const stamp = sourceStamp(webDir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = buildSync(buildOptions(dir, webDir));
  return finish(result.metafile, dir, webDir, stamp);
}

export function isStale(outRoot = LOCAL_BUILD_DIR, webDir = WEB_DIR): boolean {
  const current = readCurrent(outRoot);
  return !current || current.sourceStamp !== sourceStamp(webDir);
}

/**
 * The current local build, made first when missing or older than the sources. Each build goes to its own directory
 * and `current.json` is replaced by rename, so a server reading the previous build (or another test process building
 * at the same time) never sees half a build.
 */
export async function ensureConsoleBuilt(outRoot = LOCAL_BUILD_DIR, webDir = WEB_DIR): Promise<ConsoleBuild> {
  const current = readCurrent(outRoot);
  if (current && current.sourceStamp === sourceStamp(webDir)) return current;
  mkdirSync(outRoot, { recursive: true });
  const id = `build-${Date.now()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const built = await buildConsoleInto(join(outRoot, id), webDir);
  const tmp = join(outRoot, `current.json.${id}`);
  writeFileSync(tmp, JSON.stringify(built, null, 2));
  renameSync(tmp, join(outRoot, 'current.json'));
  // Keep the newest few builds: a page loaded from the previous one can still fetch its lazy chunks.
  const builds = readdirSync(outRoot)
    .filter((n) => n.startsWith('build-') && statSync(join(outRoot, n)).isDirectory())
    .map((n) => ({ n, t: statSync(join(outRoot, n)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  for (const old of builds.slice(3)) if (join(outRoot, old.n) !== built.dir) rmSync(join(outRoot, old.n), { recursive: true, force: true });
  return built;
}
