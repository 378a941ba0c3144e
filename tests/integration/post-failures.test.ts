/**
 * A post that fails is an outcome, not a crashed invocation (found by the
 * compressed day on AWS):
 * - a back-fill whose post is still throttled after the socket's retries
 *   closes the connection (1011) so its client resumes, answers 200 and
 *   leaves no subscription flagged `backfill`; it used to fail the whole `$default`
 *   invocation (500, a handled-failure alarm), leaving the client without an answer;
 * - a client that left while we answered its `ping` (410 on the pong) is just
 *   removed; it used to count as a handler failure;
 * - the socket every function uses retries throttled posts with backoff and never
 *   retries a 410 or a 413.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryingSockets } from '../../functions/core/realtime/connections/retrying-socket.js';
import {
  GoneError,
  PayloadTooLargeError,
  type RealtimeSocket,
} from '../../functions/core/realtime/connections/socket.js';
import { encodeCursor } from '../../schema/cursor.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';

const SCREEN = { sub: 'wall-9', role: 'screen' } as const;
const SUB = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq cursor } }';

const throttled = () =>
  Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException', $metadata: { httpStatusCode: 429 } });

describe('posts that fail', () => {
  let rig: DeliveryRig;
  beforeAll(async () => {
    rig = await startDeliveryRig();
    for (let i = 0; i < 5; i++) {
      await rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
        street: '410104001',
        date: `2026-11-0${i + 1}`,
        coverageRate: 90,
        recoveryRate: 30,
      });
    }
  }, 60_000);
  afterAll(() => rig?.close());

  it('a back-fill post throttled beyond retries closes the connection so the client resumes; the invocation answers 200', async () => {
    await rig.connect('c-throttled', SCREEN);
    let posts = 0;
    // The third back-filled event cannot be posted.
    rig.sockets.fail = (id, m) =>
      id === 'c-throttled' && m.type === 'next' && ++posts === 3 ? throttled() : undefined;
    const result = (await rig.subscribe('c-throttled', 's1', SUB, { after: encodeCursor({ sorting: 0 }) }, 1)) as {
      statusCode: number;
    };
    rig.sockets.fail = undefined;
    expect(result.statusCode).toBe(200);
    expect(rig.sockets.closes.get('c-throttled')).toEqual([1011]);
    // The two events before the failure arrived; nothing was skipped past the gap.
    expect(rig.seqs('c-throttled')).toEqual([1, 2]);
    // The connection and its subscription are gone: no row flagged `backfill` waits for nobody.
    expect(await rig.main.store.getConnection('c-throttled')).toBeNull();
    expect(await rig.rows('sorting', 'c-throttled', 's1')).toEqual([]);
  });

  it('a pong to a client that already left (410) removes the connection; the invocation answers 200', async () => {
    await rig.connect('c-left', SCREEN);
    rig.sockets.fail = (id) => (id === 'c-left' ? new GoneError(id) : undefined);
    const result = (await rig.main.handler({
      requestContext: { routeKey: '$default', eventType: 'MESSAGE', connectionId: 'c-left' },
      body: JSON.stringify({ type: 'ping' }),
    })) as { statusCode: number };
    rig.sockets.fail = undefined;
    expect(result.statusCode).toBe(200);
    expect(await rig.main.store.getConnection('c-left')).toBeNull();
  });
});

describe('retryingSockets', () => {
  const scripted = (outcomes: Array<Error | null>) => {
    const calls: string[] = [];
    const socket = (): RealtimeSocket => ({
      async send(message) {
        calls.push(message);
        const next = outcomes.shift();
        if (next) throw next;
      },
      async close() {},
    });
    return { calls, socket };
  };
  const fast = { baseDelayMs: 1 };

  it('retries a throttled post until it goes through', async () => {
    const { calls, socket } = scripted([throttled(), throttled(), null]);
    await retryingSockets(socket, fast)('c').send('m');
    expect(calls).toHaveLength(3);
  });

  it('gives up after its attempts with the last error', async () => {
    const { calls, socket } = scripted([...Array.from({ length: 6 }, throttled), null]);
    await expect(retryingSockets(socket, fast)('c').send('m')).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
    expect(calls).toHaveLength(6);
  });

  it('never retries a gone connection or a message over the limit', async () => {
    for (const err of [new GoneError('c'), new PayloadTooLargeError('c', 200_000)]) {
      const { calls, socket } = scripted([err, null]);
      await expect(retryingSockets(socket, fast)('c').send('m')).rejects.toBe(err);
      expect(calls).toHaveLength(1);
    }
  });
});
