/**
 * Parallel delivery (shards.ts): the posts of a group of events split by
 * connection into shards of a bounded size; each connection in exactly one
 * shard, its events in log order; a shard never waits for another's slow
 * post; a gone connection gets nothing more of the group; a shard short of
 * time stops within an event, and the connections it cut (each with a prefix
 * of its posts) are closed for resume (1011), removed and named.
 */
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../functions/core/logger.js';
import type { ConnectionStore } from '../../functions/core/realtime/connections/connection-store.js';
import { GoneError, type RealtimeSocket } from '../../functions/core/realtime/connections/socket.js';
import {
  deliverShard,
  inProcessShards,
  type PlannedPost,
  planShards,
} from '../../functions/core/realtime/delivery/shards.js';

const events = [1, 2, 3].map((seq) => ({ domain: 'sorting' as const, seq }));
const everyone = (n: number): PlannedPost[] =>
  Array.from({ length: n }, (_, i) => ({ connectionId: `c${i}`, id: 's', payload: 0 }));

describe('planShards', () => {
  it('puts each connection in one shard of at most shardSize, every event of it in order', () => {
    const jobs = planShards(events, ['{}'], [everyone(7), everyone(7), everyone(5)], 3);
    expect(jobs).toHaveLength(3);
    const owners = new Map<string, number>();
    for (const [j, job] of jobs.entries()) {
      const mine = new Set(job.posts.flat().map(([c]) => c));
      expect(mine.size).toBeLessThanOrEqual(3);
      for (const c of mine) {
        expect(owners.has(c)).toBe(false);
        owners.set(c, j);
      }
    }
    expect(owners.size).toBe(7);
    // c6 is in no post of the third event: its shard lists it for the first two only.
    const c6 = jobs[owners.get('c6') as number].posts.map((posts) => posts.some(([c]) => c === 'c6'));
    expect(c6).toEqual([true, true, false]);
  });

  it('plans nothing when nobody is to be posted', () => {
    expect(planShards(events, [], [[], [], []], 250)).toEqual([]);
  });
});

describe('inProcessShards', () => {
  const store = { removeConnection: async () => {}, removeSubscription: async () => {} } as unknown as ConnectionStore;

  it('delivers shards in parallel: a slow connection holds up only its own shard', async () => {
    const got: string[] = [];
    let release = () => {};
    const slow = new Promise<void>((r) => {
      release = r;
    });
    const socketFor = (c: string): RealtimeSocket => ({
      async send(m) {
        if (c === 'c0') await slow;
        got.push(`${c}:${JSON.parse(m).payload.seq}`);
      },
      async close() {},
    });
    const run = inProcessShards({ store, socketFor, logger: silentLogger, concurrency: 4 });
    const payloads = events.map((e) => JSON.stringify({ seq: e.seq }));
    const posts = events.map((_, i) => everyone(4).map((p) => ({ ...p, payload: i })));
    const jobs = planShards(events, payloads, posts, 2);
    const done = run(jobs);
    await new Promise((r) => setTimeout(r, 50));
    // The other shard (c2, c3) has every event, in order, while c0 still hangs.
    expect(got.filter((g) => g.startsWith('c2'))).toEqual(['c2:1', 'c2:2', 'c2:3']);
    expect(got.filter((g) => g.startsWith('c3'))).toEqual(['c3:1', 'c3:2', 'c3:3']);
    expect(got.filter((g) => g.startsWith('c1'))).toEqual(['c1:1']);
    release();
    const outcomes = await done;
    expect(outcomes.reduce((n, o) => n + o.posted, 0)).toBe(12);
    expect(got.filter((g) => g.startsWith('c0'))).toEqual(['c0:1', 'c0:2', 'c0:3']);
  });

  it('a gone connection gets nothing more of the group and is reported', async () => {
    const attempts: string[] = [];
    const socketFor = (c: string): RealtimeSocket => ({
      async send() {
        attempts.push(c);
        if (c === 'c1') throw new GoneError(c);
      },
      async close() {},
    });
    const run = inProcessShards({ store, socketFor, logger: silentLogger, concurrency: 4 });
    const jobs = planShards(events, ['{"payload":{}}'], [everyone(2), everyone(2), everyone(2)], 250);
    const [outcome] = await run(jobs);
    expect(outcome.gone).toEqual(['c1']);
    expect(attempts.filter((c) => c === 'c1')).toHaveLength(1);
    expect(attempts.filter((c) => c === 'c0')).toHaveLength(3);
  });

  /** Sockets that record each connection's seqs and close codes. */
  const recording = () => {
    const got = new Map<string, number[]>();
    const closes = new Map<string, number>();
    const removed: string[] = [];
    const socketFor = (c: string): RealtimeSocket => ({
      async send(m) {
        got.set(c, [...(got.get(c) ?? []), JSON.parse(m).payload.seq]);
      },
      async close(code) {
        closes.set(c, code);
      },
    });
    const store = {
      removeConnection: async (c: string) => void removed.push(c),
      removeSubscription: async () => {},
    } as unknown as ConnectionStore;
    return { got, closes, removed, deps: { store, socketFor, logger: silentLogger, concurrency: 1 } };
  };
  const seqJobs = (connections: number) => {
    const payloads = events.map((e) => JSON.stringify({ seq: e.seq }));
    return planShards(
      events,
      payloads,
      events.map((_, i) => everyone(connections).map((p) => ({ ...p, payload: i }))),
      250,
    );
  };

  it('a shard out of time stops within an event; the connections it cut are ended for resume and named', async () => {
    const r = recording();
    let started = 0;
    // Time for three posts (one at a time): c0 and c1 get event 1, c0 event 2; c1 is cut within event 2.
    const outcome = await deliverShard(seqJobs(2)[0], r.deps, () => started++ < 3);
    expect(r.got).toEqual(
      new Map([
        ['c0', [1, 2]],
        ['c1', [1]],
      ]),
    );
    expect(outcome).toMatchObject({ posted: 3, through: 1, failed: [], gone: [] });
    expect(outcome.cut.sort()).toEqual(['c0', 'c1']);
    expect(r.closes).toEqual(
      new Map([
        ['c0', 1011],
        ['c1', 1011],
      ]),
    );
    expect(r.removed.sort()).toEqual(['c0', 'c1']);
  });

  it("in process, a shard starts no post past the pass's stop point", async () => {
    const r = recording();
    let untilStop = 550;
    const slowSockets = (c: string): RealtimeSocket => {
      const inner = r.deps.socketFor(c);
      // Every post costs 100 ms of the pass's time.
      const send = (m: string) => {
        untilStop -= 100;
        return inner.send(m);
      };
      return { send, close: (code, why) => inner.close(code, why) };
    };
    const run = inProcessShards({ ...r.deps, socketFor: slowSockets });
    const [outcome] = await run(seqJobs(2), () => untilStop);
    // Room for 6 posts before the stop point: all 6 made.
    expect(outcome).toMatchObject({ posted: 6, through: 3, cut: [] });
    untilStop = 250;
    const [short] = await run(seqJobs(3), () => untilStop);
    // Room for 3: event 1 to each connection, then all three cut.
    expect(short).toMatchObject({ posted: 3, through: 1 });
    expect(short.cut.sort()).toEqual(['c0', 'c1', 'c2']);
  });
});
