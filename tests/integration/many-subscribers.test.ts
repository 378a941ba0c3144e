/**
 * 1,000 concurrent subscribers on the embedded runtime all receive an event;
 * then 300 sockets vanish without `$disconnect` (as when API Gateway loses
 * one): the next delivery gets 410 for them, deletes their rows, and later
 * events go to the live ones only. Timings are printed, not asserted.
 */
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit } from '../../functions/core/map-limit.js';
import { DEFAULT_MAX_INSTANCES } from '../../infra/local/aws/fleet.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { type Collected, client, collect, waitForSubscribers } from '../helpers/ws-client.js';

const N = 1000;
const STALE = 300;

describe(`${N} concurrent subscribers`, () => {
  let hub: TestHub;
  const clients: Client[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await hub.close();
  });

  it('all receive an event; stale connections are cleaned up on 410', async () => {
    const subs: Collected<{ data: { hubEvents: { seq: number } } }>[] = [];
    const t0 = Date.now();
    // While they connect, a client whose connection_init outwaited the 10 s init timeout (4408: the emulator
    // queues invocations beyond the fleet's instances under a loaded machine, where Lambda would scale out)
    // connects again and subscribes again, as a screen does. After that, no retries: the 300 severed
    // sockets below must stay gone.
    let settingUp = true;
    const closes = new Map<number, number>();
    const retryInit = {
      retryAttempts: 5,
      retryWait: () => new Promise<void>((r) => setTimeout(r, 200 + Math.random() * 800)),
      shouldRetry: (e: unknown) => settingUp && (e as { code?: number }).code === 4408,
      on: {
        closed: (e: unknown) => {
          const code = (e as { code?: number }).code ?? 0;
          if (settingUp) closes.set(code, (closes.get(code) ?? 0) + 1);
        },
      },
    };
    // Connecting at most as many at once as the fleet runs Ws instances: each waits for its connection_ack.
    await mapLimit(
      Array.from({ length: N }, (_, i) => i),
      DEFAULT_MAX_INSTANCES,
      async (i) => {
        // A thousand screens, each its own principal (one principal is capped at connectionsPerPrincipal).
        const c = client(hub.port, await hub.token('screen', undefined, `screen-${i}`), retryInit);
        clients.push(c);
        const acked = new Promise<void>((resolve) => {
          const off = c.on('connected', () => {
            off();
            resolve();
          });
          setTimeout(resolve, 30_000); // a client still not acked is retrying; waitForSubscribers below decides
        });
        subs.push(collect(c, 'subscription { hubEvents(domains: [SORTING]) { seq domain cursor } }'));
        await acked;
      },
    );
    // Poll slowly: each poll reads all N rows.
    await waitForSubscribers(hub, 'sorting', N, 200_000, 1000).catch((err) => {
      const failed = subs.flatMap((s) => s.errors.map((e) => (e as { code?: number }).code ?? String(e)));
      throw new Error(`${err.message}; closes while connecting ${JSON.stringify([...closes])}; ended ${failed}`);
    });
    settingUp = false;
    const subscribed = Date.now() - t0;

    const report = (day: number) =>
      hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
        street: '410104001',
        date: `2026-11-${String(day).padStart(2, '0')}`,
        coverageRate: 95,
        recoveryRate: 35,
      });
    const t1 = Date.now();
    await report(1);
    await Promise.all(subs.map((s) => s.waitFor(1, 60_000)));
    const first = Date.now() - t1;

    // 300 sockets vanish without $disconnect: their rows stay until a post gets 410.
    const stale = [...hub.ws.connections.keys()].slice(0, STALE);
    for (const id of stale) hub.ws.sever(id);
    const t2 = Date.now();
    await report(2);
    await hub.stream.idle();
    const withStale = Date.now() - t2;
    expect(hub.realtime.fanOut.stats.gone).toBe(STALE);
    expect((await hub.realtime.store.subscribers('sorting', Date.now())).length).toBe(N - STALE);
    for (const id of stale) expect(await hub.realtime.store.getConnection(id)).toBeNull();

    const t3 = Date.now();
    await report(3);
    await hub.stream.idle();
    const after = Date.now() - t3;
    const live = subs.filter((s) => s.items.length >= 2);
    expect(live).toHaveLength(N - STALE);
    for (const s of live) expect(s.items.map((i) => i.data.hubEvents.seq)).toEqual([1, 2, 3]);
    expect(hub.realtime.fanOut.stats.gone).toBe(STALE); // no further 410s: the stale ones are gone

    console.log(
      `many-subscribers: ${N} subscribed in ${subscribed} ms (closes while connecting: ${JSON.stringify([...closes])}); event to all ${N} in ${first} ms; ` +
        `next event with ${STALE} stale (410, cleaned up) in ${withStale} ms; following event to ${N - STALE} in ${after} ms`,
    );
  }, 300_000);
});
