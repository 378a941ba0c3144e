/**
 * The one retry policy of the store helper: what DynamoDB did not do yet
 * (BatchGet's UnprocessedKeys, BatchWrite's UnprocessedItems, a throttled
 * call) is tried again after a jittered exponential backoff, a bounded number
 * of times, and then the caller gets the hub's retryable BusyError.
 *
 * Full jitter (a random delay in [0, min(cap, base · 2^attempt)]) spreads the
 * retries of many callers throttled at the same moment, which is when
 * DynamoDB returns unprocessed items (AWS Architecture Blog, "Exponential
 * Backoff and Jitter").
 */
import { BusyError } from '../../../schema/errors.js';

export interface RetryPolicy {
  /** Calls in all, the first included. */
  maxAttempts: number;
  /** Delay bound before the second call; doubles with every further one. */
  baseDelayMs: number;
  /** No delay bound grows beyond this. */
  maxDelayMs: number;
  /** Injected by tests to make the jitter (and so the delays) deterministic. */
  random?: () => number;
}

/** ~2.5 s of backoff at most in all: well inside every handler's timeout (the shortest, the Ws route's, is 29 s). */
export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 25, maxDelayMs: 800 };

/** The delay before call number `attempt + 1` (attempt 0 is the first call, which does not wait). */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  if (attempt <= 0) return 0;
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return (policy.random ?? Math.random)() * bound;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What the caller sees when the policy runs out: nothing more can be done now, retrying later can. */
export function exhausted(what: string, left: number, policy: RetryPolicy, cause?: unknown): BusyError {
  return new BusyError(
    `The store is busy: ${left} ${what} still unprocessed after ${policy.maxAttempts} attempts; retry shortly`,
    cause,
  );
}
