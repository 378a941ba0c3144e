/**
 * Issue 8, failure 6: the fan-out executes each distinct payload once per
 * event, but the cursor inside a payload covers the subscriber's domains. A
 * department naming no domain follows its own; a screen naming none follows
 * all three: the same query text must still give each its own cursor.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../schema/cursor.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';

const SAME_TEXT = 'subscription { hubEvents { seq domain cursor } }';

describe('one payload per what it depends on', () => {
  let rig: DeliveryRig;
  beforeAll(async () => {
    rig = await startDeliveryRig();
  });
  afterAll(() => rig?.close());

  it('a department and a screen with the same query text each get a cursor over their own domains', async () => {
    await rig.connect('c-dept', dept('sorting'));
    await rig.connect('c-screen', { sub: 'wall-1', role: 'screen' });
    await rig.connect('c-screen-2', { sub: 'wall-2', role: 'screen' });
    for (const c of ['c-dept', 'c-screen', 'c-screen-2']) {
      expect(await rig.subscribe(c, 'live', SAME_TEXT, {}, 1)).toEqual({ statusCode: 200 });
    }
    const event = await rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: '2026-11-02',
      coverageRate: 97,
      recoveryRate: 36,
    });
    const rendersBefore = rig.main.fanOut.stats.executions;
    await rig.main.fanOut.deliver('sorting');

    const cursorOf = (c: string) => {
      const messages = rig.sockets.messages.get(c) ?? [];
      expect(messages).toHaveLength(1);
      const got = (messages[0].payload as { data: { hubEvents: { seq: number; cursor: string } } }).data.hubEvents;
      expect(got.seq).toBe(event.seq);
      return decodeCursor(got.cursor);
    };
    expect(cursorOf('c-dept')).toEqual({ sorting: event.seq });
    expect(cursorOf('c-screen')).toEqual({ construction: 0, sorting: event.seq, housing: 0 });
    expect(cursorOf('c-screen-2')).toEqual({ construction: 0, sorting: event.seq, housing: 0 });
    // The two screens still share one execution: two payloads for three subscribers.
    expect(rig.main.fanOut.stats.executions - rendersBefore).toBe(2);
  });
});
