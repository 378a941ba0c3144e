/**
 * One handler bundled exactly as the stack bundles it (the real
 * HandlerFunction and the local esbuild), alone in its own app: the template,
 * the function resource and the asset folder the deploy would upload.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { FunctionSpec } from '../../functions/manifest.js';
import { HandlerFunction } from '../../infra/constructs/handler-function.js';
import { FIXTURE_ENTRY, ROOT } from './synth-stack.js';

/** A minimal spec for the fixture entry (tests/infra/fixtures/handler.ts). */
export const FIXTURE_SPEC: FunctionSpec = {
  name: 'Fixture',
  entry: 'x.ts',
  description: 'fixture',
  env: [],
  grants: [],
  timeoutSeconds: 3,
  memoryMb: 128,
};

export function bundledHandler(stackName: string, spec: FunctionSpec, entryOverride?: string) {
  const app = new App();
  const stack = new Stack(app, stackName);
  const h = new HandlerFunction(stack, spec.name, {
    spec,
    projectRoot: ROOT,
    ...(entryOverride ? { entryOverride } : {}),
    environment: {},
    logLevel: 'info',
    logRetention: RetentionDays.ONE_WEEK,
  });
  const template = Template.fromStack(stack);
  const fn = template.toJSON().Resources[stack.getLogicalId(h.fn.node.defaultChild as never)];
  const assetDir = join(app.outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  return { template, fn, assetDir, bundle: () => readFileSync(join(assetDir, 'index.mjs')) };
}

/** The fixture entry bundled. */
export const bundledFixture = (stackName: string) => bundledHandler(stackName, FIXTURE_SPEC, FIXTURE_ENTRY);
