/** Live subscriptions end to end: the real graphql-ws client, the local gateway, the ws handler, the stream's fan-out. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../schema/cursor.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';
import { client, collect, waitForSubscribers } from '../helpers/ws-client.js';

const FIELDS = 'seq domain type entityId at actor cursor data';
const SORTING = `mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { ${FIELDS} } } }`;
const HOUSING = `mutation($input: HousingDeliveryInput!) { reportHousingDelivery(input: $input) { event { ${FIELDS} } } }`;

type Next = { data: { hubEvents: Record<string, unknown> } };

describe('hubEvents over the local WebSocket gateway', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await startTestHub({ withReference: true });
  });
  afterEach(() => hub.close());

  it('delivers a department report as next with the HubEvent fields; client complete stops delivery', async () => {
    const screen = client(hub.port, await hub.token('screen'));
    const sorting = await hub.token('department', 'sorting');
    const sub = collect<Next>(screen, `subscription { hubEvents(domains: [SORTING, HOUSING]) { ${FIELDS} } }`);
    await waitForSubscribers(hub, 'sorting', 1);

    const res = await hub.gql(
      SORTING,
      { input: { street: '410104001', date: '2026-11-01', coverageRate: 98, recoveryRate: 38 } },
      sorting,
    );
    const written = (res.body.data as { reportSortingRate: { event: Record<string, unknown> } }).reportSortingRate
      .event;
    await sub.waitFor(1);
    const got = sub.items[0].data.hubEvents;
    const { cursor, ...rest } = got;
    const { cursor: _httpCursor, ...writtenRest } = written;
    expect(rest).toEqual(writtenRest);
    expect(rest).toMatchObject({
      seq: 1,
      domain: 'SORTING',
      type: 'SortingRateReported',
      entityId: '410104001:2026-11-01',
    });
    // The cursor covers every subscribed domain (housing is at its reference registrations).
    const housingHead = (await hub.runtime.hub.services.audit.verifyLog('housing')).headSeq;
    expect(decodeCursor(cursor as string)).toEqual({ sorting: 1, housing: housingHead });

    sub.stop();
    await waitForSubscribers(hub, 'sorting', 0);
    await hub.gql(
      SORTING,
      { input: { street: '410104001', date: '2026-11-02', coverageRate: 98, recoveryRate: 38 } },
      sorting,
    );
    await hub.stream.idle();
    expect(sub.items).toHaveLength(1);
    await screen.dispose();
  });

  it('filters by street and entity, and completes a query sent over the socket', async () => {
    const screen = client(hub.port, await hub.token('screen'));
    const housing = await hub.token('department', 'housing');
    const h1 = collect<Next>(
      screen,
      'subscription { hubEvents(domains: [HOUSING], entityId: "H-1") { seq entityId } }',
    );
    const street = collect<Next>(screen, 'subscription($s: ID) { hubEvents(street: $s) { seq entityId } }', {
      s: '410104005',
    });
    await waitForSubscribers(hub, 'housing#entity#H-1', 1);
    await waitForSubscribers(hub, 'housing#street#410104005', 1);
    // H-1 is on the 4th street, H-2 on the 5th.
    for (const project of ['H-1', 'H-2', 'H-1']) {
      await hub.gql(HOUSING, { input: { project, date: '2026-11-01', deliveredUnits: 10 } }, housing);
    }
    await h1.waitFor(2);
    await street.waitFor(1);
    await hub.stream.idle();
    expect(h1.items.map((i) => i.data.hubEvents.entityId)).toEqual(['H-1:2026-11-01', 'H-1:2026-11-01']);
    expect(street.items.map((i) => i.data.hubEvents.entityId)).toEqual(['H-2:2026-11-01']);

    const me = collect<{ data: { me: { role: string } } }>(screen, '{ me { role } }');
    await me.done;
    expect(me.items).toEqual([{ data: { me: { role: 'SCREEN' } } }]);
    await screen.dispose();
  });

  it("gives a department that names no domain its own domain's events", async () => {
    const sorting = await hub.token('department', 'sorting');
    const dept = client(hub.port, sorting);
    const sub = collect<Next>(dept, 'subscription { hubEvents { seq domain } }');
    await waitForSubscribers(hub, 'sorting', 1);
    await hub.gql(
      SORTING,
      { input: { street: '410104003', date: '2026-11-03', coverageRate: 98, recoveryRate: 38 } },
      sorting,
    );
    await sub.waitFor(1);
    expect(sub.items[0].data.hubEvents).toEqual({ seq: 1, domain: 'SORTING' });
    sub.stop();
    await dept.dispose();
  });
});
