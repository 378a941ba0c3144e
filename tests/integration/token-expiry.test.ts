/**
 * Issue 9: a WebSocket connection stores its token's expiry; once it passes, the
 * server closes the connection 4403 and delivers nothing more to it, whether the
 * next thing to happen is an event (delivery) or a message from the client (its
 * keep-alive ping). A client with a fresh token resumes from its last cursor with
 * exactly the events it missed.
 */

import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLOCK_TOLERANCE_SECONDS,
  LOCAL_ALG,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
} from '../../functions/core/auth/verify-token.js';
import { signLocalToken } from '../../infra/local/local-keys.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { RawSocket, waitForSubscribers } from '../helpers/ws-client.js';

const REPORT = `mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { seq cursor } } }`;
const SUBSCRIBE = 'subscription($after: String) { hubEvents(domains: [SORTING], after: $after) { seq cursor } }';

type Next = { type: string; id?: string; payload?: { data?: { hubEvents?: { seq: number; cursor: string } } } };
const seqsOf = (s: RawSocket) =>
  (s.messages as Next[]).filter((m) => m.type === 'next').map((m) => m.payload?.data?.hubEvents?.seq);

describe('token expiry on open sockets', () => {
  let hub: TestHub;
  let reporter: string;
  let day = 0;
  const report = async () => {
    day++;
    const res = await hub.gql<{ reportSortingRate: { event: { seq: number } } }>(
      REPORT,
      {
        input: {
          street: '410104001',
          date: `2026-10-${String(day).padStart(2, '0')}`,
          coverageRate: 98,
          recoveryRate: 38,
        },
      },
      reporter,
    );
    await hub.stream.idle();
    return res.body.data?.reportSortingRate.event.seq as number;
  };

  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    reporter = await hub.token('department', 'sorting');
  });
  afterAll(() => hub.close());

  it('closes 4403 at the first event or ping past expiry, then a fresh token resumes with exactly the missed events', async () => {
    const short = await signLocalToken(hub.keys.privateKeyPem, { role: 'screen', sub: 'wall-7', ttl: '1s' });
    const exp = JSON.parse(Buffer.from(short.split('.')[1], 'base64url').toString()).exp as number;
    const expiresAt = (exp + CLOCK_TOLERANCE_SECONDS) * 1000;

    const listener = await RawSocket.open(hub.port);
    await listener.init(short);
    listener.send({ id: 's1', type: 'subscribe', payload: { query: SUBSCRIBE } });
    const pinger = await RawSocket.open(hub.port);
    await pinger.init(short);
    await waitForSubscribers(hub, 'sorting', 1);

    const first = await report();
    const got = (await listener.next((m) => m.type === 'next')) as Next;
    expect(got.payload?.data?.hubEvents?.seq).toBe(first);
    const cursor = got.payload?.data?.hubEvents?.cursor as string;

    // The connection row carries the expiry; the subscription (and its topic rows) a copy of it.
    const row = await hub.realtime.store.getConnection(
      (await hub.realtime.store.subscribers('sorting', Date.now()))[0].connectionId,
    );
    expect(row?.tokenExpiresAt).toBe(expiresAt);

    await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 50));
    // An event past expiry: the listener is closed, not served.
    const missed = [await report(), await report()];
    const closed = await listener.closed;
    expect(closed).toEqual({ code: 4403, reason: 'Forbidden: token expired' });
    expect(seqsOf(listener)).toEqual([first]);
    await waitForSubscribers(hub, 'sorting', 0);

    // A quiet socket past expiry: its next ping ends it.
    pinger.send({ type: 'ping' });
    expect((await pinger.closed).code).toBe(4403);
    expect(pinger.messages.some((m) => m.type === 'pong')).toBe(false);

    // The client signs in again and resumes from its last cursor: the missed events once, then live.
    const resumed = await RawSocket.open(hub.port);
    await resumed.init(await hub.token('screen', undefined, 'wall-7'));
    resumed.send({ id: 's2', type: 'subscribe', payload: { query: SUBSCRIBE, variables: { after: cursor } } });
    await resumed.next((m) => m.type === 'next' && (m as Next).payload?.data?.hubEvents?.seq === missed[1]);
    await waitForSubscribers(hub, 'sorting', 1);
    const live = await report();
    await resumed.next((m) => m.type === 'next' && (m as Next).payload?.data?.hubEvents?.seq === live);
    expect(seqsOf(resumed)).toEqual([...missed, live]);
    resumed.close();
  }, 30_000);

  it('refuses a token without exp at connection_init (4403), and stores the expiry of one with it', async () => {
    const key = await importPKCS8(hub.keys.privateKeyPem, LOCAL_ALG);
    const endless = await new SignJWT({ role: 'screen' })
      .setProtectedHeader({ alg: LOCAL_ALG })
      .setSubject('wall-8')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .sign(key);
    const refused = await RawSocket.open(hub.port);
    refused.send({ type: 'connection_init', payload: { authorization: `Bearer ${endless}` } });
    expect((await refused.closed).code).toBe(4403);

    const s = await RawSocket.open(hub.port);
    await s.init(await hub.token('screen'));
    s.send({ id: 'q', type: 'subscribe', payload: { query: SUBSCRIBE } });
    await waitForSubscribers(hub, 'sorting', 1);
    const [sub] = await hub.realtime.store.subscribers('sorting', Date.now());
    expect(sub.tokenExpiresAt).toBeGreaterThan(Date.now() + 60_000);
    s.close();
  });
});
