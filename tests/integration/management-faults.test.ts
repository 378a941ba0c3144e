/**
 * Injected PostToConnection faults reach the real management API client as
 * AWS sends them: a 410 GoneException drops the connection (the fan-out
 * deletes its rows; no `$disconnect` came), and 429 LimitExceededException
 * on a healthy subscriber's posts loses no event: the SDK and the fan-out
 * retry, and the subscriber ends with every event once, in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { client, collect, waitForSubscribers } from '../helpers/ws-client.js';

const SORTING = 'mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { seq } } }';
const SUB = 'subscription { hubEvents(domains: [SORTING]) { seq } }';
type Next = { data: { hubEvents: { seq: number } } };

/** Connects a screen and returns its client, its collected events and its gateway connection id. */
async function subscriber(hub: TestHub, expected: number) {
  const before = new Set(hub.ws.connections.keys());
  const c = client(hub.port, await hub.token('screen'));
  const events = collect<Next>(c, SUB);
  await waitForSubscribers(hub, 'sorting', expected);
  const id = [...hub.ws.connections.keys()].find((k) => !before.has(k));
  if (!id) throw new Error('no new gateway connection');
  return { c, events, id };
}

describe('management API faults (PostToConnection)', () => {
  let hub: TestHub;
  afterEach(() => hub.close());
  let day = 0;
  /** Reports `days` more days (each a new event). */
  const reportDays = async (days: number) => {
    const sorting = await hub.token('department', 'sorting');
    for (const last = day + days; day < last; ) {
      day++;
      const input = {
        street: '410104001',
        date: `2026-04-${String(day).padStart(2, '0')}`,
        coverageRate: 95,
        recoveryRate: 36,
      };
      await hub.gql(SORTING, { input }, sorting);
    }
    await hub.stream.idle();
  };

  it('an injected 410 drops that connection (rows deleted by the fan-out); the other subscriber gets the event', async () => {
    hub = await startTestHub({ withReference: true });
    const gone = await subscriber(hub, 1);
    const healthy = await subscriber(hub, 2);
    hub.ws.managementFaults.configure({ goneRatio: 1, connectionIds: new Set([gone.id]) });

    await reportDays(1);
    await healthy.events.waitFor(1);
    expect(hub.ws.managementFaults.stats.gone).toBe(1);
    // Dropped without $disconnect: only the fan-out's 410 handling can have removed the rows.
    expect(await hub.realtime.store.getConnection(gone.id)).toBeNull();
    expect(await hub.realtime.store.getConnection(healthy.id)).not.toBeNull();
    await waitForSubscribers(hub, 'sorting', 1);
    await gone.events.done;
    expect(gone.events.items).toEqual([]);
    await reportDays(1);
    await healthy.events.waitFor(2);
    expect(healthy.events.items.map((i) => i.data.hubEvents.seq)).toEqual([1, 2]);
    await healthy.c.dispose();
    await gone.c.dispose();
  });

  it('injected 429s and latency lose no event for a healthy subscriber', async () => {
    hub = await startTestHub({ withReference: true });
    const s = await subscriber(hub, 1);
    hub.ws.managementFaults.configure({
      throttleRatio: 0.3,
      latencyMs: [0, 20],
      seed: 8,
      connectionIds: new Set([s.id]),
    });

    await reportDays(12);
    await s.events.waitFor(12, 30_000);
    expect(hub.ws.managementFaults.stats.throttled).toBeGreaterThan(0);
    expect(s.events.items.map((i) => i.data.hubEvents.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(s.events.errors).toEqual([]);
    expect(hub.realtime.fanOut.stats.failed).toBe(0);
    await s.c.dispose();
  });

  it('a subscriber throttled on every post is closed (1011) to resume, never skipped silently', async () => {
    hub = await startTestHub({ withReference: true });
    const s = await subscriber(hub, 1);
    hub.ws.managementFaults.configure({ throttleRatio: 1, connectionIds: new Set([s.id]) });
    await reportDays(1);
    await s.events.done;
    expect((s.events.errors[0] as { code: number }).code).toBe(1011);
    // Every attempt of retrying-socket.ts met 429.
    expect(hub.ws.managementFaults.stats.throttled).toBeGreaterThanOrEqual(3);
    expect(hub.realtime.fanOut.stats.failed).toBe(1);
    expect(await hub.realtime.store.getConnection(s.id)).toBeNull();
    await s.c.dispose();
  });
});
