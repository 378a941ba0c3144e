/**
 * API Gateway's WebSocket limits on the local gateway: a client frame over
 * 32 KB or a message over 128 KB closes 1009 and never reaches the handler;
 * the idle timeout and the maximum connection duration (both compressed)
 * close with 1001, and a client that resumes from its last cursor gets every
 * event it missed, exactly once and in order.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../schema/cursor.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { client, collect, RawSocket, waitForSubscribers } from '../helpers/ws-client.js';

const KB = 1024;
const SORTING = 'mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { seq } } }';
const SUB = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq cursor } }';
type Next = { data: { hubEvents: { seq: number; cursor: string } } };

/** A ping whose JSON is `bytes` long (the payload pads it). */
const pingOfSize = (bytes: number) => {
  const empty = JSON.stringify({ type: 'ping', payload: { pad: '' } });
  return JSON.stringify({ type: 'ping', payload: { pad: 'x'.repeat(bytes - empty.length) } });
};

/** Sends one message as several frames of at most `frameBytes`. */
const sendFragmented = (s: RawSocket, text: string, frameBytes: number) => {
  for (let at = 0; at < text.length; at += frameBytes) {
    s.ws.send(text.slice(at, at + frameBytes), { fin: at + frameBytes >= text.length });
  }
};

describe('API Gateway WebSocket frame and message limits', () => {
  let hub: TestHub;
  afterEach(() => hub.close());

  it('closes 1009 on a 33 KB frame, before the handler sees it; 32 KB frames up to 128 KB pass', async () => {
    hub = await startTestHub();
    const screen = await hub.token('screen');

    const ok = await RawSocket.open(hub.port);
    await ok.init(screen);
    const big = pingOfSize(120 * KB);
    sendFragmented(ok, big, 30 * KB);
    const pong = await ok.next((m) => m.type === 'pong');
    expect(JSON.stringify(pong).length).toBe(big.length - 'ping'.length + 'pong'.length);
    ok.close();

    const s = await RawSocket.open(hub.port);
    await s.init(screen);
    const seen = hub.ws.stats.messages;
    s.send(pingOfSize(33 * KB));
    expect(await s.closed).toEqual({ code: 1009, reason: 'Message too big' });
    expect(hub.ws.stats.messages).toBe(seen);
    expect(s.messages.filter((m) => m.type === 'pong')).toEqual([]);

    const over = await RawSocket.open(hub.port);
    await over.init(screen);
    sendFragmented(over, pingOfSize(150 * KB), 30 * KB);
    expect((await over.closed).code).toBe(1009);
    expect(over.messages.filter((m) => m.type === 'pong')).toEqual([]);
  });
});

describe.each([
  {
    limit: 'idle timeout',
    ws: { idleTimeoutMs: 1_200 },
    keepAlive: 0,
  },
  {
    limit: 'maximum connection duration',
    // Pings every 200 ms keep the connection from going idle: only the maximum can close it.
    ws: { maxConnectionMs: 3_000, idleTimeoutMs: 60_000 },
    keepAlive: 200,
  },
])('the $limit (compressed)', ({ limit, ws, keepAlive }) => {
  let hub: TestHub;
  afterEach(() => hub.close());

  it('closes the socket with 1001, and resuming from the last cursor back-fills exactly what was missed', async () => {
    hub = await startTestHub({ withReference: true, ws });
    const sorting = await hub.token('department', 'sorting');
    const screenToken = await hub.token('screen');
    let day = 0;
    const report = () =>
      hub.gql(
        SORTING,
        {
          input: {
            street: '410104001',
            date: `2026-03-${String(++day).padStart(2, '0')}`,
            coverageRate: 90,
            recoveryRate: 35,
          },
        },
        sorting,
      );

    const first = client(hub.port, screenToken, { keepAlive });
    const before = collect<Next>(first, SUB);
    await waitForSubscribers(hub, 'sorting', 1);
    for (let i = 0; i < 3; i++) await report();
    await before.waitFor(3);
    await before.done;
    const closed = before.errors[0] as { code: number; reason: string };
    expect(closed.code).toBe(1001);
    expect(closed.reason).toContain(limit);
    expect(limit === 'idle timeout' ? hub.ws.stats.idleClosed : hub.ws.stats.maxDurationClosed).toBe(1);

    // Missed while disconnected.
    for (let i = 0; i < 4; i++) await report();
    const last = before.items.at(-1)!.data.hubEvents.cursor;
    expect(decodeCursor(last)).toEqual({ sorting: 3 });
    const second = client(hub.port, screenToken, { keepAlive });
    const resumed = collect<Next>(second, SUB, { after: last });
    await resumed.waitFor(4);
    await report();
    await resumed.waitFor(5);
    const seqs = [...before.items, ...resumed.items].map((i) => i.data.hubEvents.seq);
    const unique = [...new Set(seqs)];
    expect(unique).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // The back-fill starts after the cursor: nothing the client already had comes again.
    expect(resumed.items.map((i) => i.data.hubEvents.seq)).toEqual([4, 5, 6, 7, 8]);
    await second.dispose();
    await first.dispose();
  });
});
