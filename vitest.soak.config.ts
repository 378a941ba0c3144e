import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

/** `npm run test:soak`: the long randomized runs under tests/soak, one file at a time. */
export default mergeConfig(
  base,
  defineConfig({
    test: { include: ['tests/soak/**/*.test.ts'], exclude: ['node_modules/**'], maxWorkers: 1, testTimeout: 300_000 },
  }),
);
