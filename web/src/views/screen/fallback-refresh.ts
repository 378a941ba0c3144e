/**
 * The screen's HTTP fallback: while the live socket is down, the dashboard is
 * polled every `intervalMs` ± 25 % (jitter, so screens that lost the same
 * socket server do not poll in step against the stage throttle). A BUSY
 * answer (HTTP 429) is retried sooner — after Retry-After when given, else
 * after a jittered, doubling backoff — and is not shown as a failure until
 * `busyAttempts` in a row; any other error is reported at once and the
 * regular poll continues. While the socket is up nothing is polled: the
 * dashboard arrives with each event.
 */
import { GqlError } from '../../gql.js';

export interface FallbackOptions {
  intervalMs: number;
  /** One HTTP refresh. */
  load: () => Promise<void>;
  /** A refresh failed (after the BUSY retries). */
  onError: (err: Error) => void;
  /** Retries of a BUSY answer before it counts as a failure. Default 4. */
  busyAttempts?: number;
  random?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface FallbackRefresh {
  /** Starts polling (no-op when already polling). */
  start(): void;
  stop(): void;
  readonly polling: boolean;
}

/** `ms` ± `share`. */
export const jitter = (ms: number, share: number, random: () => number) =>
  Math.round(ms * (1 - share + 2 * share * random()));

export function busyDelayMs(err: GqlError, attempt: number, random: () => number): number {
  if (err.retryAfterSeconds !== null) return err.retryAfterSeconds * 1000 + jitter(250, 1, random);
  return jitter(Math.min(500 * 2 ** attempt, 8000), 0.5, random);
}

export function fallbackRefresh(opts: FallbackOptions): FallbackRefresh {
  const random = opts.random ?? Math.random;
  const setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
  const clearTimer = opts.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  const busyAttempts = opts.busyAttempts ?? 4;
  let timer: unknown = null;
  let active = false;

  const schedule = (ms: number, attempt: number) => {
    timer = setTimer(() => void tick(attempt), ms);
  };

  async function tick(attempt: number): Promise<void> {
    timer = null;
    if (!active) return;
    try {
      await opts.load();
    } catch (err) {
      if (!active) return;
      if (err instanceof GqlError && err.code === 'BUSY' && attempt < busyAttempts) {
        schedule(busyDelayMs(err, attempt, random), attempt + 1);
        return;
      }
      opts.onError(err as Error);
    }
    if (active) schedule(jitter(opts.intervalMs, 0.25, random), 0);
  }

  return {
    start() {
      if (active) return;
      active = true;
      // The first poll is jittered too: every screen notices the same outage at the same moment.
      schedule(jitter(Math.min(opts.intervalMs, 2000), 0.5, random), 0);
    },
    stop() {
      active = false;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
    get polling() {
      return active;
    },
  };
}
