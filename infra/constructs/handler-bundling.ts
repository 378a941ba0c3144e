/**
 * How every handler is bundled, declared once: the stack hands
 * HANDLER_BUNDLING to NodejsFunction (handler-function.ts), and the tools that
 * measure bundles (infra/bundle-sizes.ts, tests/bench/cold-load.ts) build with
 * handlerEsbuildOptions(), the same settings as esbuild receives them from CDK.
 * A figure measured here is then a figure of what deploys.
 */
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * ESM bundles have no `require`; some dependencies still call it for Node
 * built-ins, so define one (esbuild's documented workaround).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * AWS SDK v3 is bundled (tree-shaken, minified) rather than taken from the
 * Lambda runtime: tests/bench/cold-load.ts measured the bundled build loading
 * faster than the same handler resolving the SDK's many files from
 * node_modules, and bundling pins the SDK version we test against.
 */
export const BUNDLE_AWS_SDK = true;

/** NodejsFunction's `bundling` for every handler: ESM, Node 22, minified, external source maps. */
export const HANDLER_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  // Stack traces need file/line mappings only; embedding sources would triple the map.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  externalModules: BUNDLE_AWS_SDK ? [] : ['@aws-sdk/*', '@smithy/*'],
} satisfies BundlingOptions;

/**
 * The esbuild options NodejsFunction derives from HANDLER_BUNDLING (its
 * `--bundle --platform=node --target … --format … --minify --sourcemap
 * --sources-content=false --external:… --banner:js=… --main-fields=…`), for
 * `entry` written to `outfile` (the stack names it index.mjs).
 */
export function handlerEsbuildOptions(entry: string, outfile: string): BuildOptions {
  const b = HANDLER_BUNDLING;
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: b.target,
    format: b.format,
    minify: b.minify,
    sourcemap: b.sourceMap,
    sourcesContent: b.sourcesContent,
    external: b.externalModules,
    banner: { js: b.banner },
    mainFields: b.mainFields,
  };
}
