/**
 * The demo seed, event by event: every planned write is a report through the
 * same services as any request, one conditional append each, projected by
 * the stream. It is the reference the bulk seed (bulk-seed.ts, what
 * `npm start` runs) is tested against and benchmarked beside.
 *
 * Runs before the server serves, so the seed is the only writer: after a
 * crash, each log's head says exactly how many of its planned writes were
 * made, and seeding resumes after them. The marker (seed-marker.ts) records
 * the anchor day and completion, so a second start seeds nothing.
 */
import type { Hub } from '../../../functions/core/compose/hub.js';
import { readHead } from '../../../functions/core/log/log-reader.js';
import { DOMAINS, type DomainName } from '../../../schema/model.js';
import { demoPlan, type SeedPlan } from './demo-data.js';
import { readSeedMarker, writeSeedMarker } from './seed-marker.js';
import { applySeedWrite, isReport, type SeedProgress, type SeedResult } from './seed-writes.js';

export type { SeedProgress, SeedResult } from './seed-writes.js';

export interface SeedOptions {
  now?: Date;
  onProgress?: (p: SeedProgress) => void;
  plan?: (anchor: Date) => SeedPlan;
}

/** Where a seed starts: the marker's anchor (or a new one), or why it does not run. */
export async function startSeed(
  hub: Pick<Hub, 'store'>,
  opts: SeedOptions,
): Promise<{ anchor: Date; heads: Map<DomainName, number> } | SeedResult> {
  const marker = await readSeedMarker(hub.store);
  if (marker?.status === 'done') return { seeded: false, reason: 'already seeded', events: 0 };
  const heads = new Map<DomainName, number>();
  for (const d of DOMAINS) heads.set(d, (await readHead(hub.store, d))?.seq ?? 0);
  if (!marker && [...heads.values()].some((h) => h > 0)) {
    return { seeded: false, reason: 'the store already has data that is not the demo; not seeding', events: 0 };
  }
  const anchor = marker?.anchor ?? opts.now ?? new Date();
  if (!marker) await writeSeedMarker(hub.store, { status: 'in-progress', anchor });
  return { anchor, heads };
}

/**
 * `hub` should be built with projectOnWrite off: the stream projector then
 * applies the seed in large batches while it is being written.
 */
export async function seedDemoData(hub: Hub, opts: SeedOptions = {}): Promise<SeedResult> {
  const start = await startSeed(hub, opts);
  if ('seeded' in start) return start;
  const { anchor, heads } = start;
  const plan = (opts.plan ?? demoPlan)(anchor);
  let events = 0;
  const run = async (domain: DomainName) => {
    const writes = plan[domain];
    const total = writes.length;
    let unprojected = false;
    for (let i = heads.get(domain) ?? 0; i < total; i++) {
      const report = isReport(writes[i]);
      // Reports are validated against projects registered just before: project those first. A housing
      // report is also checked against the project's latest count (the sanity checks), so its read model
      // must be current, as the writer's read-your-writes projection keeps it on the HTTP path.
      if (report && (unprojected || domain === 'housing')) await hub.projector.catchUp(domain);
      unprojected = !report;
      await applySeedWrite(hub.services, writes[i]);
      events++;
      if ((i + 1) % 250 === 0 || i + 1 === total) opts.onProgress?.({ domain, done: i + 1, total });
    }
  };
  // Streets first: every other domain's validation looks streets up.
  await run('reference');
  await hub.projector.catchUp('reference');
  await Promise.all((['construction', 'housing', 'sorting'] as const).map(run));
  await writeSeedMarker(hub.store, { status: 'done', anchor });
  return { seeded: true, reason: 'seeded', events };
}
