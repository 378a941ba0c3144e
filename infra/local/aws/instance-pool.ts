/**
 * Lambda's execution environments for one function, emulated: a pool of
 * instances, each with its own module state, that run one invocation at a
 * time (Lambda never gives a busy environment a second event).
 *
 * - An idle instance takes the next invocation (the longest-lived first, as a
 *   warm environment would be reused).
 * - When every instance is busy and fewer than `max` exist, a new one is
 *   built (a cold start), as Lambda scales out on a burst; it stays warm
 *   after (Lambda keeps idle environments for minutes). At `max`, the
 *   invocation waits in FIFO order for the next instance to free up, where
 *   Lambda would scale on to the account's concurrency (1,000 by default) or
 *   throttle at a reserved concurrency. The deadline of a queued invocation
 *   starts when an instance takes it, as Lambda's does.
 * - A discarded instance (its invocation timed out: Lambda throws the
 *   environment away) leaves the pool at once; a fresh one replaces it while
 *   the pool is below its warm size.
 */

export interface PoolSlot<I> {
  /** Names the execution environment (the log stream's suffix). */
  readonly id: string;
  readonly instance: I;
  busy: boolean;
  discarded: boolean;
}

export interface InstancePoolOptions<I> {
  /** The function's logical name (ids are `<name>-<n>`). */
  name: string;
  /** Instances built up front and kept (replaced when discarded). */
  warm: number;
  /** Most instances at once; default `warm` (invocations queue beyond it). */
  max?: number;
  /** Composes one instance: its own store client, caches and handler. */
  build(slot: { id: string; discard: () => void }): I;
}

export interface PoolStats {
  built: number;
  discarded: number;
  /** Invocations that waited because every instance was busy. */
  queued: number;
  /** Most instances busy at once. */
  maxBusy: number;
}

export class InstancePool<I> {
  private readonly slots: PoolSlot<I>[] = [];
  private readonly waiters: ((slot: PoolSlot<I>) => void)[] = [];
  private serial = 0;
  readonly stats: PoolStats = { built: 0, discarded: 0, queued: 0, maxBusy: 0 };
  readonly max: number;

  constructor(private readonly options: InstancePoolOptions<I>) {
    if (!(options.warm >= 1)) throw new Error(`${options.name}: at least one instance, got ${options.warm}`);
    this.max = Math.max(options.max ?? options.warm, options.warm);
    for (let i = 0; i < options.warm; i++) this.slots.push(this.build());
  }

  /** The live instances, oldest first. */
  get instances(): I[] {
    return this.slots.map((s) => s.instance);
  }

  /** Runs `fn` on an instance of its own; the instance is free again when `fn` settles (unless discarded). */
  async run<R>(fn: (slot: PoolSlot<I>) => Promise<R>): Promise<R> {
    const slot = await this.acquire();
    try {
      return await fn(slot);
    } finally {
      this.release(slot);
    }
  }

  /** Throws an instance away (a timeout: Lambda discards the environment). */
  discard(slot: PoolSlot<I>) {
    if (slot.discarded) return;
    slot.discarded = true;
    this.stats.discarded++;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
    if (this.slots.length < this.options.warm) {
      const fresh = this.build();
      this.slots.push(fresh);
      this.handOver(fresh);
    }
  }

  private build(): PoolSlot<I> {
    const id = `${this.options.name}-${++this.serial}`;
    const slot = { id, busy: false, discarded: false } as PoolSlot<I> & { instance: I };
    (slot as { instance: I }).instance = this.options.build({ id, discard: () => this.discard(slot) });
    this.stats.built++;
    return slot;
  }

  private acquire(): Promise<PoolSlot<I>> {
    let slot = this.slots.find((s) => !s.busy);
    if (!slot && this.slots.length < this.max) {
      slot = this.build();
      this.slots.push(slot);
    }
    if (slot) {
      this.take(slot);
      return Promise.resolve(slot);
    }
    this.stats.queued++;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private take(slot: PoolSlot<I>) {
    slot.busy = true;
    this.stats.maxBusy = Math.max(this.stats.maxBusy, this.slots.filter((s) => s.busy).length);
  }

  private release(slot: PoolSlot<I>) {
    if (slot.discarded) {
      // Its replacement (if any) was handed over in discard(); above warm size, a waiter gets a cold start.
      if (this.waiters.length > 0 && this.slots.length < this.max) {
        const fresh = this.build();
        this.slots.push(fresh);
        this.handOver(fresh);
      }
      return;
    }
    slot.busy = false;
    this.handOver(slot);
  }

  /** Gives an idle instance to the longest-waiting invocation, if any. */
  private handOver(slot: PoolSlot<I>) {
    const next = this.waiters.shift();
    if (!next) return;
    this.take(slot);
    next(slot);
  }
}
