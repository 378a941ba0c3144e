/**
 * A Lambda-shaped invocation context for the embedded runtime. The deadline is
 * the function's `timeoutSeconds` in functions/manifest.ts (never a second
 * copy), optionally compressed by `timeScale` so a test can run a 60 s
 * timeout in 600 ms. `getRemainingTimeInMillis()` counts down in real
 * (compressed) milliseconds: a handler that budgets by it stops in time on the
 * compressed clock exactly as it would on AWS's.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type { FunctionSpec } from '../../../functions/manifest.js';

export type LambdaSpec = Pick<FunctionSpec, 'name' | 'timeoutSeconds' | 'memoryMb'>;

export interface LambdaContextOptions {
  spec: LambdaSpec;
  /** Multiplies every deadline: 0.01 runs a 60 s timeout in 600 ms. Default 1. */
  timeScale?: number;
  /** Deployed function name; default the manifest's logical name. */
  functionName?: string;
  /** Clock in epoch milliseconds (tests); default Date.now. */
  now?: () => number;
  region?: string;
  account?: string;
  awsRequestId?: string;
  /** Names the instance (execution environment) in the log stream name. */
  instanceId?: string;
}

/** The context a handler receives, plus the emulation's own fields. */
export interface LocalLambdaContext extends Context {
  /** Epoch ms at which the invocation times out. */
  readonly deadline: number;
  /** The (scaled) timeout in ms. */
  readonly timeoutMs: number;
  /** Aborted when the invocation times out (Lambda would freeze the sandbox; here the handler may stop). */
  readonly signal: AbortSignal;
}

/** The function's timeout in (scaled) milliseconds. */
export function timeoutMsOf(spec: Pick<FunctionSpec, 'timeoutSeconds'>, timeScale = 1): number {
  if (!(timeScale > 0)) throw new Error(`timeScale must be positive, got ${timeScale}`);
  return Math.max(1, Math.round(spec.timeoutSeconds * 1000 * timeScale));
}

export function createLambdaContext(
  options: LambdaContextOptions,
  signal: AbortSignal = new AbortController().signal,
): LocalLambdaContext {
  const now = options.now ?? Date.now;
  const name = options.functionName ?? options.spec.name;
  const region = options.region ?? 'local';
  const account = options.account ?? 'local';
  const timeoutMs = timeoutMsOf(options.spec, options.timeScale);
  const deadline = now() + timeoutMs;
  const day = new Date(now()).toISOString().slice(0, 10).replaceAll('-', '/');
  const unsupported = () => {
    throw new Error('done/fail/succeed are not supported: handlers are async');
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:${account}:function:${name}`,
    memoryLimitInMB: String(options.spec.memoryMb),
    awsRequestId: options.awsRequestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${day}/[$LATEST]${options.instanceId ?? 'local'}`,
    getRemainingTimeInMillis: () => Math.max(0, deadline - now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
    deadline,
    timeoutMs,
    signal,
  };
}
