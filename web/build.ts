/**
 * Builds the web client into web/dist: app.js (the ESM entry), chunks/ (code
 * only some pages load, e.g. the report page's import), app.css and
 * index.html. `npm run build:web` runs it; `npm start` runs it first; e2e tests
 * call `buildWeb()` in their setup. esbuild keeps it well under a second.
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const webDir = dirname(fileURLToPath(import.meta.url));

export interface BuildWebOptions {
  /** Output folder; default web/dist. */
  outDir?: string;
  /** Minify (default true); false keeps the bundle readable for debugging. */
  minify?: boolean;
}

/** Bundles web/src into `outDir` and returns it. Throws (with esbuild's messages) on a compile error. */
export async function buildWeb(options: BuildWebOptions = {}): Promise<string> {
  const outDir = options.outDir ?? join(webDir, 'dist');
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: { app: join(webDir, 'src/main.ts') },
    outdir: outDir,
    bundle: true,
    format: 'esm',
    // The report page's spreadsheet import (papaparse, read-excel-file) is a dynamic import: a chunk of
    // its own that only that page loads, so the screen's script stays small.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    platform: 'browser',
    target: ['es2022'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
    // main.ts imports the shared styles (styles/index.css) and each screen component imports the CSS file
    // beside it; esbuild joins every imported stylesheet, in import order, into app.css beside the script.
    loader: { '.css': 'css' },
  });
  copyFileSync(join(webDir, 'public/index.html'), join(outDir, 'index.html'));
  return outDir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  const out = await buildWeb();
  console.log(`web client built into ${out} in ${Math.round(performance.now() - started)} ms`);
}
