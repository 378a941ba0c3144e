/**
 * Log epochs (issue 13, acceptance 5's server side): every event and cursor
 * carries the epoch of the store's logs; a cursor without one (issued before
 * epochs) still resumes; a cursor of another epoch is refused with CONFLICT /
 * EPOCH_CHANGED instead of back-filling from positions of a log that is gone;
 * a restored copy of the table (another name, the original's epoch item) gets
 * a new epoch, a restart on the same store keeps it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LogEpoch } from '../../functions/core/log/log-epoch.js';
import { LOG_EPOCH_KEY } from '../../functions/core/store/keys/epoch.js';
import { ensureTables } from '../../infra/local/dynalite-store.js';
import { encodeCursor, parseCursor } from '../../schema/cursor.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { startTestStore, TABLES, type TestStore } from '../helpers/test-store.js';
import { client, collect } from '../helpers/ws-client.js';

const FIELDS = 'seq domain cursor epoch';
type Next = { data: { hubEvents: { seq: number; domain: string; cursor: string; epoch: string } } };
type ErrorList = { message: string; extensions: Record<string, unknown> }[];

const report = (hub: TestHub, date: string) =>
  hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
    street: '410104001',
    date,
    coverageRate: 98,
    recoveryRate: 38,
  });

describe('the log epoch in the store', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await startTestStore();
  });
  afterEach(() => t.close());

  it('is written once: racing instances agree, and each reads it once', async () => {
    const instances = Array.from({ length: 6 }, () => new LogEpoch(t.store));
    const epochs = await Promise.all(instances.map((i) => i.current()));
    expect(new Set(epochs).size).toBe(1);
    const item = await t.ddb.send(new GetCommand({ TableName: TABLES.hubTable, Key: LOG_EPOCH_KEY }));
    expect(item.Item).toMatchObject({ epoch: epochs[0], table: TABLES.hubTable });
    // Cached: an edit under a running instance is not seen (a store never changes its epoch while running).
    await t.ddb.send(new PutCommand({ TableName: TABLES.hubTable, Item: { ...item.Item, epoch: 'changed-xyz' } }));
    expect(await instances[0].current()).toBe(epochs[0]);
    expect(await new LogEpoch(t.store).current()).toBe('changed-xyz');
  });

  it('is replaced in a restored copy: same item, another table name', async () => {
    const original = await new LogEpoch(t.store).current();
    const item = (await t.ddb.send(new GetCommand({ TableName: TABLES.hubTable, Key: LOG_EPOCH_KEY }))).Item;
    const restored = { ...TABLES, hubTable: 'test-hub-restored' };
    await ensureTables(t.client, restored);
    await t.ddb.send(new PutCommand({ TableName: restored.hubTable, Item: item }));
    const copies = Array.from({ length: 4 }, () => new LogEpoch({ ddb: t.ddb, table: restored.hubTable }));
    const epochs = await Promise.all(copies.map((c) => c.current()));
    expect(new Set(epochs).size).toBe(1);
    expect(epochs[0]).not.toBe(original);
    const replaced = await t.ddb.send(new GetCommand({ TableName: restored.hubTable, Key: LOG_EPOCH_KEY }));
    expect(replaced.Item).toMatchObject({ epoch: epochs[0], table: restored.hubTable, replaced: original });
  });
});

describe('epochs on the API', () => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await startTestHub({ withReference: true });
  });
  afterEach(() => hub.close());

  it('every event, recentEvents and every cursor carry the epoch', async () => {
    const epoch = await hub.runtime.hub.epoch.current();
    const screen = await hub.token('screen');
    const sorting = await hub.token('department', 'sorting');
    const res = await hub.gql<{ reportSortingRate: { event: { epoch: string; cursor: string } } }>(
      `mutation($i: SortingReportInput!) { reportSortingRate(input: $i) { event { ${FIELDS} } } }`,
      { i: { street: '410104001', date: '2026-11-01', coverageRate: 98, recoveryRate: 38 } },
      sorting,
    );
    const event = res.body.data!.reportSortingRate.event;
    expect(event.epoch).toBe(epoch);
    expect(parseCursor(event.cursor)).toEqual({ position: { sorting: 1 }, epoch });
    const recent = await hub.gql<{ recentEvents: { epoch: string; cursor: string; events: { epoch: string }[] } }>(
      `{ recentEvents(domains: [SORTING], last: 5) { epoch cursor events { epoch } } }`,
      {},
      screen,
    );
    expect(recent.body.data!.recentEvents.epoch).toBe(epoch);
    expect(parseCursor(recent.body.data!.recentEvents.cursor)).toEqual({ position: { sorting: 1 }, epoch });
    expect(recent.body.data!.recentEvents.events).toEqual([{ epoch }]);
  });

  it('a cursor without an epoch (issued before epochs) still back-fills; the events it gets carry the epoch', async () => {
    const epoch = await hub.runtime.hub.epoch.current();
    for (const d of ['2026-11-01', '2026-11-02', '2026-11-03']) await report(hub, d);
    const c = client(hub.port, await hub.token('screen'));
    const sub = collect<Next>(
      c,
      `subscription($a: String) { hubEvents(domains: [SORTING], after: $a) { ${FIELDS} } }`,
      {
        a: encodeCursor({ sorting: 1 }),
      },
    );
    await sub.waitFor(2);
    expect(sub.items.map((i) => i.data.hubEvents.seq)).toEqual([2, 3]);
    for (const i of sub.items) {
      expect(i.data.hubEvents.epoch).toBe(epoch);
      expect(parseCursor(i.data.hubEvents.cursor).epoch).toBe(epoch);
    }
    sub.stop();
    await c.dispose();
  });

  it('a cursor of another epoch is refused with CONFLICT / EPOCH_CHANGED and the current epoch, nothing sent', async () => {
    const epoch = await hub.runtime.hub.epoch.current();
    await report(hub, '2026-11-01');
    const c = client(hub.port, await hub.token('screen'));
    const sub = collect<Next>(
      c,
      `subscription($a: String) { hubEvents(domains: [SORTING], after: $a) { ${FIELDS} } }`,
      {
        a: encodeCursor({ sorting: 0 }, 'an-earlier-life'),
      },
    );
    await sub.done;
    expect(sub.items).toEqual([]);
    const [error] = sub.errors[0] as ErrorList;
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', reason: 'EPOCH_CHANGED', epoch, field: 'after' });
    expect(error.message).toMatch(/^after: belongs to an earlier life of the logs/);
    // The same cursor with the current epoch back-fills.
    const again = collect<Next>(
      c,
      `subscription($a: String) { hubEvents(domains: [SORTING], after: $a) { ${FIELDS} } }`,
      {
        a: encodeCursor({ sorting: 0 }, epoch),
      },
    );
    await again.waitFor(1);
    expect(again.items[0].data.hubEvents.seq).toBe(1);
    again.stop();
    await c.dispose();
  });
});

describe('epochs across restarts', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('the same store keeps its epoch; a new store gets another', async () => {
    const tempDir = () => {
      const d = mkdtempSync(join(tmpdir(), 'guancheng-epoch-'));
      dirs.push(d);
      return d;
    };
    const dataDir = tempDir();
    const first = await startTestHub({ memory: false, dataDir });
    const before = await first.runtime.hub.epoch.current();
    await first.close();
    const again = await startTestHub({ memory: false, dataDir });
    expect(await again.runtime.hub.epoch.current()).toBe(before);
    await again.close();
    const fresh = await startTestHub({ memory: false, dataDir: tempDir() });
    expect(await fresh.runtime.hub.epoch.current()).not.toBe(before);
    await fresh.close();
  });
});
