/**
 * API Gateway may run a connection's `$default` messages concurrently, so a
 * `complete` can be handled before the `subscribe` it ends. The complete then
 * leaves a marker and the late subscribe stores nothing (protocol/
 * client-messages/complete.ts): no subscription row is left that the client
 * no longer listens to, and the fan-out posts nothing for it. A complete that
 * arrives after the subscribe removes it as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WsEvent } from '../../functions/core/realtime/protocol/ws-event.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';

const SCREEN = { sub: 'wall-c', role: 'screen' } as const;
const SUB = 'subscription { hubEvents(domains: [SORTING]) { seq } }';

const message = (connectionId: string, body: unknown): WsEvent => ({
  requestContext: { routeKey: '$default', eventType: 'MESSAGE', connectionId },
  body: JSON.stringify(body),
});

describe('a complete that overtakes its subscribe', () => {
  let rig: DeliveryRig;
  beforeAll(async () => {
    rig = await startDeliveryRig();
  }, 60_000);
  afterAll(() => rig?.close());

  const report = (day: number) =>
    rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104005',
      date: `2026-09-${String(day).padStart(2, '0')}`,
      coverageRate: 95,
      recoveryRate: 35,
    });
  const nexts = (connectionId: string) =>
    (rig.sockets.messages.get(connectionId) ?? []).filter((m) => m.type === 'next').length;

  it('handled first, it makes the late subscribe store nothing, and nothing is delivered for that id', async () => {
    await rig.connect('c-race', SCREEN);
    await rig.main.handler(message('c-race', { id: 'op1', type: 'complete' }));
    // The subscribe arrives on another instance, after its complete.
    await rig.instance().handler(message('c-race', { id: 'op1', type: 'subscribe', payload: { query: SUB } }));
    expect(await rig.rows('domain:SORTING', 'c-race', 'op1')).toEqual([]);
    expect(await rig.main.store.hasSubscription('c-race', 'op1')).toBe(false);
    await report(1);
    await rig.main.fanOut.deliver('sorting');
    expect(nexts('c-race')).toBe(0);
    expect(rig.sockets.closes.get('c-race')).toBeUndefined();
  });

  it('handled after, it ends the subscription; before it, events arrive', async () => {
    await rig.connect('c-order', SCREEN);
    await rig.main.handler(message('c-order', { id: 'op2', type: 'subscribe', payload: { query: SUB } }));
    await report(2);
    await rig.main.fanOut.deliver('sorting');
    expect(nexts('c-order')).toBe(1);
    await rig.instance().handler(message('c-order', { id: 'op2', type: 'complete' }));
    await report(3);
    await rig.main.fanOut.deliver('sorting');
    expect(nexts('c-order')).toBe(1);
    expect(await rig.main.store.hasSubscription('c-order', 'op2')).toBe(false);
  });
});
