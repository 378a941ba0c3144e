import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor } from '../../schema/cursor.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

const REPORT = `mutation($input: SortingReportInput!) {
  reportSortingRate(input: $input) { event { seq domain type entityId at actor cursor data prev isCorrection } }
}`;

describe('a department report through HTTP', () => {
  let hub: TestHub;
  let sorting: string;
  let screen: string;
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    sorting = await hub.token('department', 'sorting');
    screen = await hub.token('screen');
  });
  afterAll(() => hub.close());

  it('appends an event with the contract fields and a correction records the old value', async () => {
    const first = await hub.gql(
      REPORT,
      { input: { street: '410104001', date: '2026-11-01', coverageRate: 97.5, recoveryRate: 37.1 } },
      sorting,
    );
    expect(first.status).toBe(200);
    const e1 = (first.body.data as { reportSortingRate: { event: Record<string, unknown> } }).reportSortingRate.event;
    expect(e1).toMatchObject({
      seq: 1,
      domain: 'SORTING',
      type: 'SortingRateReported',
      entityId: '410104001:2026-11-01',
      actor: 'sorting-reporter',
      prev: null,
      isCorrection: false,
    });
    expect(typeof e1.cursor).toBe('string');
    const second = await hub.gql(
      REPORT,
      { input: { street: '410104001', date: '2026-11-01', coverageRate: 98.5, recoveryRate: 37.1 } },
      sorting,
    );
    const e2 = (second.body.data as { reportSortingRate: { event: Record<string, unknown> } }).reportSortingRate.event;
    expect(e2).toMatchObject({ seq: 2, type: 'SortingRateCorrected', isCorrection: true });
    expect((e2.prev as { coverageRate: number }).coverageRate).toBe(97.5);
    // Read-your-writes: the screen sees the corrected value at once.
    const read = await hub.gql('{ sortingRates(date: "2026-11-01") { street coverageRate seq } }', {}, screen);
    expect(read.body.data).toEqual({ sortingRates: [{ street: '410104001', coverageRate: 98.5, seq: 2 }] });
  });

  it('rejects a bad rate with BAD_USER_INPUT naming the field', async () => {
    const res = await hub.gql(
      REPORT,
      { input: { street: '410104001', date: '2026-11-02', coverageRate: 120, recoveryRate: 37 } },
      sorting,
    );
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toContain('input.coverageRate');
  });

  it("answers 401 without a token: API Gateway's body first, UNAUTHENTICATED from the function behind it", async () => {
    const res = await hub.gql('{ streets { code } }', {}, null);
    expect(res).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    const lambda = await hub.lambdaGql('{ streets { code } }', {}, null);
    expect(lambda.status).toBe(401);
    expect(lambda.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('serves GraphiQL to a browser and /healthz to anyone', async () => {
    const page = await fetch(`${hub.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('GraphiQL');
    const health = await fetch(`${hub.url}/healthz`);
    expect(await health.json()).toEqual({ ok: true });
  });

  it('gives screens the newest events and a cursor to subscribe from', async () => {
    const res = await hub.gql(
      '{ recentEvents(domains: [SORTING], last: 5) { cursor events { seq domain type } } }',
      {},
      screen,
    );
    const recent = (res.body.data as { recentEvents: { cursor: string; events: { seq: number; domain: string }[] } })
      .recentEvents;
    expect(recent.events.map((e) => [e.domain, e.seq])).toEqual([
      ['SORTING', 2],
      ['SORTING', 1],
    ]);
    expect(decodeCursor(recent.cursor)).toEqual({ sorting: 2 });
    // By default the three report domains, each at its head (the reference data is 3 projects, 2 housing projects).
    const all = await hub.gql('{ recentEvents { cursor } }', {}, screen);
    expect(decodeCursor((all.body.data as { recentEvents: { cursor: string } }).recentEvents.cursor)).toEqual({
      construction: 3,
      sorting: 2,
      housing: 2,
    });
    const other = await hub.gql('{ recentEvents(domains: [CONSTRUCTION]) { cursor } }', {}, sorting);
    expect(other.body.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const own = await hub.gql('{ recentEvents { events { domain } } }', {}, sorting);
    expect(own.body.errors).toBeUndefined();
  });
});
