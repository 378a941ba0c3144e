/**
 * The bulk seed (what `npm start` runs) against the event-by-event seed it
 * replaced: on the same plan and clock, both leave the very same logs (every
 * event, hence every head and hash), read models, projector checkpoints,
 * fan-out position and dashboard. And a bulk seed that dies halfway — after a
 * flush was stored but before it was projected, with part of that flush's
 * batch never written — is finished by a restart without a gap, a duplicate
 * or a stray projection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeHub } from '../../functions/core/compose/hub.js';
import { readAfter } from '../../functions/core/log/log-reader.js';
import { batchDelete } from '../../functions/core/store/batch.js';
import { logPk, seqSk } from '../../functions/core/store/keys/log.js';
import { scanAll } from '../../functions/core/store/paging.js';
import type { EmbeddedHub } from '../../infra/local/embedded.js';
import { bulkSeedDemoData } from '../../infra/local/seed/bulk-seed.js';
import { demoPlan, type SeedPlan } from '../../infra/local/seed/demo-data.js';
import { type SeedResult, seedDemoData } from '../../infra/local/seed/seed.js';
import { DOMAINS, type DomainName, type HubEventRecord } from '../../schema/model.js';
import { startTestHub, type TestHub } from '../helpers/test-hub.js';

// Early in the year, so construction and housing plans are short; sorting cut to its first 400 writes.
const NOW = new Date('2026-02-20T08:00:00Z');
const now = () => NOW;
const plan = (anchor: Date): SeedPlan => {
  const p = demoPlan(anchor);
  return { ...p, sorting: p.sorting.slice(0, 400) };
};
const PLANNED = Object.values(plan(NOW)).reduce((n, w) => n + w.length, 0);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Everything a seed leaves that a reader could see. */
async function snapshot(hub: TestHub) {
  const { store, services, projector } = hub.runtime.hub;
  const logs = Object.fromEntries(
    await Promise.all(DOMAINS.map(async (d) => [d, await readAfter(store, d, 0)] as const)),
  ) as Record<DomainName, HubEventRecord[]>;
  const readModels = (
    await scanAll(store.ddb, {
      TableName: store.table,
      FilterExpression: 'begins_with(PK, :rm)',
      ExpressionAttributeValues: { ':rm': 'RM#' },
    })
  ).sort((a, b) => `${a.PK}\u0000${a.SK}`.localeCompare(`${b.PK}\u0000${b.SK}`));
  const checkpoints = await Promise.all(DOMAINS.map((d) => projector.checkpoint(d)));
  const delivered = (await hub.realtime.checkpoint.read()).delivered;
  const dashboard = await services.read.dashboard({});
  return { logs, readModels, checkpoints, delivered, dashboard };
}

/** A seed hub as embedded.ts composes it (admin client, projection left to the seed), for direct calls. */
const seedHubOf = (hub: EmbeddedHub) =>
  composeHub({
    ddb: hub.runtime.hub.store.ddb,
    hubTable: hub.config.hubTable,
    projectOnWrite: false,
    now,
    sharedProjector: hub.runtime.hub.projector,
  });

/** After a direct seed call, what embedded.ts does after its seed: wake every domain and wait. */
async function wakeAndSettle(hub: EmbeddedHub) {
  for (const d of DOMAINS) hub.stream.push('MODIFY', { PK: { S: logPk(d) }, SK: { S: seqSk(0) } });
  await hub.stream.idle();
}

/** The event-by-event seed of the plan: what the bulk seed must leave (computed once, for either test). */
let slowSeed: Promise<{ result: SeedResult; state: Awaited<ReturnType<typeof snapshot>> }> | undefined;
const eventByEvent = () => {
  slowSeed ??= (async () => {
    const slow = await startTestHub({ now });
    const result = await seedDemoData(seedHubOf(slow), { plan, now: NOW });
    await wakeAndSettle(slow);
    const state = await snapshot(slow);
    await slow.close();
    return { result, state };
  })();
  return slowSeed;
};

describe('the bulk demo seed', () => {
  it('leaves exactly what the event-by-event seed leaves', async () => {
    const { result: r1, state: reference } = await eventByEvent();

    const fast = await startTestHub({ now });
    const r2 = await bulkSeedDemoData(seedHubOf(fast), { plan, now: NOW, flushEvery: 100 });
    await wakeAndSettle(fast);
    const got = await snapshot(fast);
    await fast.close();

    expect(r1).toEqual({ seeded: true, reason: 'seeded', events: PLANNED });
    expect(r2).toEqual(r1);
    for (const d of DOMAINS) expect(got.logs[d].length).toBe(plan(NOW)[d].length);
    expect(got.logs).toEqual(reference.logs);
    expect(got.readModels.length).toBeGreaterThan(400);
    expect(got.readModels).toEqual(reference.readModels);
    expect(got.checkpoints).toEqual(reference.checkpoints);
    expect(got.delivered).toEqual(Object.fromEntries(DOMAINS.map((d) => [d, plan(NOW)[d].length])));
    expect(got.delivered).toEqual(reference.delivered);
    expect(got.dashboard).toEqual(reference.dashboard);
  });

  it('is finished by a restart after dying halfway, with nothing lost, doubled or wrongly projected', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'guancheng-bulk-seed-'));
    dirs.push(dataDir);
    const first = await startTestHub({ now, memory: false, dataDir });
    let flushes = 0;
    const torn: number[] = [];
    const crashed = bulkSeedDemoData(seedHubOf(first), {
      plan,
      now: NOW,
      flushEvery: 100,
      faults: async (step, domain, events) => {
        // The third sorting flush is stored but not projected, and part of its batch never landed.
        if (domain !== 'sorting' || step !== 'logged' || ++flushes < 3) return;
        for (const e of events.slice(10, 40)) torn.push(e.seq);
        await batchDelete(
          first.runtime.hub.store,
          torn.map((seq) => ({ PK: logPk('sorting'), SK: seqSk(seq) })),
        );
        throw new Error('crash');
      },
    });
    await expect(crashed).rejects.toThrow('crash');
    const seqs = (await readAfter(first.runtime.hub.store, 'sorting', 0)).map((e) => e.seq);
    expect(seqs).not.toContain(torn[0]);
    expect(Math.max(...seqs)).toBeGreaterThan(torn.at(-1)!); // a gap, with items past it
    await first.close();

    // The restart trims the torn flush before its stream catch-up could project past the gap.
    const second = await startTestHub({ now, memory: false, dataDir });
    const sortingCkpt = await second.runtime.hub.projector.checkpoint('sorting');
    expect(sortingCkpt.seq).toBe(torn[0] - 1);
    const resumed = await bulkSeedDemoData(seedHubOf(second), { plan, now: NOW, flushEvery: 100 });
    expect(resumed.seeded).toBe(true);
    expect(resumed.events).toBeLessThan(PLANNED);
    await wakeAndSettle(second);
    const got = await snapshot(second);
    expect(await bulkSeedDemoData(seedHubOf(second), { plan, now: NOW })).toMatchObject({
      seeded: false,
      reason: 'already seeded',
    });
    await second.close();

    for (const d of DOMAINS) {
      expect(got.logs[d].map((e) => e.seq)).toEqual(plan(NOW)[d].map((_, i) => i + 1));
    }
    const { state: reference } = await eventByEvent();
    expect(got.logs).toEqual(reference.logs);
    expect(got.readModels).toEqual(reference.readModels);
    expect(got.checkpoints).toEqual(reference.checkpoints);
    expect(got.dashboard).toEqual(reference.dashboard);
  });
});
