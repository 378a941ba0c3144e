/**
 * The bundling settings every handler gets, proven on a fixture entry with the
 * real HandlerFunction and the local esbuild (no Docker): an ESM `.mjs` with
 * the createRequire banner, minified, with an external source map.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER } from '../../infra/constructs/handler-function.js';
import { bundledFixture } from './bundled-handler.js';
import { FIXTURE_ENTRY } from './synth-stack.js';

describe('handler bundling', () => {
  const { fn, assetDir } = bundledFixture('Bundle');

  it('produces one ESM bundle with the require banner and a source map', () => {
    expect(readdirSync(assetDir).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(assetDir, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/export\s*\{/);
    expect(code).toContain('//# sourceMappingURL=index.mjs.map');
    expect(code.split('\n').length).toBeLessThan(10); // minified
  });

  it('runs as index.handler on Node 22 / arm64', () => {
    expect(fn.Properties).toMatchObject({ Handler: 'index.handler', Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(existsSync(FIXTURE_ENTRY)).toBe(true);
  });
});
