/**
 * Cold-load benchmark behind infra/constructs/handler-bundling.ts's
 * BUNDLE_AWS_SDK default: bundles a handler with the stack's esbuild settings
 * twice (AWS SDK v3 bundled vs left external, as it would be when taken from
 * the Lambda runtime) and measures how long a fresh `node` takes to import
 * each bundle, plus the cost of `--enable-source-maps`.
 *
 *   npx tsx tests/bench/cold-load.ts [entry] [--runs 15]
 *
 * Default entry: functions/http.ts, or, until it exists, the store clients
 * module (the SDK part of every handler). Each run is a new process, as a cold
 * start is; the figure is the import of the bundle only (not Node's own boot).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { handlerEsbuildOptions } from '../../infra/constructs/handler-bundling.js';

const root = resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const runsIdx = args.indexOf('--runs');
const runs = runsIdx >= 0 ? Number(args[runsIdx + 1]) : 15;
const positional = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs');
const entry =
  positional[0] ??
  (existsSync(join(root, 'functions/http.ts')) ? 'functions/http.ts' : 'functions/core/store/clients.ts');

// Inside the repo so an external `@aws-sdk/*` import resolves from node_modules, like /var/runtime/node_modules on Lambda.
const outRoot = join(root, '.bench/cold-load');

async function bundle(variant: 'sdk-bundled' | 'sdk-external'): Promise<string> {
  const outdir = join(outRoot, variant);
  mkdirSync(outdir, { recursive: true });
  const outfile = join(outdir, 'index.mjs');
  await build({
    ...handlerEsbuildOptions(join(root, entry), outfile),
    external: variant === 'sdk-external' ? ['@aws-sdk/*', '@smithy/*'] : [],
    logLevel: 'error',
  });
  return outfile;
}

function importMs(file: string, nodeArgs: string[]): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); process.stdout.write(String(performance.now() - t));`;
  const out = execFileSync(process.execPath, [...nodeArgs, '--input-type=module', '-e', script], {
    // Handlers read their config at import, as on Lambda: give them a plausible one.
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      AWS_REGION: 'us-east-1',
      STAGE: 'bench',
      HUB_TABLE: 'bench-hub',
      CONNECTIONS_TABLE: 'bench-connections',
      AUTH_JWKS_URL: 'https://issuer.example/.well-known/jwks.json',
      AUTH_ISSUER: 'https://issuer.example',
      AUTH_AUDIENCE: 'bench',
    },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Number(out);
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p90: at(0.9), min: s[0] };
};

const bundled = await bundle('sdk-bundled');
const external = await bundle('sdk-external');
const cases = [
  { name: 'SDK bundled', file: bundled, nodeArgs: [] as string[] },
  { name: 'SDK bundled + --enable-source-maps', file: bundled, nodeArgs: ['--enable-source-maps'] },
  { name: 'SDK external (node_modules)', file: external, nodeArgs: [] as string[] },
  { name: 'SDK external + --enable-source-maps', file: external, nodeArgs: ['--enable-source-maps'] },
];
const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
// Warm the page cache once, then interleave the cases so drift hits them equally.
for (const c of cases) importMs(c.file, c.nodeArgs);
for (let i = 0; i < runs; i++) for (const c of cases) samples.get(c.name)?.push(importMs(c.file, c.nodeArgs));

console.log(`entry: ${entry}, ${runs} runs each, node ${process.version}`);
console.log(
  `bundle size: SDK bundled ${(statSync(bundled).size / 1024).toFixed(0)} KiB, SDK external ${(statSync(external).size / 1024).toFixed(0)} KiB`,
);
console.log('| case | median ms | p90 ms | min ms |');
console.log('|---|---|---|---|');
for (const c of cases) {
  const s = stats(samples.get(c.name) ?? []);
  console.log(`| ${c.name} | ${s.median.toFixed(1)} | ${s.p90.toFixed(1)} | ${s.min.toFixed(1)} |`);
}
