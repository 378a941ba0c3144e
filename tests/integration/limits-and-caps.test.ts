/**
 * Issue 11, acceptance 4: the per-principal caps and rate limits answer as the
 * README's "Defences" table says, and another principal is unaffected while
 * one is limited. Limits are shrunk through the config (HUB_LIMITS on AWS).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeLimits } from '../../functions/core/limits/hub-limits.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { RawSocket } from '../helpers/ws-client.js';

const REPORT = 'mutation($i: SortingReportInput!) { reportSortingRate(input: $i) { event { seq } } }';
const report = (day: number) => ({
  i: { street: '410104001', date: `2026-01-${String(day).padStart(2, '0')}`, coverageRate: 98, recoveryRate: 38 },
});
const SUB = { query: 'subscription { hubEvents { seq } }' };

let hub: TestHub;
beforeAll(async () => {
  const { limits, problems } = mergeLimits({
    subscriptionsPerConnection: 2,
    connectionsPerPrincipal: 2,
    mutations: { limit: 3, windowSeconds: 3600 },
    subscribes: { limit: 6, windowSeconds: 3600 },
    connectionAttempts: { limit: 4, windowSeconds: 3600 },
  });
  expect(problems).toEqual([]);
  hub = await startTestHub({ withReference: true, httpThrottle: null, configure: { limits } });
}, 60_000);
afterAll(() => hub.close());

const post = (token: string, day: number) =>
  fetch(`${hub.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: REPORT, variables: report(day) }),
  });

describe('per-principal limits', () => {
  it('mutations: past the limit BUSY with Retry-After over HTTP and an error over WebSocket; another principal goes on', async () => {
    const a = await hub.token('department', 'sorting', 'sorting-a');
    const b = await hub.token('department', 'sorting', 'sorting-b');
    for (const day of [1, 2, 3]) expect((await post(a, day)).status).toBe(200);
    const refused = await post(a, 4);
    const body = await refused.json();
    expect(body.errors[0].extensions).toMatchObject({ code: 'BUSY', retryable: true });
    expect(body.errors[0].message).toMatch(/at most 3 per 3600 s/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(3600);
    // Over the socket the same principal is refused too (one count for both transports).
    const s = await RawSocket.open(hub.port);
    await s.init(a);
    s.send({ id: 'm', type: 'subscribe', payload: { query: REPORT, variables: report(5) } });
    const error = await s.next((m) => m.id === 'm' && m.type === 'error');
    expect((error.payload as { extensions: { code: string } }[])[0].extensions.code).toBe('BUSY');
    s.close();
    // Another department's reporter is not affected.
    const other = await post(b, 6);
    expect((await other.json()).data.reportSortingRate.event.seq).toBeGreaterThan(0);
  });

  it('subscriptions per connection: the third is an error for its id, the socket stays open', async () => {
    const screen = await hub.token('screen', undefined, 'screen-subs');
    const s = await RawSocket.open(hub.port);
    await s.init(screen);
    s.send({ id: '1', type: 'subscribe', payload: SUB });
    s.send({ id: '2', type: 'subscribe', payload: SUB });
    await new Promise((r) => setTimeout(r, 500));
    s.send({ id: '3', type: 'subscribe', payload: SUB });
    const error = await s.next((m) => m.id === '3' && m.type === 'error');
    expect(JSON.stringify(error.payload)).toMatch(/At most 2 subscriptions per connection/);
    // Completing one frees its slot.
    s.send({ id: '1', type: 'complete' });
    await new Promise((r) => setTimeout(r, 300));
    s.send({ id: '4', type: 'subscribe', payload: SUB });
    s.send({ id: 'q', type: 'subscribe', payload: { query: '{ me { sub } }' } });
    await s.next((m) => m.id === 'q' && m.type === 'complete');
    expect(s.messages.some((m) => m.id === '4' && m.type === 'error')).toBe(false);
    s.close();
  });

  it('connections per principal: the third closes 1013; another principal connects; a closed one frees its slot', async () => {
    const wall = await hub.token('screen', undefined, 'wall-1');
    const first = await RawSocket.open(hub.port);
    await first.init(wall);
    const second = await RawSocket.open(hub.port);
    await second.init(wall);
    const third = await RawSocket.open(hub.port);
    third.send({ type: 'connection_init', payload: { authorization: `Bearer ${wall}` } });
    const closed = await third.closed;
    expect(closed.code).toBe(1013);
    expect(closed.reason).toMatch(/At most 2 connections per principal/);
    const other = await RawSocket.open(hub.port);
    await other.init(await hub.token('screen', undefined, 'wall-2'));
    other.close();
    // A clean close ($disconnect) releases the slot.
    first.ws.close();
    await first.closed;
    await new Promise((r) => setTimeout(r, 500));
    const again = await RawSocket.open(hub.port);
    await again.init(wall);
    again.close();
    second.close();
  });

  it('connection attempts: past the limit the init closes 1013 naming the wait', async () => {
    const kiosk = await hub.token('screen', undefined, 'kiosk-1');
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = await RawSocket.open(hub.port);
      s.send({ type: 'connection_init', payload: { authorization: `Bearer ${kiosk}` } });
      const outcome = await Promise.race([
        s.closed.then((c) => c.code),
        s.next((m) => m.type === 'connection_ack').then(() => 0),
      ]);
      codes.push(outcome);
      s.ws.close();
      await s.closed;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(codes).toEqual([0, 0, 0, 0, 1013]);
  });

  it('rejects a malformed HUB_LIMITS naming the key', () => {
    expect(mergeLimits({ mutations: { limit: 0 }, nope: 1 }).problems).toEqual([
      'HUB_LIMITS.mutations must be { "limit": n, "windowSeconds": s } (positive integers)',
      'HUB_LIMITS.nope is not a limit (known: subscriptionsPerConnection, connectionsPerPrincipal, mutations, subscribes, connectionAttempts)',
    ]);
  });
});
