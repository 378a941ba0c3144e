/**
 * The fan-out lease under a storm of resuming clients. Back-fills ask for the
 * lease with priority (`want`) and a pass hands it over at the end of a slice
 * (pass-lease.ts). When back-fills keep coming back to back — every screen of
 * a wall idle-closed at once and resuming, say — a pass must still get the
 * lease back after one slice of hand-overs (its `turn`), or the stream never
 * finishes its pass and nothing new is delivered to anyone. The day-on-AWS
 * soak hung exactly so: every subscriber kept resuming, the pass waited for a
 * moment without a `want` that never came.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FanOutCheckpoint, type Vector } from '../../functions/core/realtime/delivery/fan-out-checkpoint.js';
import { PassLease } from '../../functions/core/realtime/delivery/pass-lease.js';
import { countdown, TimeBudget } from '../../functions/core/realtime/delivery/time-budget.js';
import { DOMAINS } from '../../schema/model.js';
import { startTestStore, TABLES, type TestStore } from '../helpers/test-store.js';

const SLICE_MS = 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the fan-out lease under back-to-back back-fills', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(() => t?.close());

  it('a pass that hands the lease over gets it back within about a slice while more back-fills keep coming', async () => {
    const checkpoint = new FanOutCheckpoint(t.ddb, TABLES.hubTable, { pollMs: 10 });
    let storming = true;
    let wentLive = 0;
    const backfill = async (n: number) => {
      const owner = `backfill#${n}`;
      await checkpoint.acquire(owner, undefined, { priority: true, maxWaitMs: 20_000 });
      wentLive++;
      await sleep(20); // its phase 2 and going live
      await checkpoint.release(owner);
    };
    // Three back-fills always waiting: each one that goes live is replaced by the next at once.
    const storm = Promise.all(
      [0, 1, 2].map(async (k) => {
        for (let n = k; storming; n += 3) await backfill(n);
      }),
    );
    await sleep(50);

    // A pass with 8 s of invocation left: with no turn it would wait for a moment without a `want` until it had to stop.
    const pass = new PassLease(checkpoint, 'fanout#pass', new TimeBudget(countdown(8000)), Date.now, SLICE_MS);
    expect(await pass.acquire(() => false)).not.toBeNull();
    const vector = Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Vector;
    try {
      // Ten slices of work, saved at each end: each save hands the lease to the waiting back-fills and takes it back
      // (a starved pass throws DeliveryUnfinishedError here when its lease wait runs out).
      for (let i = 1; i <= 10; i++) {
        await sleep(SLICE_MS);
        vector.sorting = i;
        await pass.save('sorting', vector);
      }
      await checkpoint.release(pass.owner, vector);
    } finally {
      storming = false;
      await storm;
    }

    expect(pass.yields, 'the pass handed the lease over at its slice ends').toBeGreaterThanOrEqual(5);
    expect(wentLive, 'back-fills kept going live meanwhile').toBeGreaterThanOrEqual(5);
    expect((await checkpoint.read()).delivered.sorting).toBe(10);
  }, 30_000);
});
