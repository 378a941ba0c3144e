/** The graphql-ws protocol rules (PROTOCOL.md) on the local gateway, through the Lambda ws handler. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { RawSocket, waitForSubscribers } from '../helpers/ws-client.js';

const SUB = 'subscription { hubEvents(domains: [SORTING]) { seq domain cursor } }';

describe('graphql-transport-ws rules on the local gateway', () => {
  let hub: TestHub;
  let screen: string;
  beforeEach(async () => {
    // Each rule here is about one message's meaning in a known order, so the gateway invokes a connection's
    // messages one after the other (API Gateway does not: complete.ts covers a `complete` overtaking its `subscribe`).
    hub = await startTestHub({ ws: { orderedMessages: true } });
    screen = await hub.token('screen');
  });
  afterEach(() => hub.close());

  it('acks a valid init, answers ping with pong (payload echoed), ignores pong', async () => {
    const s = await RawSocket.open(hub.port);
    s.send({ type: 'ping', payload: { t: 1 } });
    expect(await s.next((m) => m.type === 'pong')).toEqual({ type: 'pong', payload: { t: 1 } });
    await s.init(screen);
    s.send({ type: 'pong' });
    s.send({ type: 'ping' });
    await s.next((m) => m.type === 'pong' && !('payload' in m));
    s.close();
  });

  it.each([
    ['not JSON', 'this is not json'],
    ['an unknown type', { type: 'subscribe-please', id: '1' }],
    ['a subscribe without an id', { type: 'subscribe', payload: { query: SUB } }],
    ['a server-only message', { type: 'next', id: '1', payload: {} }],
  ])('closes 4400 on %s', async (_name, message) => {
    const s = await RawSocket.open(hub.port);
    await s.init(screen);
    s.send(message);
    expect((await s.closed).code).toBe(4400);
  });

  it('closes 4401 on subscribe before the ack', async () => {
    const s = await RawSocket.open(hub.port);
    s.send({ type: 'subscribe', id: '1', payload: { query: SUB } });
    expect(await s.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
  });

  it('closes 4409 on a duplicate subscription id', async () => {
    const s = await RawSocket.open(hub.port);
    await s.init(screen);
    s.send({ type: 'subscribe', id: 'a', payload: { query: SUB } });
    s.send({ type: 'subscribe', id: 'a', payload: { query: SUB } });
    expect(await s.closed).toEqual({ code: 4409, reason: 'Subscriber for a already exists' });
  });

  it('closes 4429 on a second init', async () => {
    const s = await RawSocket.open(hub.port);
    await s.init(screen);
    s.send({ type: 'connection_init', payload: { authorization: `Bearer ${screen}` } });
    expect((await s.closed).code).toBe(4429);
  });

  it('closes 4403 on a missing or bad token in connection_init', async () => {
    const none = await RawSocket.open(hub.port);
    none.send({ type: 'connection_init' });
    expect((await none.closed).code).toBe(4403);
    const bad = await RawSocket.open(hub.port);
    bad.send({ type: 'connection_init', payload: { authorization: 'Bearer not-a-jwt' } });
    expect((await bad.closed).code).toBe(4403);
  });

  it('refuses the upgrade on a bad ?token= at connect, as the $connect authorizer does on AWS', async () => {
    await expect(RawSocket.open(hub.port, '?token=not-a-jwt')).rejects.toThrow('HTTP 403');
  });

  it('accepts the token as ?token= at connect', async () => {
    const s = await RawSocket.open(hub.port, `?token=${screen}`);
    s.send({ type: 'connection_init' });
    await s.next((m) => m.type === 'connection_ack');
    s.close();
  });

  it('closes 4408 when no connection_init arrives in time (sweeper), and leaves no rows', async () => {
    await hub.close();
    hub = await startTestHub({ configure: { wsInitTimeoutMs: 300 }, ws: { sweepIntervalMs: 100 } });
    const s = await RawSocket.open(hub.port);
    expect(await s.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    // The sweeper closes first, then deletes the rows; give it that moment.
    await new Promise((r) => setTimeout(r, 300));
    expect(await hub.realtime.sweep()).toEqual({ initTimeouts: 0, expiredConnections: 0, expiredRows: 0 });
  });

  it('answers an invalid or forbidden subscription with an error for its id and keeps the socket open', async () => {
    const s = await RawSocket.open(hub.port);
    await s.init(await hub.token('department', 'sorting'));
    s.send({ type: 'subscribe', id: 'bad', payload: { query: 'subscription { hubEvents { nope } }' } });
    const invalid = await s.next((m) => m.id === 'bad');
    expect(invalid.type).toBe('error');
    s.send({
      type: 'subscribe',
      id: 'other',
      payload: { query: 'subscription { hubEvents(domains: [HOUSING]) { seq } }' },
    });
    const forbidden = await s.next((m) => m.id === 'other');
    expect(forbidden).toMatchObject({ type: 'error', payload: [{ extensions: { code: 'FORBIDDEN' } }] });
    s.send({
      type: 'subscribe',
      id: 'cursor',
      payload: { query: 'subscription { hubEvents(domains: [SORTING], after: "%%%") { seq } }' },
    });
    expect(await s.next((m) => m.id === 'cursor')).toMatchObject({
      type: 'error',
      payload: [{ extensions: { code: 'BAD_USER_INPUT' } }],
    });
    s.send({ type: 'ping' });
    await s.next((m) => m.type === 'pong');
    s.close();
  });

  it('ignores complete for unknown or completed ids', async () => {
    const s = await RawSocket.open(hub.port);
    await s.init(screen);
    s.send({ type: 'complete', id: 'never-was' });
    s.send({ type: 'subscribe', id: 'x', payload: { query: SUB } });
    // API Gateway runs a connection's messages concurrently, on several Ws instances: a `complete`
    // sent right behind its `subscribe` can be handled first (see the README, "Local vs AWS"), so the
    // client here waits until the subscription is stored, as the rule under test is about ids.
    await waitForSubscribers(hub, 'sorting', 1);
    s.send({ type: 'complete', id: 'x' });
    s.send({ type: 'complete', id: 'x' });
    s.send({ type: 'ping' });
    await s.next((m) => m.type === 'pong');
    await waitForSubscribers(hub, 'sorting', 0);
    // The id is free again once completed.
    s.send({ type: 'subscribe', id: 'x', payload: { query: SUB } });
    s.send({ type: 'ping', payload: { again: true } });
    await s.next((m) => m.type === 'pong' && !!m.payload);
    s.close();
  });

  it('closes 1009 on a client message over 128 KB', async () => {
    const s = await RawSocket.open(hub.port);
    await s.init(screen);
    s.send({ type: 'ping', payload: { big: 'x'.repeat(130 * 1024) } });
    expect((await s.closed).code).toBe(1009);
  });
});
