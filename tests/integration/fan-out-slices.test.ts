/**
 * A fan-out pass holds the lease by time slices (pass-lease.ts):
 * - given the invocation's time left, a pass that would outlast it stops in
 *   time with its position saved and the lease free; the next pass delivers
 *   the rest, nothing lost and nothing posted twice;
 * - a back-fill that resumes during a long pass gets the lease at the next
 *   slice instead of after the whole pass, and its client gets every event
 *   once, in order: the pass, re-reading after the hand-over, skips what the
 *   back-fill sent (`sentThrough`);
 * - the stream handler turns an unfinished pass into a retry of the domain's
 *   last record only, logged as the normal course of things, not a failure.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub } from '../../functions/core/compose/hub.js';
import type { Logger } from '../../functions/core/logger.js';
import { FanOutCheckpoint } from '../../functions/core/realtime/delivery/fan-out-checkpoint.js';
import { DeliveryUnfinishedError } from '../../functions/core/realtime/delivery/pass-lease.js';
import { countdown } from '../../functions/core/realtime/delivery/time-budget.js';
import { makeStreamHandler } from '../../functions/core/stream/stream-handler.js';
import { encodeCursor } from '../../schema/cursor.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';
import { TABLES } from '../helpers/test-store.js';

const EVENTS = 60;
const LIVE = 10;
const SUB = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq } }';
const SCREEN = { sub: 'wall', role: 'screen' } as const;

describe('fan-out passes by time slices', () => {
  let rig: DeliveryRig;
  const report = async (i: number) =>
    rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104003',
      date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
      coverageRate: 80 + (i % 20),
      recoveryRate: 30 + (i % 7),
    });
  beforeAll(async () => {
    rig = await startDeliveryRig();
    for (let n = 0; n < LIVE; n++) {
      await rig.connect(`live-${n}`, SCREEN);
      await rig.subscribe(`live-${n}`, 's', SUB, { after: encodeCursor({ sorting: 0 }) }, 1);
    }
    // Written without projection or delivery: the passes below are the subject.
    const quiet = composeHub({ ddb: rig.t.ddb, hubTable: TABLES.hubTable, projectOnWrite: false }).services.reports;
    for (let i = 0; i < EVENTS; i++)
      await quiet.reportSortingRate(dept('sorting'), {
        street: '410104003',
        date: `2026-10-${String(1 + (i % 28)).padStart(2, '0')}`,
        coverageRate: 80 + (i % 20),
        recoveryRate: 30 + (i % 7),
      });
  }, 120_000);
  afterAll(() => rig?.close());

  it('a pass that would outlast its invocation stops in time; the next one finishes, nothing lost or twice', async () => {
    rig.sockets.delayMs = 10;
    // The invocation's clock: 250 ms, each event's 10 posts take 10 ms of it (60 events: 600 ms). The pass stops
    // with 20% left, between groups of 5 events (saving after each): after 20 events, no post made past that.
    const start = rig.sockets.posts;
    const left = () => 250 - (rig.sockets.posts - start);
    const fanOut = rig.instance({ sliceMs: 0, groupSize: 5 }).fanOut;
    const err = await fanOut.deliver('sorting', left).then(
      () => null,
      (e) => e,
    );
    expect(err).toBeInstanceOf(DeliveryUnfinishedError);
    const checkpoint = await new FanOutCheckpoint(rig.t.ddb, TABLES.hubTable).read();
    expect(checkpoint.owner).toBeNull();
    const stoppedAt = checkpoint.delivered.sorting;
    expect(stoppedAt).toBe(20);
    // What was posted is exactly what the checkpoint says was delivered.
    for (let n = 0; n < LIVE; n++) expect(rig.seqs(`live-${n}`)).toEqual(range(1, stoppedAt));

    await fanOut.deliver('sorting', countdown(60_000));
    for (let n = 0; n < LIVE; n++) expect(rig.seqs(`live-${n}`)).toEqual(range(1, EVENTS));
    expect(fanOut.stats.unfinished).toBe(1);
    expect(fanOut.stats.cut).toBe(0);
  }, 60_000);

  it('a back-fill resuming during a long pass goes live at the next slice, with every event once, in order', async () => {
    rig.sockets.delayMs = 10;
    for (let i = 0; i < 40; i++) await report(EVENTS + i);
    // The projector ran inline; nothing delivered the 40 yet. A long pass starts on one instance…
    const fanOut = rig.instance({ sliceMs: 50 }).fanOut;
    const order: string[] = [];
    const pass = fanOut.deliver('sorting').then(() => order.push('pass'));
    await new Promise((r) => setTimeout(r, 100));
    // …and a screen a few events behind resumes on another: its back-fill is short, its hand-over waits.
    await rig.connect('resumer', SCREEN);
    const resumed = rig
      .subscribe('resumer', 's', SUB, { after: encodeCursor({ sorting: EVENTS + 35 }) }, 1)
      .then(() => order.push('back-fill'));
    await Promise.all([pass, resumed]);
    expect(order).toEqual(['back-fill', 'pass']);
    expect(fanOut.stats.yields).toBeGreaterThanOrEqual(1);
    // The resumed screen has everything after its cursor once, in order.
    expect(rig.seqs('resumer')).toEqual(range(EVENTS + 36, EVENTS + 40));
    for (let n = 0; n < LIVE; n++) expect(rig.seqs(`live-${n}`)).toEqual(range(1, EVENTS + 40));
  }, 60_000);

  it('the stream handler hands an unfinished delivery back as a retry of the last record, not a failure', async () => {
    const lines: Array<[string, string]> = [];
    const logger = Object.fromEntries(
      (['debug', 'info', 'warn', 'error'] as const).map((level) => [level, (msg: string) => lines.push([level, msg])]),
    ) as unknown as Logger;
    const handler = makeStreamHandler({
      projector: { catchUp: async () => ({ applied: 0 }) } as never,
      fanOut: {
        deliver: async () => {
          throw new DeliveryUnfinishedError('out of time');
        },
      },
      logger,
    });
    const record = (n: number): DynamoDBRecord => ({
      eventID: `e${n}`,
      dynamodb: { SequenceNumber: String(100 + n), Keys: { PK: { S: 'LOG#sorting' } } },
    });
    const out = await handler({ Records: [record(1), record(2), record(3)] });
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '103' }]);
    expect(lines.filter(([level]) => level === 'error')).toEqual([]);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, k) => from + k);
}
