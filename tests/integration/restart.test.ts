/**
 * Acceptance 8 (and the seed's "nothing twice"): the embedded runtime keeps
 * its data on disk across a restart, the next append continues the seq, and
 * a seeded store is not seeded again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeHub } from '../../functions/core/compose/hub.js';
import { readHead } from '../../functions/core/log/log-reader.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { localDynamoClient } from '../../infra/local/dynalite-store.js';
import type { SeedPlan } from '../../infra/local/seed/demo-data.js';
import { seedDemoData } from '../../infra/local/seed/seed.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { dept, startTestHub } from '../helpers/test-hub.js';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'guancheng-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('restarting the embedded runtime', () => {
  it('keeps every event and continues the seq', async () => {
    const dataDir = tempDir();
    const first = await startTestHub({ memory: false, dataDir, withReference: true });
    const e1 = await first.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: '2026-01-01',
      coverageRate: 98,
      recoveryRate: 38,
    });
    await first.close();

    const second = await startTestHub({ memory: false, dataDir });
    const e2 = await second.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: '2026-01-01',
      coverageRate: 99,
      recoveryRate: 38,
    });
    expect(e2.seq).toBe(e1.seq + 1);
    expect(e2.prevHash).toBe(e1.hash);
    expect(e2.prev).toEqual(e1.data);
    const auditor = await second.token('auditor');
    const v = await second.gql('{ verifyLog(domain: SORTING) { ok checked } }', {}, auditor);
    expect(v.body.data).toEqual({ verifyLog: { ok: true, checked: 2 } });
    const streets = await second.gql('{ streets { code } }', {}, auditor);
    expect((streets.body.data as { streets: unknown[] }).streets).toHaveLength(12);
    await second.close();
  });

  it('seeds once, and resumes an interrupted seed without repeating a write', async () => {
    const dataDir = tempDir();
    // A small plan stands in for the demo plan; the mechanism is the same.
    const plan = (): SeedPlan => ({
      reference: STREETS.map((s) => ({ kind: 'street' as const, input: { ...s } })),
      sorting: Array.from({ length: 30 }, (_, i) => ({
        kind: 'sorting' as const,
        input: {
          street: STREETS[i % 12].code,
          date: `2026-02-${String(1 + Math.floor(i / 12)).padStart(2, '0')}`,
          coverageRate: 98,
          recoveryRate: 38,
        },
      })),
      construction: [],
      housing: [],
    });
    const hub = await startTestHub({ memory: false, dataDir });
    // Interrupt the seed after 10 sorting reports.
    let calls = 0;
    const interrupted = (): SeedPlan => {
      const p = plan();
      return {
        ...p,
        sorting: p.sorting.map((w) => ({
          ...w,
          get input() {
            if (++calls > 10) throw new Error('crash');
            return (w as unknown as { input: never }).input;
          },
        })) as never,
      };
    };
    await expect(seedDemoData(hub.runtime.hub, { plan: interrupted })).rejects.toThrow('crash');
    expect((await readHead(hub.runtime.hub.store, 'sorting'))?.seq).toBe(10);
    const resumed = await seedDemoData(hub.runtime.hub, { plan });
    expect(resumed).toMatchObject({ seeded: true, events: 20 });
    expect((await readHead(hub.runtime.hub.store, 'sorting'))?.seq).toBe(30);
    expect(await seedDemoData(hub.runtime.hub, { plan })).toMatchObject({ seeded: false, reason: 'already seeded' });
    await hub.close();
  });

  it('catches read models up at start when the last run stopped between an append and its projection', async () => {
    const dataDir = tempDir();
    const first = await startTestHub({ memory: false, dataDir, withReference: true });
    // A writer that appends but never projects, and no stream to wake the projector: as if the
    // process died right after the append was acknowledged.
    const unwatched = documentClient(localDynamoClient(first.store));
    const crashed = composeHub({ ddb: unwatched, hubTable: first.config.hubTable, projectOnWrite: false });
    await crashed.writer.append({
      domain: 'sorting',
      actor: { sub: 'sorting-reporter', role: 'department', dept: 'sorting' },
      entityId: '410104005:2026-03-01',
      data: { street: '410104005', date: '2026-03-01', coverageRate: 97.25, recoveryRate: 36.5 },
      type: { first: 'SortingRateReported', correction: 'SortingRateCorrected' },
    });
    await first.stream.idle();
    await first.close();

    const second = await startTestHub({ memory: false, dataDir });
    const screen = await second.token('screen');
    const res = await second.gql('{ sortingRates(date: "2026-03-01") { street coverageRate } }', {}, screen);
    expect(res.body.data).toEqual({ sortingRates: [{ street: '410104005', coverageRate: 97.25 }] });
    await second.close();
  });
});
