/**
 * Issue 10, pushed dashboard: a screen's dashboard arrives through its
 * subscription. 1,000 screens subscribed with the web screen's own document
 * cost one dashboard computation per event (counted at the read service) and
 * each receives the refreshed dashboard in its `next`.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mapLimit } from '../../functions/core/map-limit.js';
import { encodeCursor } from '../../schema/cursor.js';
import { screenEvents } from '../../web/src/queries.js';
import { type DeliveryRig, startDeliveryRig } from '../helpers/delivery-rig.js';
import { dept } from '../helpers/test-hub.js';

const SCREENS = 1000;
const SCREEN_DOC = screenEvents({ construction: true, sorting: true, housing: true });
const VARIABLES = { after: null, year: 2026 };

type Pushed = {
  data: {
    hubEvents: {
      seq: number;
      dashboard: { sorting: { seq: number; kpis: { metric: string; actual: number }[] } };
      investmentMonthly: unknown[];
      housingProjects: unknown[];
    };
  };
  errors?: unknown[];
};

describe('the dashboard pushed through the subscription', () => {
  let rig: DeliveryRig;
  beforeAll(async () => {
    rig = await startDeliveryRig();
  });
  afterAll(() => rig?.close());

  it(`${SCREENS} identical screen subscriptions: one dashboard execution per event, every screen gets it`, async () => {
    const ids = Array.from({ length: SCREENS }, (_, i) => `screen-${i}`);
    await mapLimit(ids, 20, async (c) => {
      await rig.connect(c, { sub: `wall-${c}`, role: 'screen' });
      expect(await rig.subscribe(c, 'live', SCREEN_DOC, VARIABLES, 1)).toEqual({ statusCode: 200 });
    });
    const read = rig.main.hub.services.read;
    const dashboard = vi.spyOn(read, 'dashboard');
    const investment = vi.spyOn(read, 'investmentMonthly');
    const reference = rig.main.hub.services.reference;
    const housing = vi.spyOn(reference, 'housingProjects');

    const events = 3;
    for (let day = 1; day <= events; day++) {
      await rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
        street: '410104001',
        date: `2026-11-0${day}`,
        coverageRate: 90 + day,
        recoveryRate: 30 + day,
      });
      await rig.main.fanOut.deliver('sorting');
      expect(dashboard).toHaveBeenCalledTimes(day);
      expect(investment).toHaveBeenCalledTimes(day);
      expect(housing).toHaveBeenCalledTimes(day);
    }

    for (const c of ids) {
      const got = (rig.sockets.messages.get(c) ?? []).map((m) => m.payload as Pushed);
      expect(got).toHaveLength(events);
      for (const [i, p] of got.entries()) {
        expect(p.errors).toBeUndefined();
        expect(p.data.hubEvents.seq).toBe(i + 1);
        // The pushed dashboard already reflects the event it came with.
        expect(p.data.hubEvents.dashboard.sorting.seq).toBeGreaterThanOrEqual(i + 1);
        expect(Array.isArray(p.data.hubEvents.investmentMonthly)).toBe(true);
        expect(Array.isArray(p.data.hubEvents.housingProjects)).toBe(true);
      }
    }
  }, 300_000);

  it('a screen resuming after missed events computes its pushed dashboard once for the whole back-fill', async () => {
    const dashboard = vi.spyOn(rig.main.hub.services.read, 'dashboard');
    dashboard.mockClear();
    await rig.connect('resumer', { sub: 'wall-resumer', role: 'screen' });
    const after = encodeCursor({ construction: 0, sorting: 0, housing: 0 });
    expect(await rig.subscribe('resumer', 'live', SCREEN_DOC, { after, year: 2026 }, 1)).toEqual({ statusCode: 200 });
    const nexts = (rig.sockets.messages.get('resumer') ?? []).filter((m) => m.type === 'next');
    // Every missed sorting event came back, each with the (same, current) dashboard.
    expect(nexts.length).toBeGreaterThanOrEqual(3);
    for (const m of nexts)
      expect((m.payload as Pushed).data.hubEvents.dashboard.sorting.kpis.length).toBeGreaterThan(0);
    expect(dashboard.mock.calls.length).toBeLessThanOrEqual(2); // one per domain back-filled, not one per event
  });

  it('a department screen selecting only its own domain gets its dashboard without FORBIDDEN errors', async () => {
    await rig.connect('dept-screen', dept('sorting'));
    const doc = screenEvents({ construction: false, sorting: true, housing: false });
    expect(await rig.subscribe('dept-screen', 'live', doc, { after: null }, 1)).toEqual({ statusCode: 200 });
    await rig.main.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104002',
      date: '2026-11-05',
      coverageRate: 93,
      recoveryRate: 33,
    });
    await rig.main.fanOut.deliver('sorting');
    const [p] = (rig.sockets.messages.get('dept-screen') ?? []).map((m) => m.payload as Pushed);
    expect(p.errors).toBeUndefined();
    expect(p.data.hubEvents.dashboard.sorting.kpis.length).toBeGreaterThan(0);
  });

  it('a page of queried events may not select the dashboard on every node (complexity limit)', async () => {
    const { execute, parse } = await import('graphql');
    const { schema } = await import('../../schema/index.js');
    const result = await execute({
      schema,
      document: parse('{ recentEvents(last: 200) { events { seq dashboard { year } } } }'),
      contextValue: { principal: { sub: 'a', role: 'auditor' }, services: rig.main.hub.services },
    });
    expect(result.errors?.[0]?.message).toMatch(/complexity limit/);
  });
});
