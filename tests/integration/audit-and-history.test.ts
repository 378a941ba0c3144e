/**
 * The auditor's log (filters, pagination, old → new) and the screens'
 * history series (pagination by cursor), plus errors that never leak internals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';

describe('audit log and history', () => {
  let hub: TestHub;
  let auditor: string;
  let screen: string;
  beforeAll(async () => {
    hub = await startTestHub({ withReference: true });
    auditor = await hub.token('auditor');
    screen = await hub.token('screen');
    const { reports } = hub.runtime.hub.services;
    for (let d = 1; d <= 30; d++) {
      const date = `2026-03-${String(d).padStart(2, '0')}`;
      await reports.reportSortingRate(dept('sorting'), {
        street: '410104001',
        date,
        coverageRate: 97 + d / 100,
        recoveryRate: 38,
      });
      await reports.reportSortingRate(dept('sorting', 'other-reporter'), {
        street: '410104002',
        date,
        coverageRate: 98,
        recoveryRate: 39,
      });
    }
    await reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: '2026-03-05',
      coverageRate: 99.5,
      recoveryRate: 38,
    });
  });
  afterAll(() => hub.close());

  const EVENTS = `query($after: Int, $first: Int, $entityId: ID, $actor: String, $type: String, $from: DateTime, $to: DateTime) {
    events(domain: SORTING, after: $after, first: $first, entityId: $entityId, actor: $actor, type: $type, from: $from, to: $to) {
      nodes { seq entityId type actor prev data actorInfo { role dept } } pageInfo { hasNextPage endCursor } endSeq } }`;
  type Page = {
    events: {
      nodes: {
        seq: number;
        entityId: string;
        type: string;
        actor: string;
        prev: Record<string, number> | null;
        data: Record<string, number>;
      }[];
      pageInfo: { hasNextPage: boolean };
      endSeq: number;
    };
  };

  it('pages through the whole log in seq order', async () => {
    const seqs: number[] = [];
    let after: number | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const res: { body: { data?: Page } } = await hub.gql<Page>(EVENTS, { after, first: 25 }, auditor);
      const page: Page['events'] = res.body.data!.events;
      seqs.push(...page.nodes.map((n) => n.seq));
      if (!page.pageInfo.hasNextPage) break;
      after = page.endSeq;
    }
    expect(seqs).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
  });

  it('filters by entity (a street, or one value), actor, type and time', async () => {
    const street = (await hub.gql<Page>(EVENTS, { entityId: '410104001', first: 500 }, auditor)).body.data!.events
      .nodes;
    expect(street).toHaveLength(31);
    expect(street.every((n) => n.entityId.startsWith('410104001:'))).toBe(true);
    const one = (await hub.gql<Page>(EVENTS, { entityId: '410104001:2026-03-05' }, auditor)).body.data!.events.nodes;
    expect(one.map((n) => n.type)).toEqual(['SortingRateReported', 'SortingRateCorrected']);
    expect(one[1].prev?.coverageRate).toBe(97.05);
    expect(one[1].data.coverageRate).toBe(99.5);
    const byActor = (await hub.gql<Page>(EVENTS, { actor: 'other-reporter', first: 500 }, auditor)).body.data!.events
      .nodes;
    expect(byActor).toHaveLength(30);
    expect(byActor.every((n) => n.actor === 'other-reporter')).toBe(true);
    const corrections = (await hub.gql<Page>(EVENTS, { type: 'SortingRateCorrected' }, auditor)).body.data!.events
      .nodes;
    expect(corrections.map((n) => n.seq)).toEqual([61]);
    const future = (await hub.gql<Page>(EVENTS, { from: '2099-01-01T00:00:00Z' }, auditor)).body.data!.events.nodes;
    expect(future).toEqual([]);
  });

  it('rejects bad paging with BAD_USER_INPUT', async () => {
    const res = await hub.gql(EVENTS, { first: 0 }, auditor);
    expect(res.body.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(res.body.errors?.[0].message).toContain('first');
  });

  it('serves a street history page by page', async () => {
    const Q =
      'query($after: String) { sortingHistory(street: "410104001", from: "2026-03-01", to: "2026-03-31", first: 12, after: $after) { nodes { date coverageRate } pageInfo { hasNextPage endCursor } } }';
    type H = {
      sortingHistory: {
        nodes: { date: string; coverageRate: number }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const dates: string[] = [];
    let after: string | null = null;
    for (;;) {
      const h: H = (await hub.gql<H>(Q, { after }, screen)).body.data!;
      dates.push(...h.sortingHistory.nodes.map((n) => n.date));
      if (!h.sortingHistory.pageInfo.hasNextPage) break;
      after = h.sortingHistory.pageInfo.endCursor;
    }
    expect(dates).toHaveLength(30);
    expect(dates[0]).toBe('2026-03-01');
    expect(dates.at(-1)).toBe('2026-03-30');
  });

  it('logs reference-data changes like reports, with old → new', async () => {
    const admin = await hub.token('admin');
    const res = await hub.gql(
      'mutation { upsertStreet(input: { code: "410104001", name: "北下街街道", nameEn: "Beixia Street" }) { event { domain type prev data } } }',
      {},
      admin,
    );
    expect(res.body.data).toMatchObject({
      upsertStreet: {
        event: {
          domain: 'REFERENCE',
          type: 'StreetUpdated',
          prev: { nameEn: 'Beixiajie' },
          data: { nameEn: 'Beixia Street' },
        },
      },
    });
  });

  it('answers a malformed query with BAD_USER_INPUT and no internals', async () => {
    const res = await hub.gql('{ dashboard { nope } }', {}, screen);
    expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.body.errors?.[0].message).toContain('nope');
    const typo = await hub.gql(
      'mutation { reportSortingRate(input: { street: "410104001", date: "2026-02-30", coverageRate: 98, recoveryRate: 38 }) { event { seq } } }',
      {},
      await hub.token('department', 'sorting'),
    );
    expect(typo.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(typo.body.errors?.[0].message).toContain('YYYY-MM-DD');
    expect(JSON.stringify(typo.body)).not.toMatch(/stack|at .*\.ts/);
  });
});

describe('when the store fails', () => {
  it('answers INTERNAL with an actionable message and no internals', async () => {
    const hub = await startTestHub({ withReference: true });
    const screen = await hub.token('screen');
    await hub.store.close();
    const res = await hub.gql('{ streets { code } }', {}, screen);
    expect(res.body.errors?.[0].extensions?.code).toBe('INTERNAL');
    expect(res.body.errors?.[0].message).toMatch(/retry/);
    expect(JSON.stringify(res.body)).not.toMatch(/embedded store|stack|\.ts:/);
    await hub.close();
  });
});

describe('the audit log at demo scale', () => {
  it('pages a log of 600 events in a handful of reads, not one per event', async () => {
    const hub = await startTestHub({ withReference: true });
    const auditor = await hub.token('auditor');
    const { reports } = hub.runtime.hub.services;
    for (let i = 0; i < 600; i++) {
      const day = new Date(Date.UTC(2025, 0, 1) + Math.floor(i / 12) * 86_400_000).toISOString().slice(0, 10);
      await reports.reportSortingRate(dept('sorting'), {
        street: `4101040${String((i % 12) + 1).padStart(2, '0')}`,
        date: day,
        coverageRate: 98,
        recoveryRate: 38,
      });
    }
    await hub.stream.idle();
    // Count the reads of the sorting log by the Http function's instances (the stream's projector and fan-out run beside).
    let queries = 0;
    hub.fleet.useMiddleware(
      (client) =>
        client.middlewareStack.add(
          (next, context) => async (args) => {
            const input = args.input as { ExpressionAttributeValues?: Record<string, unknown> };
            const pk = input.ExpressionAttributeValues?.[':pk'];
            const isLogQuery = (context as { commandName?: string }).commandName === 'QueryCommand';
            if (isLogQuery && (pk === 'LOG#sorting' || (pk as { S?: string })?.S === 'LOG#sorting')) queries++;
            return next(args);
          },
          { step: 'initialize', name: 'countLogQueries' },
        ),
      'Http',
    );
    const res = await hub.gql(
      '{ events(domain: SORTING, first: 50) { nodes { seq } pageInfo { hasNextPage } endSeq } }',
      {},
      auditor,
    );
    const page = (
      res.body.data as { events: { nodes: { seq: number }[]; pageInfo: { hasNextPage: boolean }; endSeq: number } }
    ).events;
    expect(page.nodes.map((n) => n.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.endSeq).toBe(50);
    expect(queries).toBeLessThanOrEqual(3);
    const last = await hub.gql(
      '{ events(domain: SORTING, after: 590, first: 50) { nodes { seq } pageInfo { hasNextPage } } }',
      {},
      auditor,
    );
    expect(
      (last.body.data as { events: { nodes: unknown[]; pageInfo: { hasNextPage: boolean } } }).events,
    ).toMatchObject({ pageInfo: { hasNextPage: false } });
    expect((last.body.data as { events: { nodes: unknown[] } }).events.nodes).toHaveLength(10);
    await hub.close();
  }, 180_000);
});
