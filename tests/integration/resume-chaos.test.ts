/**
 * Chaos: a subscriber is cut at random moments during 2,000 reports across the
 * three domains and reconnects each time with the cursor of the last event it
 * received. After dropping duplicates by (domain, seq) it must hold every seq
 * of every domain exactly once, each domain in order. Seeded, so a failure
 * replays.
 */
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub } from '../../functions/core/compose/hub.js';
import { mergeLimits } from '../../functions/core/limits/hub-limits.js';
import { encodeCursor } from '../../schema/cursor.js';
import { REPORT_DOMAINS, type ReportDomain } from '../../schema/model.js';
import { mulberry32 } from '../helpers/random.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { client } from '../helpers/ws-client.js';

const SEED = 20261127;
const REPORTS = 2000;

const SUB = `subscription($after: String) {
  hubEvents(domains: [CONSTRUCTION, SORTING, HOUSING], after: $after) { seq domain cursor }
}`;

type Ev = { seq: number; domain: string; cursor: string };

describe('resume with the last cursor through random cuts', () => {
  let hub: TestHub;
  beforeAll(async () => {
    // One subscriber cut every 20–420 ms reconnects far more often than a screen: lift its connection-attempt limit.
    const { limits } = mergeLimits({ connectionAttempts: { limit: 100_000, windowSeconds: 60 } });
    hub = await startTestHub({ withReference: true, configure: { limits } });
  });
  afterAll(() => hub.close());

  it(`misses nothing across ${REPORTS} reports`, async () => {
    const random = mulberry32(SEED);
    const token = await hub.token('screen');
    const seen = new Map<string, Set<number>>(REPORT_DOMAINS.map((d) => [d.toUpperCase(), new Set<number>()]));
    const maxSeen = new Map<string, number>(REPORT_DOMAINS.map((d) => [d.toUpperCase(), 0]));
    const outOfOrder: string[] = [];
    let duplicates = 0;
    let received = 0;
    let cursor = encodeCursor({ construction: 0, sorting: 0, housing: 0 });
    let cuts = 0;
    let stopped = false;
    let current: Client | null = null;

    // One subscriber session after another: each runs until cut, then resumes from `cursor`.
    const session = () =>
      new Promise<void>((resolve) => {
        let socket: { terminate(): void } | null = null;
        const c = client(hub.port, token, {
          on: {
            connected: (s) => {
              socket = s as { terminate(): void };
              const cutAfter = 20 + random() * 400;
              setTimeout(() => {
                if (!stopped && socket) {
                  cuts++;
                  socket.terminate();
                }
              }, cutAfter);
            },
          },
        });
        current = c;
        c.subscribe<{ hubEvents: Ev }>(
          { query: SUB, variables: { after: cursor } },
          {
            next: ({ data }) => {
              const e = data!.hubEvents;
              received++;
              const set = seen.get(e.domain)!;
              if (set.has(e.seq)) duplicates++;
              else {
                if (e.seq !== maxSeen.get(e.domain)! + 1)
                  outOfOrder.push(`${e.domain}#${e.seq} after ${maxSeen.get(e.domain)}`);
                set.add(e.seq);
                maxSeen.set(e.domain, Math.max(maxSeen.get(e.domain)!, e.seq));
              }
              cursor = e.cursor;
            },
            error: () => {
              void c.dispose();
              resolve();
            },
            complete: () => {
              void c.dispose();
              resolve();
            },
          },
        );
      });
    const subscriber = (async () => {
      while (!stopped) await session();
    })();

    // Three departments report concurrently through the services (the HTTP path is covered elsewhere).
    const started = Date.now();
    // Reports leave projection to the stream (batched), as the seed does: this test is about delivery.
    const reports = composeHub({
      ddb: hub.runtime.ddb,
      hubTable: hub.config.hubTable,
      projectOnWrite: false,
      sharedProjector: hub.runtime.hub.projector,
    }).services.reports;
    const perDomain = (d: ReportDomain) => Math.floor(REPORTS / 3) + (d === 'construction' ? REPORTS % 3 : 0);
    await Promise.all(
      REPORT_DOMAINS.map(async (d) => {
        const who = dept(d);
        for (let i = 0; i < perDomain(d); i++) {
          if (d === 'sorting') {
            await reports.reportSortingRate(who, {
              street: '410104001',
              date: `2026-11-${String(1 + (i % 20)).padStart(2, '0')}`,
              coverageRate: 90 + (i % 10),
              recoveryRate: 30 + (i % 10),
            });
          } else if (d === 'construction') {
            await reports.reportProjectProgress(who, {
              project: `P-${1 + (i % 3)}`,
              period: '2026-10',
              investment: 100 + i,
            });
          } else {
            await reports.reportHousingDelivery(who, {
              project: `H-${1 + (i % 2)}`,
              date: '2026-11-01',
              deliveredUnits: i % 400,
            });
          }
        }
      }),
    );
    const reported = Date.now();
    await hub.stream.idle();
    const heads = Object.fromEntries(
      await Promise.all(
        REPORT_DOMAINS.map(async (d) => [d.toUpperCase(), (await hub.runtime.hub.services.audit.verifyLog(d)).headSeq]),
      ),
    ) as Record<string, number>;
    // Let the subscriber catch up, still being cut now and then.
    const deadline = Date.now() + 40_000;
    while (Date.now() < deadline && [...seen].some(([d, s]) => s.size < heads[d])) {
      await new Promise((r) => setTimeout(r, 100));
    }
    stopped = true;
    await (current as Client | null)?.dispose();
    await Promise.race([subscriber, new Promise((r) => setTimeout(r, 2000))]);

    console.log(
      `chaos: ${REPORTS} reports in ${reported - started} ms, caught up after ${Date.now() - started} ms; ` +
        `${cuts} cuts, ${received} messages, ${duplicates} duplicates dropped; heads ${JSON.stringify(heads)}`,
    );
    expect(outOfOrder).toEqual([]);
    for (const [d, set] of seen) {
      expect(set.size, `${d} seqs received`).toBe(heads[d]);
      expect(Math.max(...set)).toBe(heads[d]);
    }
    expect(cuts).toBeGreaterThan(5);
  }, 120_000);
});
