/**
 * How every handler is bundled, declared once: the stack hands
 * handlerBundling(spec) to NodejsFunction (handler-function.ts), and the tools
 * that measure bundles (infra/bundle-sizes.ts, tests/bench/cold-load.ts) build
 * with handlerEsbuildOptions(), the same settings as esbuild receives them
 * from CDK. A figure measured here is then a figure of what deploys. The one
 * per-function choice, whether the AWS SDK is bundled, is the manifest's
 * `bundleAwsSdk` (functions/manifest.ts), read by both.
 */
import { type BundlingOptions, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import type { FunctionSpec } from '../../functions/manifest.js';

/**
 * ESM bundles have no `require`; some dependencies still call it for Node
 * built-ins, so define one (esbuild's documented workaround).
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * By default AWS SDK v3 is bundled (tree-shaken, minified) rather than taken
 * from the Lambda runtime: tests/bench/cold-load.ts measured the bundled build
 * loading faster than the same handler resolving the SDK's many files from
 * node_modules, and bundling pins the SDK version we test against. A function
 * off the request path may opt out in the manifest (`bundleAwsSdk: false`).
 */
export const BUNDLE_AWS_SDK = true;

/** What a function leaves to the Node 22 runtime, which ships AWS SDK v3 (and the Smithy packages it uses). */
export const RUNTIME_AWS_SDK_MODULES = ['@aws-sdk/*', '@smithy/*'];

/** The bundling choices a manifest entry makes (today only the SDK's). */
export type BundlingChoice = Pick<FunctionSpec, 'bundleAwsSdk'>;

/** Whether the function's bundle carries the AWS SDK (the manifest's choice, else BUNDLE_AWS_SDK). */
export function bundlesAwsSdk(spec: BundlingChoice = {}): boolean {
  return spec.bundleAwsSdk ?? BUNDLE_AWS_SDK;
}

/** NodejsFunction's `bundling` for a handler: ESM, Node 22, minified, external source maps. */
export function handlerBundling(spec: BundlingChoice = {}) {
  return {
    format: OutputFormat.ESM,
    target: 'node22',
    minify: true,
    sourceMap: true,
    sourceMapMode: SourceMapMode.DEFAULT,
    // Stack traces need file/line mappings only; embedding sources would triple the map.
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: ESM_REQUIRE_BANNER,
    externalModules: bundlesAwsSdk(spec) ? [] : [...RUNTIME_AWS_SDK_MODULES],
  } satisfies BundlingOptions;
}

/**
 * The esbuild options NodejsFunction derives from handlerBundling(spec) (its
 * `--bundle --platform=node --target … --format … --minify --sourcemap
 * --sources-content=false --external:… --banner:js=… --main-fields=…`), for
 * `entry` written to `outfile` (the stack names it index.mjs).
 */
export function handlerEsbuildOptions(entry: string, outfile: string, spec: BundlingChoice = {}): BuildOptions {
  const b = handlerBundling(spec);
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
