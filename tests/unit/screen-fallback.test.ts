/**
 * The screen's HTTP fallback while its socket is down: jittered polls, a 429
 * (BUSY) retried after Retry-After or a backoff instead of shown as a failure,
 * other errors shown at once; and the client maps HTTP 429 to BUSY.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGqlClient, GqlError } from '../../web/src/gql.js';
import { busyDelayMs, fallbackRefresh, jitter } from '../../web/src/views/screen/fallback-refresh.js';

/** Timers run by hand: each `run()` fires the next one. */
function manualTimers() {
  const queue: { fn: () => void; ms: number }[] = [];
  return {
    queue,
    setTimer: (fn: () => void, ms: number) => {
      const t = { fn, ms };
      queue.push(t);
      return t;
    },
    clearTimer: (h: unknown) => {
      const i = queue.indexOf(h as (typeof queue)[number]);
      if (i >= 0) queue.splice(i, 1);
    },
    async run() {
      const t = queue.shift();
      if (!t) throw new Error('no timer pending');
      t.fn();
      await new Promise((r) => setTimeout(r, 0));
      return t.ms;
    },
  };
}

const busy = (retryAfter: number | null) => new GqlError('BUSY', 'busy', [], 429, retryAfter);

describe('screen fallback refresh', () => {
  it('polls at the interval ± 25 %, never in step', () => {
    expect(jitter(10_000, 0.25, () => 0)).toBe(7500);
    expect(jitter(10_000, 0.25, () => 1)).toBe(12_500);
    expect(jitter(10_000, 0.25, () => 0.5)).toBe(10_000);
  });

  it('retries BUSY after Retry-After, then a doubling backoff, and shows it only when it persists', async () => {
    const timers = manualTimers();
    const errors: Error[] = [];
    const answers: (Error | null)[] = [busy(3), busy(null), null, busy(null), busy(null), busy(null)];
    const load = vi.fn(async () => {
      const a = answers.shift();
      if (a) throw a;
    });
    const poll = fallbackRefresh({
      intervalMs: 10_000,
      load,
      onError: (e) => errors.push(e),
      busyAttempts: 2,
      random: () => 0.5,
      ...timers,
    });
    poll.start();
    expect(await timers.run()).toBe(2000); // first poll: min(interval, 2 s), jittered
    expect(timers.queue[0].ms).toBe(3250); // Retry-After 3 s + jitter
    await timers.run();
    expect(timers.queue[0].ms).toBe(1000); // backoff 500 × 2¹, jittered
    await timers.run(); // succeeds
    expect(errors).toEqual([]);
    expect(timers.queue[0].ms).toBe(10_000); // back to the regular poll
    await timers.run(); // BUSY
    await timers.run(); // BUSY
    await timers.run(); // BUSY a third time: over busyAttempts, shown
    expect(errors.map((e) => (e as GqlError).code)).toEqual(['BUSY']);
    expect(load).toHaveBeenCalledTimes(6);
    poll.stop();
    expect(timers.queue).toEqual([]);
    expect(poll.polling).toBe(false);
  });

  it('shows any other error at once and keeps polling', async () => {
    const timers = manualTimers();
    const errors: Error[] = [];
    const poll = fallbackRefresh({
      intervalMs: 5000,
      load: async () => {
        throw new GqlError('INTERNAL', 'boom');
      },
      onError: (e) => errors.push(e),
      random: () => 0.5,
      ...timers,
    });
    poll.start();
    poll.start(); // no second loop
    expect(timers.queue).toHaveLength(1);
    await timers.run();
    expect(errors).toHaveLength(1);
    expect(timers.queue.map((t) => t.ms)).toEqual([5000]);
    poll.stop();
  });

  it('backoff without Retry-After is capped', () => {
    expect(busyDelayMs(busy(null), 10, () => 1)).toBe(12_000);
    expect(busyDelayMs(busy(null), 0, () => 0)).toBe(250);
  });
});

describe('web gql client', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('maps an HTTP 429 (stage throttle) to BUSY with its Retry-After, not INTERNAL', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () => new Response('{"message":"Too Many Requests"}', { status: 429, headers: { 'retry-after': '2' } }),
      ),
    );
    const gql = createGqlClient(
      'http://x/graphql',
      () => 't',
      () => {},
    );
    const err = (await gql.request('{ me { sub } }').catch((e: unknown) => e)) as GqlError;
    expect(err).toBeInstanceOf(GqlError);
    expect(err.code).toBe('BUSY');
    expect(err.status).toBe(429);
    expect(err.retryAfterSeconds).toBe(2);
    expect(err.message).toMatch(/繁忙.*busy/);
  });
});
