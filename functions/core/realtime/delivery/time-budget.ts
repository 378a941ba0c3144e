/**
 * The time an invocation has left, and the shares of it a step may spend.
 *
 * Lambda ends an invocation at its timeout whatever it is doing, so a long
 * step (the back-fill) must stop on its own while enough time is left to leave
 * things consistent. Shares are fractions of the time left when the budget was
 * taken, not fixed milliseconds: the same code then behaves alike under the
 * 29 s of AWS and under the embedded runtime's compressed deadlines.
 */
export type RemainingMs = () => number;

export class TimeBudget {
  /** Milliseconds left when the budget was taken. */
  readonly startMs: number;

  constructor(readonly remainingMs: RemainingMs) {
    this.startMs = Math.max(0, remainingMs());
  }

  /** True while more than `share` of the starting time is left. */
  leaves(share: number): boolean {
    return this.remainingMs() > this.startMs * share;
  }

  /** Milliseconds until only `share` of the starting time is left (0 when already there). */
  msUntil(share: number): number {
    return Math.max(0, this.remainingMs() - this.startMs * share);
  }
}

/** A countdown from `timeoutMs`, for a caller that got no Lambda context to ask. */
export function countdown(timeoutMs: number, now: () => number = Date.now): RemainingMs {
  const deadline = now() + timeoutMs;
  return () => Math.max(0, deadline - now());
}
