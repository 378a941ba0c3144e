/**
 * The environment each function gets is exactly the variables its manifest
 * entry lists (which are the ones functions/core/config reads), plus the
 * runtime switches below. tests/infra/data-and-access.test.ts checks both ways.
 */
import type { FunctionSpec } from '../functions/manifest.js';

/**
 * Variables for the Node runtime rather than for our config. Each must say why.
 * - NODE_OPTIONS `--enable-source-maps`: stack traces in logs point at the
 *   TypeScript source instead of minified bundle columns (the bundles ship a
 *   `.map`; tests/bench/cold-load.ts measures what it costs at cold start).
 */
export const RUNTIME_ENV: Readonly<Record<string, string>> = {
  NODE_OPTIONS: '--enable-source-maps',
};

export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/**
 * Picks the values a function's spec asks for out of everything the stack
 * knows. A name the stack cannot provide fails the synth: the handler would
 * otherwise fail its config check at cold start, in production.
 */
export function functionEnvironment(spec: FunctionSpec, available: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  const missing: string[] = [];
  for (const name of spec.env) {
    const value = available[name];
    if (value === undefined) missing.push(name);
    else env[name] = value;
  }
  if (missing.length > 0)
    throw new EnvironmentError(`${spec.name} reads ${missing.join(', ')} but the stack provides no value for it`);
  return { ...env, ...RUNTIME_ENV };
}
