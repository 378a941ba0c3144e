/**
 * The Sweep deletes expired connection rows and closes connections that never
 * sent connection_init: it needs the store and the management API, not the
 * GraphQL app. Its bundle stays under 300 KB (issue 7), so a stray import that
 * drags yoga and the schema back in fails here.
 */
import { describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/manifest.js';
import { bundleSize } from '../../infra/bundle-sizes.js';

const LIMIT_BYTES = 300_000;

describe('Sweep bundle', () => {
  it(`is under ${LIMIT_BYTES / 1000} KB, bundled as the stack bundles it`, async () => {
    const spec = FUNCTIONS.find((f) => f.name === 'Sweep');
    expect(spec?.entry).toBe('functions/sweep.ts');
    if (!spec) throw new Error('no Sweep in the manifest');
    // The manifest entry itself, so its bundling choices (bundleAwsSdk) count as they do in the stack.
    const size = await bundleSize(spec);
    expect(size.bundleBytes).toBeGreaterThan(1000); // it did bundle something
    expect(size.bundleBytes, `Sweep bundle is ${Math.round(size.bundleBytes / 1000)} KB`).toBeLessThan(LIMIT_BYTES);
  });
});
