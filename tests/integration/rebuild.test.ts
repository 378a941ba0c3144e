/**
 * Acceptance 4: after a randomized run of 2,000+ reports with corrections,
 * read models rebuilt from the log equal the incrementally built ones, item
 * for item.
 */
import { PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub, type Hub } from '../../functions/core/compose/hub.js';
import { rebuildReadModels } from '../../functions/core/projections/rebuild.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { seededRandom } from '../helpers/random.js';
import { ADMIN, dept } from '../helpers/test-hub.js';
import { startTestStore, type TestStore } from '../helpers/test-store.js';

async function readModelSnapshot(t: TestStore) {
  const items = new Map<string, Record<string, unknown>>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await t.ddb.send(new ScanCommand({ TableName: t.store.table, ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) {
      const pk = item.PK as string;
      if (!pk.startsWith('RM#') && !pk.startsWith('CKPT#')) continue;
      // The checkpoint's wall-clock time is the only thing that differs by design.
      const { at: _at, ...rest } = item;
      items.set(`${pk}|${item.SK}`, pk.startsWith('CKPT#') ? rest : item);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

describe('rebuilding read models from the log', () => {
  let t: TestStore;
  let hub: Hub;
  const year = new Date().getUTCFullYear();
  beforeAll(async () => {
    t = await startTestStore();
    hub = composeHub({ ddb: t.ddb, hubTable: t.store.table, projectOnWrite: false });
    const ref = hub.services.reference;
    for (const s of STREETS) await ref.upsertStreet(ADMIN, { ...s });
    await hub.projector.catchUp('reference');
    for (let i = 1; i <= 6; i++) {
      await ref.upsertProject(ADMIN, {
        code: `P-${i}`,
        name: `项目${i}`,
        category: 'industrial',
        street: STREETS[i].code,
        totalInvestment: 90_000,
        plannedInvestment: 24_000,
        year,
        status: 'started',
        responsibleUnit: '区发改委',
      });
      await ref.upsertHousingProject(ADMIN, {
        code: `H-${i}`,
        name: `楼盘${i}`,
        street: STREETS[i].code,
        kind: 'commercial',
        totalUnits: 800,
        status: 'stalled',
        resumeDeadline: `${year}-06-30`,
        deliveryDeadline: `${year}-12-31`,
      });
    }
    await ref.setTarget(ADMIN, { domain: 'sorting', year, metric: 'coverageRate', value: 98 });
    for (const d of ['construction', 'housing', 'sorting'] as const) await hub.projector.catchUp(d);
  });
  afterAll(() => t.close());

  it('gives the same items as the incremental projection after 2,100 random reports', {
    timeout: 240_000,
  }, async () => {
    const rnd = seededRandom(42);
    const today = new Date();
    const day = (back: number) => new Date(today.getTime() - back * 86_400_000).toISOString().slice(0, 10);
    const months = Array.from(
      { length: today.getUTCMonth() + 1 },
      (_, m) => `${year}-${String(m + 1).padStart(2, '0')}`,
    );
    let corrections = 0;
    const seen = new Set<string>();
    // Three department systems reporting at once; small key spaces so many reports are corrections.
    const streams = {
      sorting: async () => {
        for (let i = 0; i < 900; i++) {
          const input = {
            street: rnd.pick(STREETS).code,
            date: day(rnd.int(0, 40)),
            coverageRate: 95 + rnd.next() * 5,
            recoveryRate: 33 + rnd.next() * 9,
          };
          if (seen.has(`s${input.street}${input.date}`)) corrections++;
          seen.add(`s${input.street}${input.date}`);
          await hub.services.reports.reportSortingRate(dept('sorting'), input);
        }
      },
      construction: async () => {
        for (let i = 0; i < 600; i++) {
          const input = {
            project: `P-${rnd.int(1, 6)}`,
            period: rnd.pick(months),
            investment: Math.round(rnd.next() * 4000),
            status: rnd.next() < 0.1 ? ('completed' as const) : null,
          };
          if (seen.has(`c${input.project}${input.period}`)) corrections++;
          seen.add(`c${input.project}${input.period}`);
          await hub.services.reports.reportProjectProgress(dept('construction'), input);
        }
      },
      housing: async () => {
        for (let i = 0; i < 600; i++) {
          const input = {
            project: `H-${rnd.int(1, 6)}`,
            date: day(rnd.int(0, 60)),
            deliveredUnits: rnd.int(0, 800),
            status: rnd.next() < 0.2 ? ('delivering' as const) : null,
            // Random counts fall and jump: the sanity checks ask for a reason, which makes such a report a correction.
            correctionReason: '随机测试数据 / random test data',
          };
          if (seen.has(`h${input.project}${input.date}`)) corrections++;
          seen.add(`h${input.project}${input.date}`);
          await hub.services.reports.reportHousingDelivery(dept('housing'), input);
        }
      },
    };
    // Projection runs beside the writers, as the stream projector does: batches of whatever size
    // accumulated, interleaved with appends (the writers leave projection to it).
    let writing = true;
    const projecting = (async () => {
      while (writing) {
        for (const d of ['construction', 'sorting', 'housing'] as const) await hub.projector.catchUp(d);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    await Promise.all(Object.values(streams).map((run) => run()));
    writing = false;
    await projecting;
    for (const d of ['construction', 'sorting', 'housing', 'reference'] as const) await hub.projector.catchUp(d);
    expect(corrections).toBeGreaterThan(300);

    // What subscribers already received is not a read model: a rebuild must leave it alone.
    const fanout = { PK: 'CKPT#fanout', SK: 'CKPT', delivered: { sorting: 900 } };
    await t.ddb.send(new PutCommand({ TableName: t.store.table, Item: fanout }));
    const incremental = await readModelSnapshot(t);
    expect(incremental.size).toBeGreaterThan(500);
    const runs = await rebuildReadModels(hub.store, hub.projector);
    expect(runs.sorting.applied + runs.construction.applied + runs.housing.applied).toBeGreaterThanOrEqual(2100);
    const rebuilt = await readModelSnapshot(t);

    expect([...rebuilt.keys()].sort()).toEqual([...incremental.keys()].sort());
    for (const [key, item] of incremental) expect(rebuilt.get(key), key).toEqual(item);
    expect(rebuilt.get('CKPT#fanout|CKPT')).toEqual(fanout);
  });
});
