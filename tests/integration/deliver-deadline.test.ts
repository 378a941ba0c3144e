/**
 * Issue 10: a Deliver invocation whose shard cannot finish before its deadline
 * stops posting, within an event, while a share of its time is left; it ends
 * the connections it cut for resume (1011, removed) and names them, so the
 * Stream's pass can save its position past the group. The cut screens resume
 * from the last cursor they got, as the web client does; with the next pass,
 * every screen has every event exactly once, in order.
 *
 * Not timed: the Deliver's Lambda context is a clock that each post advances
 * (100 ms of a 1,000 ms invocation), so where it stops is decided, not raced.
 */
import type { InvokeCommand } from '@aws-sdk/client-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../functions/core/logger.js';
import type { RealtimeSocket } from '../../functions/core/realtime/connections/socket.js';
import { makeDeliverHandler } from '../../functions/core/realtime/delivery/deliver-request.js';
import type { HubFanOut } from '../../functions/core/realtime/delivery/fan-out.js';
import { FanOutCheckpoint } from '../../functions/core/realtime/delivery/fan-out-checkpoint.js';
import { invokedShards } from '../../functions/core/realtime/delivery/invoked-shards.js';
import { runShard } from '../../functions/core/realtime/delivery/shards.js';
import { countdown } from '../../functions/core/realtime/delivery/time-budget.js';
import { encodeCursor } from '../../schema/cursor.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';
import { TABLES } from '../helpers/test-store.js';

const SCREENS = 6;
const SUB = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq cursor } }';
const SCREEN = { sub: 'wall', role: 'screen' } as const;
/** The Deliver's invocation: 1,000 ms, of which each post takes 100 ms. */
const INVOCATION_MS = 1000;
const POST_MS = 100;

type Next = { seq: number; cursor: string };
const nextsOf = (rig: DeliveryRig, connectionId: string): Next[] =>
  (rig.sockets.messages.get(connectionId) ?? [])
    .filter((m) => m.type === 'next')
    .map((m) => (m.payload as { data: { hubEvents: Next } }).data.hubEvents);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('a Deliver invocation that cannot finish its shard before its deadline', () => {
  let rig: DeliveryRig;
  let fanOut: HubFanOut;
  let day = 0;
  const report = () =>
    rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104003',
      date: `2026-09-${String(++day).padStart(2, '0')}`,
      coverageRate: 85,
      recoveryRate: 33,
    });
  /** A Lambda stand-in: the real Deliver handler, its context's clock advanced by its own posts. */
  const lambda = {
    async send(command: InvokeCommand) {
      let posts = 0;
      const socketFor = (c: string): RealtimeSocket => {
        const socket = rig.socketFor(c);
        const send = (m: string) => {
          posts++;
          return socket.send(m);
        };
        return { send, close: (code, why) => socket.close(code, why) };
      };
      const deliver = makeDeliverHandler({ store: rig.main.store, socketFor, logger: silentLogger, concurrency: 1 });
      const request = JSON.parse(Buffer.from(command.input.Payload as Uint8Array).toString('utf8'));
      const outcome = await deliver(request, { getRemainingTimeInMillis: () => INVOCATION_MS - POST_MS * posts });
      return { Payload: Buffer.from(JSON.stringify(outcome)) };
    },
  };

  beforeAll(async () => {
    rig = await startDeliveryRig();
    const deps = { store: rig.main.store, socketFor: rig.socketFor, logger: silentLogger, concurrency: 1 };
    const shards = invokedShards({
      lambda: lambda as never,
      functionName: 'Deliver',
      here: (job, left) => runShard(job, deps, left),
      ...deps,
    });
    // Shards of 3: the first in the Stream (this process), the second by a Deliver invocation.
    fanOut = rig.instance({ shardSize: 3, shards }).fanOut;
    for (let i = 0; i < SCREENS; i++) {
      await rig.connect(`s${i}`, SCREEN);
      await rig.subscribe(`s${i}`, 's', SUB, { after: encodeCursor({ sorting: 0 }) }, 1);
    }
  }, 120_000);
  afterAll(() => rig?.close());

  it('stops within an event, ends the connections it cut; they resume and the next pass loses and doubles nothing', async () => {
    // Five events, projected and not delivered yet: one group of 5 × 6 posts.
    for (let i = 0; i < 5; i++) await report();
    await fanOut.deliver('sorting', countdown(60_000));

    // The Deliver had time for 8 of its 15 posts (it stops with 20% of 1,000 ms left): events 1 and 2 to its
    // three screens, event 3 to two of them. All three are ended for resume, none posted twice.
    const cut = [...rig.sockets.closes.entries()].filter(([, codes]) => codes.includes(1011)).map(([c]) => c);
    expect(cut).toHaveLength(3);
    expect(fanOut.stats).toMatchObject({ cut: 3, failed: 0 });
    expect(cut.map((c) => nextsOf(rig, c).length).sort()).toEqual([2, 3, 3]);
    for (const c of cut) expect(nextsOf(rig, c).map((n) => n.seq)).toEqual(range(1, nextsOf(rig, c).length));
    const whole = range(0, SCREENS - 1)
      .map((i) => `s${i}`)
      .filter((c) => !cut.includes(c));
    for (const c of whole) expect(nextsOf(rig, c).map((n) => n.seq)).toEqual(range(1, 5));
    // The pass saved its position past the group: the cut screens are gone, not owed.
    expect((await new FanOutCheckpoint(rig.t.ddb, TABLES.hubTable).read()).delivered.sorting).toBe(5);
    expect(await rig.rows('sorting', cut[0], 's')).toEqual([]);

    // The cut screens reconnect and resume from the last cursor they got; then two more events, the next pass.
    for (const c of cut) {
      await rig.connect(`${c}-again`, SCREEN);
      await rig.subscribe(`${c}-again`, 's', SUB, { after: nextsOf(rig, c).at(-1)?.cursor }, 1);
    }
    for (let i = 0; i < 2; i++) await report();
    await fanOut.deliver('sorting', countdown(60_000));

    for (const c of whole) expect(nextsOf(rig, c).map((n) => n.seq)).toEqual(range(1, 7));
    for (const c of cut)
      expect([...nextsOf(rig, c), ...nextsOf(rig, `${c}-again`)].map((n) => n.seq)).toEqual(range(1, 7));
    expect(fanOut.stats.cut).toBe(3);
  }, 120_000);
});
