/**
 * The API stages' throttle settings (requests/s and burst) from CDK context,
 * without loading aws-cdk-lib: the CDK stack reads them through
 * stack-config.ts, and the embedded runtime enforces the same numbers from
 * `cdk.json` (infra/local/aws/http-throttle.ts), so a rehearsal throttles
 * exactly where the deployed stage would.
 */
import { readFileSync } from 'node:fs';

/** Minimal view of a construct node's context, so settings can be read without an App. */
export type ContextReader = (key: string) => unknown;

export interface StageThrottle {
  /** Steady-state requests per second. */
  rateLimit: number;
  /** Requests admitted at once before the rate applies (the token bucket's size). */
  burstLimit: number;
}

export interface StageThrottles {
  http: StageThrottle;
  ws: StageThrottle;
}

/** Used when the context names no value (cdk.json does). */
const FALLBACK = { httpRateLimit: 50, httpBurstLimit: 100, wsRateLimit: 50, wsBurstLimit: 100 } as const;

/** A positive integer from context, or `fallback` when unset; a bad value is reported in `problems`. */
export function positiveInt(get: ContextReader, key: string, fallback: number, problems: string[]): number {
  const raw = get(key);
  if (raw === undefined || raw === null || raw === '') return fallback;
  if (typeof raw !== 'string' && typeof raw !== 'number') {
    problems.push(`${key} must be a string`);
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) problems.push(`${key} must be a positive integer, got ${raw}`);
  return n;
}

export function readStageThrottles(get: ContextReader, problems: string[] = []): StageThrottles {
  const int = (key: keyof typeof FALLBACK) => positiveInt(get, key, FALLBACK[key], problems);
  return {
    http: { rateLimit: int('httpRateLimit'), burstLimit: int('httpBurstLimit') },
    ws: { rateLimit: int('wsRateLimit'), burstLimit: int('wsBurstLimit') },
  };
}

/** The `context` of the repository's cdk.json (what `cdk deploy` reads without `-c` overrides). */
export function cdkJsonContext(file: URL = new URL('../cdk.json', import.meta.url)): ContextReader {
  const context = (JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> }).context ?? {};
  return (key) => context[key];
}

/** The stages' throttles as `cdk.json` sets them; throws when a value is invalid, as the synth would. */
export function deployedStageThrottles(file?: URL): StageThrottles {
  const problems: string[] = [];
  const throttles = readStageThrottles(cdkJsonContext(file), problems);
  if (problems.length > 0) throw new Error(`Invalid cdk.json context: ${problems.join('; ')}`);
  return throttles;
}
