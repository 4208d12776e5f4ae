// Bundles a Lambda entry the way infra/aws/constructs/platform-function.ts has CDK's NodejsFunction do it:
// esbuild, one minified ESM file for Node 24 with every dependency inside (the AWS SDK included), the
// createRequire banner and an external source map without sources.
import { build, type Metafile } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ESM_REQUIRE_BANNER, PROJECT_ROOT } from '../../infra/aws/constructs/platform-function.ts';

export interface BundleResult {
  entry: string;
  outfile: string;
  bytes: number;
  gzipBytes: number;
  sourceMapBytes: number;
  /** The packages (or our own code) that weigh most in the minified output. */
  topInputs: { name: string; bytes: number }[];
  /** Every package with code in the output ('our code' for the repository's own files). */
  packages: string[];
}

/** Every function the stacks deploy: each folder under functions/ with a handler (API, relay, jobs, authorizer). */
export const FUNCTION_NAMES: readonly string[] = readdirSync(join(PROJECT_ROOT, 'functions'))
  .filter((name) => existsSync(join(PROJECT_ROOT, 'functions', name, 'handler.ts')))
  .sort();
export type FunctionName = string;

export const functionEntry = (name: FunctionName) => join(PROJECT_ROOT, 'functions', name, 'handler.ts');

/** Bare handlers that create the same SDK clients as the function and do nothing else. */
export const BARE_KINDS = ['none', 'dynamo', 'dynamo-sns', 'dynamo-kms', 'dynamo-kms-sns'] as const;
export type BareKind = (typeof BARE_KINDS)[number];
export const bareEntry = (kind: BareKind) => join(PROJECT_ROOT, 'test', 'bench', 'bare', `${kind}.ts`);

/**
 * The baseline of a function: the bare handler with the same SDK clients as its bundle carries, read from the bundle
 * itself, so a function that comes to use KMS (the relay opening a notice's phone) is measured against a baseline that
 * loads KMS too, and a new function needs no entry anywhere.
 */
export function bareOf(b: BundleResult): BareKind {
  const has = (pkg: string) => b.packages.includes(pkg);
  if (!has('@aws-sdk/client-dynamodb')) return 'none';
  const kms = has('@aws-sdk/client-kms');
  const sns = has('@aws-sdk/client-sns');
  return kms && sns ? 'dynamo-kms-sns' : sns ? 'dynamo-sns' : kms ? 'dynamo-kms' : 'dynamo';
}

function packageOf(input: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return m ? m[1]! : 'our code';
}

function weighInputs(meta: Metafile): { name: string; bytes: number }[] {
  return weighAll(meta).slice(0, 5);
}

function weighAll(meta: Metafile): { name: string; bytes: number }[] {
  const byName = new Map<string, number>();
  for (const out of Object.values(meta.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(out.inputs)) {
      const name = packageOf(input);
      byName.set(name, (byName.get(name) ?? 0) + bytesInOutput);
    }
  }
  return [...byName.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes);
}

export async function bundle(entry: string, outDir: string, name: string): Promise<BundleResult> {
  const outfile = join(outDir, name, 'index.mjs');
  const r = await build({
    entryPoints: [entry],
    absWorkingDir: PROJECT_ROOT,
    bundle: true,
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    external: [],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  if (r.errors.length) throw new Error(`esbuild failed for ${entry}: ${r.errors.map((e) => e.text).join('; ')}`);
  const code = readFileSync(outfile);
  return {
    entry,
    outfile,
    bytes: code.length,
    gzipBytes: gzipSync(code).length,
    sourceMapBytes: statSync(`${outfile}.map`).size,
    topInputs: weighInputs(r.metafile),
    packages: weighAll(r.metafile)
      .filter((i) => i.bytes > 0)
      .map((i) => i.name),
  };
}
