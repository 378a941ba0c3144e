/**
 * infra/bundle-sizes.ts measures what deploys: built with the options of
 * handlerEsbuildOptions(), a handler's bundle is byte for byte the one
 * NodejsFunction puts in the cloud assembly. Proven on the fixture entry, so a
 * setting added to the stack's bundling and not to the measuring tools (or the
 * reverse) fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleSize, sizesTable } from '../../infra/bundle-sizes.js';
import { handlerEsbuildOptions } from '../../infra/constructs/handler-bundling.js';
import { HandlerFunction } from '../../infra/constructs/handler-function.js';
import { FIXTURE_ENTRY, ROOT } from './synth-stack.js';

describe('bundle sizes', () => {
  const app = new App();
  const stack = new Stack(app, 'Sizes');
  const h = new HandlerFunction(stack, 'Fixture', {
    spec: {
      name: 'Fixture',
      entry: 'x.ts',
      description: 'fixture',
      env: [],
      grants: [],
      timeoutSeconds: 3,
      memoryMb: 128,
    },
    projectRoot: ROOT,
    entryOverride: FIXTURE_ENTRY,
    environment: {},
    logLevel: 'info',
    logRetention: RetentionDays.ONE_WEEK,
  });
  const fn = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(h.fn.node.defaultChild as never)];
  const assetDir = join(app.outdir, `asset.${fn.Properties.Code.S3Key.replace(/\.zip$/, '')}`);
  const deployed = readFileSync(join(assetDir, 'index.mjs'));

  it("builds the stack's bundle byte for byte", async () => {
    const out = await build({
      ...handlerEsbuildOptions(FIXTURE_ENTRY, join(ROOT, 'cdk.out/fixture/index.mjs')),
      write: false,
      logLevel: 'error',
    });
    const code = out.outputFiles.find((f) => f.path.endsWith('index.mjs'));
    expect(Buffer.from(code?.contents ?? []).equals(deployed)).toBe(true);
  });

  it('reports that size and a source map, as a table in KiB', async () => {
    const size = await bundleSize({ name: 'Fixture', entry: FIXTURE_ENTRY });
    expect(size.bundleBytes).toBe(deployed.byteLength);
    expect(size.mapBytes).toBeGreaterThan(0);
    const table = sizesTable([{ ...size, bundleBytes: 307_200, mapBytes: 1_536_000 }]);
    expect(table.split('\n')[2]).toBe(`| Fixture | \`${FIXTURE_ENTRY}\` | 300 | 1,500 | bundled |`);
  });
});
