/**
 * `sentThrough` across a restore (issue 13, log epochs): on AWS the
 * connections table outlives a restore of the hub table, so a subscription can
 * hold back-fill positions of the old log while the restored log counts its
 * seqs again under a new epoch. The fan-out trusts a position only in the
 * epoch it was written in (delivery/sent-through.ts): a subscription with
 * positions of another epoch gets the new log's events from seq 1; one with
 * positions of the current epoch still skips what its back-fill sent; a row
 * written before positions named their epoch keeps them only if its connection
 * opened after the epoch began.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toEpochSeconds } from '../../functions/core/realtime/connections/connection-store.js';
import { CONNECTION_TTL_MS } from '../../functions/core/realtime/protocol/context.js';
import { encodeCursor } from '../../schema/cursor.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';

const SUB = 'subscription { hubEvents(domains: [SORTING]) { seq } }';
const RESUME = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq } }';
const SCREEN = { sub: 'wall', role: 'screen' } as const;
/** Where an unfiltered SORTING subscription is stored (delivery/topics.ts). */
const TOPIC = 'sorting';
/** Where the old log's back-fill had got to: above every seq the new log reaches in this test. */
const OLD_POSITION = { sorting: 50 };

describe('sentThrough positions of another log epoch', () => {
  let rig: DeliveryRig;
  let epoch: string;

  /** A live subscription whose row holds OLD_POSITION, of `of` (undefined: written before rows named it). */
  const subscribedAt = async (connectionId: string, of: string | undefined, openedAt = Date.now()) => {
    await rig.main.store.putConnection({
      connectionId,
      state: 'acked',
      principal: SCREEN,
      connectedAt: openedAt,
      expiresAt: toEpochSeconds(openedAt + CONNECTION_TTL_MS),
    });
    await rig.subscribe(connectionId, 's', SUB, {}, 1);
    const [row] = await rig.rows(TOPIC, connectionId, 's');
    await rig.main.store.goLive(row, OLD_POSITION, of);
  };

  beforeAll(async () => {
    rig = await startDeliveryRig();
    // The embedded runtime settles the epoch at start, before any connection: so does this test.
    const info = await rig.main.hub.epoch.info();
    epoch = info.id;
    await subscribedAt('of-old-log', 'an-earlier-epoch');
    await subscribedAt('of-this-log', epoch);
    // Opened 2 s into the epoch: expiresAt keeps whole seconds, so the opening it tells may be up to 1 s early.
    await subscribedAt('unnamed-since', undefined, (info.since ?? 0) + 2_000);
    await subscribedAt('unnamed-before', undefined, Date.now() - 60 * 60_000);
    for (const [i, street] of ['410104001', '410104002', '410104003'].entries()) {
      await rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
        street,
        date: '2026-11-02',
        coverageRate: 90 + i,
        recoveryRate: 35,
      });
    }
    await rig.main.fanOut.deliver('sorting');
  });
  afterAll(() => rig?.close());

  it('rows carry the epoch their positions count in, from the back-fill on', async () => {
    await rig.connect('resumed', SCREEN);
    await rig.subscribe('resumed', 's', RESUME, { after: encodeCursor({ sorting: 1 }) }, 1);
    expect(rig.seqs('resumed')).toEqual([2, 3]);
    expect((await rig.rows(TOPIC, 'resumed', 's'))[0]).toMatchObject({
      sentThrough: { sorting: 3 },
      sentThroughEpoch: epoch,
    });
    expect((await rig.rows(TOPIC, 'of-this-log', 's'))[0]).toMatchObject({
      sentThrough: OLD_POSITION,
      sentThroughEpoch: epoch,
    });
    expect((await rig.rows(TOPIC, 'unnamed-since', 's'))[0].sentThroughEpoch).toBeUndefined();
  });

  it('a subscription with positions of another epoch gets the new log from seq 1', () => {
    expect(rig.seqs('of-old-log')).toEqual([1, 2, 3]);
  });

  it('positions of the current epoch still hold: what the back-fill sent is not sent again', () => {
    expect(rig.seqs('of-this-log')).toEqual([]);
  });

  it('positions without an epoch hold only for a connection opened after the epoch began', () => {
    expect(rig.seqs('unnamed-since')).toEqual([]);
    expect(rig.seqs('unnamed-before')).toEqual([1, 2, 3]);
  });
});
