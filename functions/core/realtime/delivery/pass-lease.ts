/**
 * One fan-out pass's hold on the lease, measured in time rather than events.
 *
 * A pass renews the lease and saves its position at least every `sliceMs`
 * (not every N events: 200 events to 1,000 screens can outlast any lease),
 * and at each save it learns whether a back-fill is waiting to hand its
 * subscription over to live (the back-fill's `want`, fan-out-checkpoint.ts).
 * If one is, the pass hands the lease over at that consistent point and takes
 * it back afterwards, so a burst of resuming clients waits for one slice, not
 * for a whole pass — while each of them holds a Ws invocation.
 *
 * With the invocation's time left (the Lambda context), a pass also stops
 * while a share of it is left, its position saved: DeliveryUnfinishedError,
 * which the stream handler turns into a retry of the domain's last record, so
 * the next invocation continues from the checkpoint. Nothing is lost (the
 * checkpoint, not the stream records, says what is delivered) and nothing is
 * posted twice by the fan-out (it resumes after the saved position).
 */
import { DOMAINS, type DomainName } from '../../../../schema/model.js';
import {
  type CheckpointState,
  type FanOutCheckpoint,
  LeaseWaitTimeoutError,
  type Vector,
} from './fan-out-checkpoint.js';
import type { RemainingMs, TimeBudget } from './time-budget.js';

/** A pass stops while this share of its invocation's time is left: to save, release and answer. */
export const PASS_STOP_SHARE = 0.2;
/** Default time between two saves (and lease renewals) of a pass. */
export const DEFAULT_SLICE_MS = 1000;

/** The pass stopped before the invocation's deadline with work left; the next invocation continues it. */
export class DeliveryUnfinishedError extends Error {
  constructor(readonly why: string) {
    super(`Delivery unfinished: ${why}; the next invocation continues from the checkpoint`);
    this.name = 'DeliveryUnfinishedError';
  }
}

export class PassLease {
  private lastSave: number;
  /** When the pass last got the lease (its start, or its last hand-over back). */
  private heldSince: number;
  /** Times the pass handed the lease to a waiting back-fill. */
  yields = 0;

  constructor(
    private readonly checkpoint: FanOutCheckpoint,
    readonly owner: string,
    private readonly budget: TimeBudget | null,
    private readonly now: () => number,
    readonly sliceMs = DEFAULT_SLICE_MS,
  ) {
    this.lastSave = now();
    this.heldSince = this.lastSave;
  }

  /** Milliseconds a lease wait may take (undefined: no deadline, the checkpoint's default). */
  maxWaitMs(): number | undefined {
    return this.budget ? this.budget.msUntil(PASS_STOP_SHARE) : undefined;
  }

  /** Milliseconds until the pass must stop, as a clock for its shards (undefined: no deadline). */
  untilStop(): RemainingMs | undefined {
    const budget = this.budget;
    return budget ? () => budget.msUntil(PASS_STOP_SHARE) : undefined;
  }

  /** Waits for the lease at the start of the pass; null when another pass did the work meanwhile (`satisfied`). */
  async acquire(satisfied: (state: CheckpointState) => boolean): Promise<CheckpointState | null> {
    const state = await this.checkpoint.acquire(this.owner, satisfied, {
      maxWaitMs: this.maxWaitMs(),
      turnAfterMs: this.sliceMs,
    });
    this.lastSave = this.now();
    this.heldSince = this.lastSave;
    return state;
  }

  /** False once the pass must stop to end before its invocation does. */
  inTime(): boolean {
    return this.budget === null || this.budget.leaves(PASS_STOP_SHARE);
  }

  sliceOver(): boolean {
    return this.now() - this.lastSave >= this.sliceMs;
  }

  /**
   * Saves the domain's position and renews the lease. When a back-fill waits,
   * hands the lease over and takes it back ('yielded': the caller re-reads the
   * log and the subscribers from the vector, since the back-fill's subscription
   * went live meanwhile). The vector takes what another pass delivered meanwhile.
   */
  async save(domain: DomainName, vector: Vector): Promise<'kept' | 'yielded'> {
    const { wanted } = await this.checkpoint.save(this.owner, { [domain]: vector[domain] });
    this.lastSave = this.now();
    // A slice of work between two hand-overs: back-to-back resumes must not leave the pass none.
    if (!wanted || this.lastSave - this.heldSince < this.sliceMs) return 'kept';
    await this.checkpoint.release(this.owner);
    let state: Awaited<ReturnType<FanOutCheckpoint['acquire']>>;
    try {
      state = await this.checkpoint.acquire(this.owner, undefined, {
        maxWaitMs: this.maxWaitMs(),
        turnAfterMs: this.sliceMs,
      });
    } catch (err) {
      if (err instanceof LeaseWaitTimeoutError) throw new DeliveryUnfinishedError('lease wait after a hand-over');
      throw err;
    }
    if (!state) throw new Error('unreachable: acquire without a condition returned null');
    for (const d of DOMAINS) vector[d] = Math.max(vector[d], state.delivered[d]);
    this.yields++;
    this.lastSave = this.now();
    this.heldSince = this.lastSave;
    return 'yielded';
  }
}
