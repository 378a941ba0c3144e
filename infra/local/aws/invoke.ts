/**
 * Runs a handler as Lambda would: with a Lambda-shaped context and a deadline
 * from the manifest. Past the deadline the invocation ends as a timeout
 * (`Sandbox.Timedout`, "Task timed out after 15.00 seconds"); whatever the
 * handler returns or throws later is discarded. Lambda would also throw the
 * execution environment away: `onTimeout` tells the caller, so an embedded
 * runtime with module state per instance can recycle that instance.
 */
import type { Context } from 'aws-lambda';
import { createLambdaContext, type LambdaContextOptions, type LocalLambdaContext } from './lambda-context.js';

export type LambdaHandler<E, R> = (event: E, context: Context) => Promise<R> | R;

/** Lambda's error for an invocation past its timeout. */
export class LambdaTimeoutError extends Error {
  readonly errorType = 'Sandbox.Timedout';
  constructor(
    readonly functionName: string,
    readonly timeoutSeconds: number,
    readonly awsRequestId: string,
    readonly timeoutMs: number,
  ) {
    const scaled = timeoutMs === timeoutSeconds * 1000 ? '' : ` (emulated in ${timeoutMs} ms)`;
    super(
      `${functionName}: RequestId: ${awsRequestId} Error: Task timed out after ${timeoutSeconds.toFixed(2)} seconds${scaled}`,
    );
    this.name = 'Sandbox.Timedout';
  }
}

export function isLambdaTimeout(err: unknown): err is LambdaTimeoutError {
  return err instanceof LambdaTimeoutError;
}

export interface InvokeStats {
  invocations: number;
  timeouts: number;
  errors: number;
}

export interface InvokerOptions extends Omit<LambdaContextOptions, 'awsRequestId'> {
  /** Called when an invocation times out (Lambda discards the execution environment). */
  onTimeout?: (err: LambdaTimeoutError, context: LocalLambdaContext) => void;
  /** Called with what the handler did after its deadline (discarded, as on Lambda). */
  onLateSettle?: (outcome: { result?: unknown; error?: unknown }, context: LocalLambdaContext) => void;
}

export interface Invoker<E, R> {
  (event: E): Promise<R>;
  readonly stats: InvokeStats;
  readonly options: InvokerOptions;
}

/** Invokes once: resolves with the handler's result, or rejects with its error or a LambdaTimeoutError. */
export function invokeWithDeadline<E, R>(
  handler: LambdaHandler<E, R>,
  event: E,
  options: InvokerOptions,
  stats?: InvokeStats,
): Promise<R> {
  const abort = new AbortController();
  const context = createLambdaContext(options, abort.signal);
  if (stats) stats.invocations++;
  return new Promise<R>((resolve, reject) => {
    let settled = false;
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      const err = new LambdaTimeoutError(
        context.functionName,
        options.spec.timeoutSeconds,
        context.awsRequestId,
        context.timeoutMs,
      );
      if (stats) stats.timeouts++;
      abort.abort(err);
      options.onTimeout?.(err, context);
      reject(err);
    }, context.timeoutMs);
    let running: Promise<R>;
    try {
      running = Promise.resolve(handler(event, context));
    } catch (err) {
      running = Promise.reject(err);
    }
    running.then(
      (result) => {
        if (settled) return options.onLateSettle?.({ result }, context);
        settled = true;
        clearTimeout(timer);
        resolve(result);
      },
      (error) => {
        if (settled) return options.onLateSettle?.({ error }, context);
        settled = true;
        clearTimeout(timer);
        if (stats) stats.errors++;
        reject(error);
      },
    );
  });
}

/** A reusable invoker for one function: every call gets a fresh context and deadline. */
export function createInvoker<E, R>(handler: LambdaHandler<E, R>, options: InvokerOptions): Invoker<E, R> {
  const stats: InvokeStats = { invocations: 0, timeouts: 0, errors: 0 };
  const invoke = (event: E) => invokeWithDeadline(handler, event, options, stats);
  return Object.assign(invoke, { stats, options });
}
