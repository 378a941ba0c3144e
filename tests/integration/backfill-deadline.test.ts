/**
 * Issue 8, failure 1: a long back-fill must not freeze a subscription.
 *
 * The `subscribe` runs as Lambda runs it: with a context whose deadline is the
 * Ws function's timeout in the manifest (compressed), so an invocation that
 * overruns is a timeout. A back-fill far behind ends within its invocation,
 * either live or with an `error` telling the client to resubscribe from the
 * position reached, and never leaves a row flagged `backfill` that nothing
 * delivers to: when the invocation dies anyway (a post that hangs), the
 * fan-out ends that subscription on the next event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub } from '../../functions/core/compose/hub.js';
import { readHead } from '../../functions/core/log/log-reader.js';
import { FanOutCheckpoint } from '../../functions/core/realtime/delivery/fan-out-checkpoint.js';
import { RESUBSCRIBE_REASON } from '../../functions/core/realtime/delivery/resume-required.js';
import { isLambdaTimeout } from '../../infra/local/aws/invoke.js';
import { decodeCursor, encodeCursor } from '../../schema/cursor.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';
import { TABLES } from '../helpers/test-store.js';

const EVENTS = 240;
/** The Ws timeout (29 s in the manifest) compressed to 1.45 s. */
const TIME_SCALE = 0.05;
const SUB = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq cursor } }';
const SCREEN = { sub: 'wall-1', role: 'screen' } as const;

type Message = { id?: string; type: string; payload?: unknown };
const nexts = (ms: Message[]) =>
  ms
    .filter((m) => m.type === 'next')
    .map((m) => (m.payload as { data: { hubEvents: { seq: number } } }).data.hubEvents);
const errors = (ms: Message[]) =>
  ms
    .filter((m) => m.type === 'error')
    .map((m) => (m.payload as Array<{ extensions: { reason?: string; cursor?: string } }>)[0]);

describe('back-fill within the invocation deadline', () => {
  let rig: DeliveryRig;
  beforeAll(async () => {
    rig = await startDeliveryRig();
    // The reports: projection left to nobody, this test is about delivery.
    const reports = composeHub({ ddb: rig.t.ddb, hubTable: TABLES.hubTable, projectOnWrite: false }).services.reports;
    for (let i = 0; i < EVENTS; i++) {
      await reports.reportSortingRate(dept('sorting'), {
        street: '410104001',
        date: `2026-11-${String(1 + (i % 28)).padStart(2, '0')}`,
        coverageRate: 80 + (i % 20),
        recoveryRate: 30,
      });
    }
  }, 120_000);
  afterAll(() => rig?.close());

  it('far behind with a small budget: each invocation ends in time, resubscribing from the error cursor delivers every event once, in order', async () => {
    rig.sockets.delayMs = 15; // ~3.6 s of posts: more than two invocations can hold
    await rig.connect('c-far', SCREEN);
    let after = encodeCursor({ sorting: 0 });
    let live = false;
    let rounds = 0;
    while (!live && rounds < 30) {
      rounds++;
      const seen = rig.sockets.messages.get('c-far')?.length ?? 0;
      // Resolves within the deadline, or rejects with the emulated Lambda timeout.
      const result = await rig.subscribe('c-far', 's1', SUB, { after }, TIME_SCALE);
      expect(result).toEqual({ statusCode: 200 });
      const round = (rig.sockets.messages.get('c-far') ?? []).slice(seen);
      const ended = errors(round);
      if (ended.length === 0) {
        live = true;
        break;
      }
      expect(ended).toHaveLength(1);
      expect(ended[0].extensions.reason).toBe(RESUBSCRIBE_REASON);
      // Nothing stays flagged: the subscription is gone until the client resubscribes (same id: no 4409).
      expect(await rig.rows('sorting', 'c-far', 's1')).toEqual([]);
      const cursor = ended[0].extensions.cursor as string;
      expect(decodeCursor(cursor).sorting).toBeGreaterThanOrEqual(decodeCursor(after).sorting as number);
      after = cursor;
    }
    expect(live).toBe(true);
    expect(rounds).toBeGreaterThan(1); // the budget did cut it
    const seqs = nexts(rig.sockets.messages.get('c-far') ?? []).map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: EVENTS }, (_, i) => i + 1));
    const [row] = await rig.rows('sorting', 'c-far', 's1');
    expect(row.backfill).toBe(false);
  }, 120_000);

  it('an invocation that dies mid-back-fill leaves no subscription that nothing delivers to', async () => {
    rig.sockets.delayMs = 0;
    await rig.connect('c-dies', SCREEN);
    // The 21st post hangs until Lambda's timeout, as a postToConnection without a timeout can.
    rig.sockets.hangFrom = rig.sockets.posts + 21;
    const died = await rig.subscribe('c-dies', 's1', SUB, { after: encodeCursor({ sorting: 0 }) }, TIME_SCALE).then(
      () => null,
      (err) => err,
    );
    rig.sockets.hangFrom = Number.POSITIVE_INFINITY;
    expect(isLambdaTimeout(died)).toBe(true);

    // The next event: the fan-out (another instance) must not skip that subscription forever.
    const before = rig.sockets.messages.get('c-dies')?.length ?? 0;
    await rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104002',
      date: '2026-11-01',
      coverageRate: 99,
      recoveryRate: 31,
    });
    const fanOut = rig.instance().fanOut;
    await fanOut.deliver('sorting');
    const after = (rig.sockets.messages.get('c-dies') ?? []).slice(before);
    expect(errors(after).map((e) => e.extensions.reason)).toEqual([RESUBSCRIBE_REASON]);
    expect(await rig.rows('sorting', 'c-dies', 's1')).toEqual([]);
    expect(fanOut.stats.abandoned).toBe(1);
  }, 60_000);

  it('a hand-over that cannot get the fan-out lease in time ends with the cursor at the head, then resumes live', async () => {
    rig.sockets.delayMs = 0;
    await rig.connect('c-lease', SCREEN);
    const head = (await readHead(rig.main.hub.store, 'sorting'))?.seq as number;
    // A fan-out pass on another instance holds the lease for a minute (its invocation's timeout).
    const other = new FanOutCheckpoint(rig.t.ddb, TABLES.hubTable, { leaseMs: 60_000 });
    expect(await other.tryAcquire('fanout#long-pass')).not.toBeNull();
    const result = await rig.subscribe(
      'c-lease',
      's1',
      SUB,
      { after: encodeCursor({ sorting: head - 5 }) },
      TIME_SCALE,
    );
    expect(result).toEqual({ statusCode: 200 });
    const first = rig.sockets.messages.get('c-lease') ?? [];
    expect(nexts(first).map((e) => e.seq)).toEqual([head - 4, head - 3, head - 2, head - 1, head]);
    const [ended] = errors(first);
    expect(ended.extensions.reason).toBe(RESUBSCRIBE_REASON);
    expect(decodeCursor(ended.extensions.cursor as string)).toEqual({ sorting: head });
    expect(await rig.rows('sorting', 'c-lease', 's1')).toEqual([]);

    await other.release('fanout#long-pass');
    await rig.subscribe('c-lease', 's1', SUB, { after: ended.extensions.cursor }, TIME_SCALE);
    const [row] = await rig.rows('sorting', 'c-lease', 's1');
    expect(row.backfill).toBe(false);
  }, 60_000);
});
