/**
 * infra/bundle-sizes.ts measures what deploys: built with the options of
 * handlerEsbuildOptions(), a handler's bundle is byte for byte the one
 * NodejsFunction puts in the cloud assembly. Proven on the fixture entry, so a
 * setting added to the stack's bundling and not to the measuring tools (or the
 * reverse) fails here.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleSize, sizesTable } from '../../infra/bundle-sizes.js';
import { handlerEsbuildOptions } from '../../infra/constructs/handler-bundling.js';
import { bundledFixture } from './bundled-handler.js';
import { FIXTURE_ENTRY, ROOT } from './synth-stack.js';

describe('bundle sizes', () => {
  const deployed = bundledFixture('Sizes').bundle();

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
