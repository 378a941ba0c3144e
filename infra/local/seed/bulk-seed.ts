/**
 * The demo seed in bulk, what `npm start` runs: the same planned writes
 * through the same services (validation, entity ids, event types) as the
 * event-by-event seed (seed.ts), with the same guarantees — a gapless,
 * hash-chained log per domain, read models exactly as the stream projector
 * would leave them, nothing appended twice, and a restart finishing an
 * interrupted seed — but written in bulk:
 *
 *   - events are built in memory on the writer's head (seed-log-writer.ts)
 *     and written by BatchWriteItem, `FLUSH_EVERY` at a time;
 *   - each flush is projected by bulkApply (the projector's round with
 *     batched writes) right after it is stored, and before any report that
 *     must see the projects registered in it;
 *   - domains run in parallel (streets first: every domain validates them);
 *   - no stream records: batched writes do not wake the local stream, and
 *     nobody is subscribed yet. The caller wakes each domain once afterwards,
 *     so the fan-out's checkpoint moves past the seed as it would have.
 *
 * Sole-writer assumptions hold because the hub serves nobody while seeding.
 * A crash can leave gaps in the last flush only; repairInterruptedSeed
 * (seed-repair.ts) trims those before anything reads the logs at start.
 */
import type { Hub } from '../../../functions/core/compose/hub.js';
import { referenceService } from '../../../functions/core/domain/reference.js';
import { reportService } from '../../../functions/core/domain/reports.js';
import { bulkApply } from '../../../functions/core/projections/bulk-apply.js';
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
import { demoPlan } from './demo-data.js';
import { type SeedOptions, startSeed } from './seed.js';
import { SeedLogWriter, SeedReadModels } from './seed-log-writer.js';
import { writeSeedMarker } from './seed-marker.js';
import { trimToGaplessPrefix } from './seed-repair.js';
import { applySeedWrite, isReport, type SeedResult } from './seed-writes.js';

/** Events per flush: large enough for few round trips, small enough that a crash loses little. */
export const FLUSH_EVERY = 1000;

/** Points after which a test may inject a crash. */
export type BulkSeedStep = 'logged' | 'projected';

export interface BulkSeedOptions extends SeedOptions {
  /** Events per flush; default FLUSH_EVERY (tests use less, to interrupt between flushes). */
  flushEvery?: number;
  faults?: (step: BulkSeedStep, domain: DomainName, events: HubEventRecord[]) => void | Promise<void>;
}

export async function bulkSeedDemoData(
  hub: Pick<Hub, 'store' | 'projector' | 'logger' | 'now'>,
  opts: BulkSeedOptions = {},
): Promise<SeedResult> {
  const start = await startSeed(hub, opts);
  if ('seeded' in start) return start;
  const { anchor } = start;
  const plan = (opts.plan ?? demoPlan)(anchor);
  let events = 0;

  const run = async (domain: DomainName) => {
    // Normally a no-op: the start-up trimmed the logs already; a direct caller may not have.
    const made = await trimToGaplessPrefix(hub.store, domain);
    // A crash between a flush and its projection leaves the read models behind the log.
    await hub.projector.catchUp(domain);
    const writer = new SeedLogWriter(hub.store, hub.now);
    const models = new SeedReadModels(hub.store);
    const deps = { writer, projector: hub.projector, projectOnWrite: false, logger: hub.logger, now: hub.now };
    const services = { reference: referenceService(deps, models), reports: reportService(deps, models) };
    const writes = plan[domain];
    const total = writes.length;
    let done = made;
    let registrationsQueued = false;
    const flush = async () => {
      if (writer.pending === 0) return;
      const flushed = await writer.flush();
      await opts.faults?.('logged', domain, flushed);
      await bulkApply(hub.store, domain, flushed);
      await opts.faults?.('projected', domain, flushed);
      models.forget();
      registrationsQueued = false;
      done += flushed.length;
      events += flushed.length;
      opts.onProgress?.({ domain, done, total });
    };
    for (let i = made; i < total; i++) {
      const report = isReport(writes[i]);
      // Reports are validated against projects registered just before: store and project those first.
      if (report && registrationsQueued) await flush();
      if (!report) registrationsQueued = true;
      await applySeedWrite(services, writes[i]);
      if (writer.pending >= (opts.flushEvery ?? FLUSH_EVERY)) await flush();
    }
    await flush();
  };

  await run('reference');
  // Settled, not raced: a failing domain must not leave the others writing after the caller gave up.
  const runs = await Promise.allSettled((['construction', 'housing', 'sorting'] as const).map(run));
  for (const r of runs) if (r.status === 'rejected') throw r.reason;
  await writeSeedMarker(hub.store, { status: 'done', anchor });
  return { seeded: true, reason: 'seeded', events };
}
