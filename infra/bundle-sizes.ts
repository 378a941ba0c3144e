/**
 * Bundles every handler of functions/manifest.ts with the stack's own esbuild
 * settings (constructs/handler-bundling.ts, including the entry's
 * `bundleAwsSdk` choice) and prints the size of each bundle: what a cold
 * start loads, and what each function's deployment package carries. In
 * memory; nothing is written.
 *
 *   npm run bundle-sizes              # a Markdown table, KiB
 *   npm run bundle-sizes -- --json    # the same figures as JSON
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { FUNCTIONS, type FunctionSpec } from '../functions/manifest.js';
import { bundlesAwsSdk, handlerEsbuildOptions } from './constructs/handler-bundling.js';

const ROOT = resolve(import.meta.dirname, '..');

export interface BundleSize {
  /** The manifest's function name (Http, Stream, …). */
  name: string;
  entry: string;
  /** index.mjs, bytes. */
  bundleBytes: number;
  /** index.mjs.map, bytes. */
  mapBytes: number;
  /** Whether the bundle carries the AWS SDK (else it imports the runtime's). */
  awsSdkBundled: boolean;
}

/** What bundling a handler needs from its manifest entry: name, entry and bundling choice. */
export type BundledHandler = Pick<FunctionSpec, 'name' | 'entry' | 'bundleAwsSdk'>;

/**
 * Bundles one manifest entry (`entry` relative to the repo root, or absolute)
 * as the stack does and returns its sizes.
 */
export async function bundleSize(spec: BundledHandler): Promise<BundleSize> {
  const { name, entry } = spec;
  // Where CDK bundles (cdk.out/<asset dir>/), so the source map's relative paths, and its size, match too.
  const outfile = join(ROOT, 'cdk.out', `bundle-sizes.${name}`, 'index.mjs');
  const result = await build({
    ...handlerEsbuildOptions(resolve(ROOT, entry), outfile, spec),
    write: false,
    logLevel: 'error',
  });
  const bytes = (suffix: string) => result.outputFiles.find((f) => f.path.endsWith(suffix))?.contents.byteLength ?? 0;
  return {
    name,
    entry,
    bundleBytes: bytes('index.mjs'),
    mapBytes: bytes('index.mjs.map'),
    awsSdkBundled: bundlesAwsSdk(spec),
  };
}

/** Every handler of the manifest, one at a time (two cores: parallel builds only contend). */
export async function bundleSizes(): Promise<BundleSize[]> {
  const sizes: BundleSize[] = [];
  for (const spec of FUNCTIONS) sizes.push(await bundleSize(spec));
  return sizes;
}

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString('en-US')}`;

export function sizesTable(sizes: BundleSize[]): string {
  const sdk = (s: BundleSize) => (s.awsSdkBundled ? 'bundled' : "the runtime's");
  const rows = sizes.map(
    (s) => `| ${s.name} | \`${s.entry}\` | ${kib(s.bundleBytes)} | ${kib(s.mapBytes)} | ${sdk(s)} |`,
  );
  const head = ['| function | entry | bundle KiB | source map KiB | AWS SDK |', '|---|---|---|---|---|'];
  return [...head, ...rows].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sizes = await bundleSizes();
  console.log(process.argv.includes('--json') ? JSON.stringify(sizes, null, 2) : sizesTable(sizes));
}
