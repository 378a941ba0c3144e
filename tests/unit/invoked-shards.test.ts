/**
 * Delivery by Deliver invocations (invoked-shards.ts, job-pieces.ts,
 * deliver-request.ts) against a Lambda stand-in that runs the real Deliver
 * handler in this process:
 * - a job whose request would exceed the payload limit is split by connection,
 *   every piece under it, each connection in exactly one piece, all its events in order;
 * - one connection's job still over the limit is posted in process;
 * - a lone shard costs no invocation;
 * - a Deliver that runs short of its time stops posting, within an event too, ends the
 *   connections it cut for resume (1011) and names them; nothing comes back to post in
 *   process: each connection got a prefix of its events, in order, none twice.
 */
import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../functions/core/logger.js';
import type { ConnectionStore } from '../../functions/core/realtime/connections/connection-store.js';
import type { RealtimeSocket } from '../../functions/core/realtime/connections/socket.js';
import {
  DeliverRequestError,
  encodeDeliverRequest,
  makeDeliverHandler,
  parseDeliverRequest,
} from '../../functions/core/realtime/delivery/deliver-request.js';
import { invokedShards } from '../../functions/core/realtime/delivery/invoked-shards.js';
import { connectionsOf, splitToFit } from '../../functions/core/realtime/delivery/job-pieces.js';
import { deliverShard, type PlannedPost, planShards } from '../../functions/core/realtime/delivery/shards.js';

const store = { removeConnection: async () => {}, removeSubscription: async () => {} } as unknown as ConnectionStore;
const events = [1, 2, 3, 4].map((seq) => ({ domain: 'sorting' as const, seq }));

/** Every connection its own payload per event (distinct selections), so requests grow with connections. */
function group(connections: number, payloadBytes: number) {
  const payloads: string[] = [];
  const posts: PlannedPost[][] = events.map((e) =>
    Array.from({ length: connections }, (_, c) => {
      const payload = payloads.push(JSON.stringify({ seq: e.seq, pad: 'x'.repeat(payloadBytes) })) - 1;
      return { connectionId: `c${c}`, id: 's', payload };
    }),
  );
  return { payloads, posts };
}

function rig(options: { slowMs?: number; onPost?: () => void; concurrency?: number } = {}) {
  const got = new Map<string, number[]>();
  const closes: string[] = [];
  const socketFor = (c: string): RealtimeSocket => ({
    async send(m) {
      options.onPost?.();
      if (options.slowMs) await new Promise((r) => setTimeout(r, options.slowMs));
      got.set(c, [...(got.get(c) ?? []), JSON.parse(m).payload.seq]);
    },
    async close(code) {
      closes.push(`${c}:${code}`);
    },
  });
  const deps = { store, socketFor, logger: silentLogger, concurrency: options.concurrency ?? 8 };
  const deliver = makeDeliverHandler(deps);
  const requests: number[] = [];
  const lambda = {
    async send(command: InvokeCommand) {
      const body = command.input.Payload as Uint8Array;
      requests.push(body.length);
      const outcome = await deliver(JSON.parse(Buffer.from(body).toString('utf8')));
      return { Payload: Buffer.from(JSON.stringify(outcome)) };
    },
  };
  const here: string[][] = [];
  const runner = (maxPayloadBytes?: number) =>
    invokedShards({
      lambda: lambda as never,
      functionName: 'Deliver',
      here: (job) => {
        here.push(connectionsOf(job));
        return deliverShard(job, deps);
      },
      store,
      socketFor,
      logger: silentLogger,
      maxPayloadBytes,
    });
  return { got, closes, requests, here, runner, deliver };
}

const inOrder = (got: Map<string, number[]>, connections: number) => {
  expect(got.size).toBe(connections);
  for (const seqs of got.values()) expect(seqs).toEqual([1, 2, 3, 4]);
};

describe('invokedShards', () => {
  it('splits a job over the payload limit by connection; every piece fits; each connection once, in order', async () => {
    const { payloads, posts } = group(6, 1000);
    const jobs = planShards(events, payloads, posts, 3);
    const size = encodeDeliverRequest({ job: jobs[1], budgetMs: 0 }).length;
    const limit = Math.ceil(size / 2);
    const r = rig();
    const outcomes = await r.runner(limit)(jobs);
    expect(r.requests.length).toBeGreaterThan(1);
    for (const bytes of r.requests) expect(bytes).toBeLessThanOrEqual(limit);
    expect(outcomes.map((o) => o.posted)).toEqual([12, 12]);
    inOrder(r.got, 6);
  });

  it("posts one connection's job still over the limit in process; a lone shard costs no invocation", async () => {
    const { payloads, posts } = group(2, 5000);
    const jobs = planShards(events, payloads, posts, 1);
    const r = rig();
    await r.runner(1000)(jobs);
    expect(r.requests).toEqual([]);
    expect(r.here).toEqual([['c0'], ['c1']]);
    inOrder(r.got, 2);
    const alone = rig();
    await alone.runner()(planShards(events, payloads, posts, 250));
    expect(alone.requests).toEqual([]);
  });

  it('a Deliver short of time stops within an event, ends the connections it cut and names them', async () => {
    const { payloads, posts } = group(3, 10);
    const jobs = planShards(events, payloads, posts, 3);
    // The invocation's clock: each post costs 100 ms of a 1,000 ms invocation; it stops with 20% left.
    let left = 1000;
    const r = rig({
      onPost: () => {
        left -= 100;
      },
      concurrency: 1,
    });
    const outcome = await r.deliver({ job: jobs[0] }, { getRemainingTimeInMillis: () => left });
    expect(outcome).toMatchObject({ posted: 8, through: 2, failed: [], gone: [] });
    // c0, c1 got events 1–3, c2 only 1–2: cut within event 3; all three ended for resume.
    expect([...r.got.entries()]).toEqual([
      ['c0', [1, 2, 3]],
      ['c1', [1, 2, 3]],
      ['c2', [1, 2]],
    ]);
    expect(outcome.cut.sort()).toEqual(['c0', 'c1', 'c2']);
    expect(r.closes.sort()).toEqual(['c0:1011', 'c1:1011', 'c2:1011']);
  });

  it("the caller gives a Deliver its shard's share of the pass's time, and posts nothing after it", async () => {
    const { payloads, posts } = group(4, 10);
    const jobs = planShards(events, payloads, posts, 2);
    const r = rig({ slowMs: 30 });
    // The pass has ~60 ms left: the Deliver gets 80% of it and stops while 20% of that is left.
    const outcomes = await r.runner()(jobs, () => 60);
    expect(r.here.length).toBe(1); // the first shard only: a Deliver's cut connections are not posted here
    expect(r.requests).toHaveLength(1);
    const invoked = outcomes[1];
    expect(invoked.cut.sort()).toEqual(['c2', 'c3']);
    expect(invoked.through).toBeLessThan(events.length);
    for (const c of ['c2', 'c3']) expect(r.got.get(c)).toEqual([1, 2, 3, 4].slice(0, r.got.get(c)?.length));
  });
});

describe('splitToFit and the Deliver request', () => {
  it('re-indexes payloads so a piece carries only its own', () => {
    const { payloads, posts } = group(4, 100);
    const [job] = planShards(events, payloads, posts, 4);
    const size = (j: typeof job) => JSON.stringify(j).length;
    const pieces = splitToFit(job, size, size(job) / 3);
    expect(pieces.every((p) => p.fits)).toBe(true);
    expect(pieces.map((p) => connectionsOf(p.job))).toEqual([['c0'], ['c1'], ['c2'], ['c3']]);
    for (const p of pieces) expect(p.job.payloads).toHaveLength(4);
  });

  it('names what is wrong with a malformed request', () => {
    expect(() => parseDeliverRequest(null)).toThrow(/job is missing/);
    expect(() => parseDeliverRequest({ job: { events: [], payloads: [], posts: [[]] } })).toThrow(
      /one list per event \(0\)/,
    );
    const job = { events: [events[0]], payloads: ['{}'], posts: [[['c', 's', 1, null]]] };
    expect(() => parseDeliverRequest({ job })).toThrow(DeliverRequestError);
    expect(() => parseDeliverRequest({ job, budgetMs: -1 })).toThrow(/budgetMs/);
  });
});
