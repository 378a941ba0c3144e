/** Emulated Lambda deadlines: the manifest's timeout, compressed, ends an invocation as a timeout. */
import { describe, expect, it } from 'vitest';
import { functionSpec } from '../../functions/manifest.js';
import {
  createInvoker,
  invokeWithDeadline,
  isLambdaTimeout,
  LambdaTimeoutError,
} from '../../infra/local/aws/invoke.js';
import { createLambdaContext, timeoutMsOf } from '../../infra/local/aws/lambda-context.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const stream = functionSpec('Stream');
const http = functionSpec('Http');

describe('Lambda context', () => {
  it('counts down from the manifest timeout, scaled', () => {
    let t = 1_000_000;
    const ctx = createLambdaContext({ spec: stream, timeScale: 0.01, now: () => t });
    expect(ctx.timeoutMs).toBe(stream.timeoutSeconds * 10);
    expect(ctx.getRemainingTimeInMillis()).toBe(600);
    t += 250;
    expect(ctx.getRemainingTimeInMillis()).toBe(350);
    t += 10_000;
    expect(ctx.getRemainingTimeInMillis()).toBe(0);
    expect(ctx.functionName).toBe('Stream');
    expect(ctx.memoryLimitInMB).toBe(String(stream.memoryMb));
    expect(ctx.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(timeoutMsOf(http)).toBe(15_000);
  });
});

describe('deadline invoker', () => {
  it('returns the result of a handler within its deadline, with a context that has time left', async () => {
    const invoke = createInvoker(
      async (event: number, ctx) => ({ doubled: event * 2, left: ctx.getRemainingTimeInMillis() }),
      { spec: http, timeScale: 0.01 },
    );
    const result = await invoke(21);
    expect(result.doubled).toBe(42);
    expect(result.left).toBeGreaterThan(0);
    expect(result.left).toBeLessThanOrEqual(150);
    expect(invoke.stats).toEqual({ invocations: 1, timeouts: 0, errors: 0 });
  });

  it('ends a handler past its (compressed) timeout as a Lambda timeout and discards its late result', async () => {
    const late: unknown[] = [];
    const timedOut: string[] = [];
    const invoke = createInvoker(
      async (_event: unknown, ctx) => {
        await sleep(400);
        return `too late, ${ctx.awsRequestId}`;
      },
      {
        spec: http, // 15 s, compressed to 150 ms
        timeScale: 0.01,
        onTimeout: (err) => timedOut.push(err.awsRequestId),
        onLateSettle: (outcome) => late.push(outcome.result),
      },
    );
    const started = Date.now();
    const err = await invoke({}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(380);
    expect(isLambdaTimeout(err)).toBe(true);
    const timeout = err as LambdaTimeoutError;
    expect(timeout.name).toBe('Sandbox.Timedout');
    expect(timeout.message).toContain('Http');
    expect(timeout.message).toContain('Task timed out after 15.00 seconds');
    expect(timedOut).toEqual([timeout.awsRequestId]);
    expect(invoke.stats.timeouts).toBe(1);
    await sleep(350);
    expect(late).toEqual([`too late, ${timeout.awsRequestId}`]);
  });

  it('aborts the context signal at the deadline and passes handler errors through', async () => {
    let aborted = false;
    await expect(
      invokeWithDeadline(
        (_e: unknown, ctx) =>
          new Promise((resolve) => {
            (ctx as unknown as { signal: AbortSignal }).signal.addEventListener('abort', () => {
              aborted = true;
              resolve('stopped');
            });
          }),
        null,
        { spec: { name: 'Tiny', timeoutSeconds: 1, memoryMb: 128 }, timeScale: 0.05 },
      ),
    ).rejects.toBeInstanceOf(LambdaTimeoutError);
    expect(aborted).toBe(true);
    await expect(
      invokeWithDeadline(
        () => {
          throw new Error('boom');
        },
        null,
        { spec: http },
      ),
    ).rejects.toThrow('boom');
  });
});
