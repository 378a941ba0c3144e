/**
 * The bench's raw subscribers (tests/bench/peers/raw-subscribers.ts) resume as
 * screens do: a subscriber the hub ends for resume (1011, what a Deliver that
 * failed or was cut for its deadline does to its shard) reconnects and
 * subscribes again from the cursor of the last event it got, so a full-scale
 * AWS-model run keeps measuring every subscriber. Each event is counted once
 * per subscriber: what arrives twice is dropped by seq.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../functions/core/logger.js';
import { endForResume } from '../../functions/core/realtime/delivery/send-next.js';
import { RawSubscribers } from '../bench/peers/raw-subscribers.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';

const N = 6;

describe("the bench's raw subscribers", () => {
  let hub: TestHub;
  let subs: RawSubscribers;
  let day = 0;
  const report = async () => {
    const event = await hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: `2026-08-${String(++day).padStart(2, '0')}`,
      coverageRate: 88,
      recoveryRate: 31,
    });
    return event.seq;
  };
  const connections = async () =>
    (await hub.realtime.store.subscribers('sorting', Date.now())).map((s) => s.connectionId);
  const everyoneGets = async (seq: number) => {
    expect(await subs.lastArrival(seq, 30_000)).not.toBeNull();
    expect(subs.received(seq)).toBe(N);
  };

  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    // Each its own principal, as in the bench (peer-process.ts screenTokens).
    subs = new RawSubscribers(hub.url, (from, count) =>
      Promise.all(Array.from({ length: count }, (_, i) => hub.token('screen', undefined, `screen-${from + i}`))),
    );
    await subs.open(N);
    const deadline = Date.now() + 20_000;
    while ((await connections()).length < N && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }, 60_000);
  afterAll(async () => {
    subs?.close();
    await hub?.close();
  });

  it('resume from their last cursor after a 1011 and get every event once', async () => {
    for (let i = 0; i < 2; i++) await everyoneGets(await report());
    // Half of them ended for resume, as a failed or cut shard ends its connections.
    const ctx = { store: hub.realtime.store, logger: silentLogger };
    for (const c of (await connections()).slice(0, N / 2))
      await endForResume(ctx, hub.realtime.protocol.socketFor(c), c);
    // Reported while they reconnect: the back-fill from their cursor or the live delivery brings each once.
    for (let i = 0; i < 2; i++) await everyoneGets(await report());
    expect(subs.resumes).toBe(N / 2);
    expect(subs.size).toBe(N);
  }, 60_000);
});
