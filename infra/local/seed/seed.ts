/**
 * Seeds the demo data through the same services as any report, so the log,
 * its hash chain and the projections are real. Runs before the server
 * listens, so the seed is the only writer: after a crash, each log's head
 * says exactly how many of its planned writes were made, and seeding resumes
 * after them. A marker records the anchor day (the plan depends on it) and
 * completion, so a second start seeds nothing.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Hub } from '../../../functions/core/compose/hub.js';
import { readHead } from '../../../functions/core/log/log-reader.js';
import { DOMAINS, type DomainName, type Principal } from '../../../schema/model.js';
import { demoPlan, type SeedPlan, type SeedWrite } from './demo-data.js';

const REPORT_KINDS = new Set<SeedWrite['kind']>(['progress', 'sorting', 'housing']);
const MARKER = { PK: 'SEED', SK: 'SEED' };
const VERSION = 1;

export interface SeedProgress {
  domain: DomainName;
  done: number;
  total: number;
}

export interface SeedResult {
  seeded: boolean;
  reason: string;
  events: number;
}

const ADMIN: Principal = { sub: 'seed-admin', role: 'admin', name: '演示数据' };
const dept = (d: 'construction' | 'sorting' | 'housing'): Principal => ({
  sub: `seed-${d}`,
  role: 'department',
  dept: d,
  name: '演示数据',
});

async function apply(hub: Hub, w: SeedWrite) {
  const s = hub.services;
  switch (w.kind) {
    case 'street':
      return s.reference.upsertStreet(ADMIN, w.input);
    case 'target':
      return s.reference.setTarget(ADMIN, w.input);
    case 'project':
      return s.reference.upsertProject(ADMIN, w.input);
    case 'housingProject':
      return s.reference.upsertHousingProject(ADMIN, w.input);
    case 'progress':
      return s.reports.reportProjectProgress(dept('construction'), w.input);
    case 'sorting':
      return s.reports.reportSortingRate(dept('sorting'), w.input);
    case 'housing':
      return s.reports.reportHousingDelivery(dept('housing'), w.input);
  }
}

/**
 * `hub` should be built with projectOnWrite off: the stream projector then
 * applies the seed in large batches while it is being written.
 */
export async function seedDemoData(
  hub: Hub,
  opts: { now?: Date; onProgress?: (p: SeedProgress) => void; plan?: (anchor: Date) => SeedPlan } = {},
): Promise<SeedResult> {
  const { ddb, table } = hub.store;
  const marker = (await ddb.send(new GetCommand({ TableName: table, Key: MARKER, ConsistentRead: true }))).Item;
  if (marker?.status === 'done') return { seeded: false, reason: 'already seeded', events: 0 };
  const heads = new Map<DomainName, number>();
  for (const d of DOMAINS) heads.set(d, (await readHead(hub.store, d))?.seq ?? 0);
  if (!marker && [...heads.values()].some((h) => h > 0)) {
    return { seeded: false, reason: 'the store already has data that is not the demo; not seeding', events: 0 };
  }
  const anchor = marker?.anchor ? new Date(marker.anchor as string) : (opts.now ?? new Date());
  if (!marker) {
    await ddb.send(
      new PutCommand({
        TableName: table,
        Item: { ...MARKER, status: 'in-progress', anchor: anchor.toISOString(), version: VERSION },
      }),
    );
  }
  const plan = (opts.plan ?? demoPlan)(anchor);
  let events = 0;
  const run = async (domain: DomainName) => {
    const writes = plan[domain];
    const total = writes.length;
    let unprojected = false;
    for (let i = heads.get(domain) ?? 0; i < total; i++) {
      const isReport = REPORT_KINDS.has(writes[i].kind);
      // Reports are validated against projects registered just before: project those first.
      if (isReport && unprojected) await hub.projector.catchUp(domain);
      unprojected = !isReport;
      await apply(hub, writes[i]);
      events++;
      if ((i + 1) % 250 === 0 || i + 1 === total) opts.onProgress?.({ domain, done: i + 1, total });
    }
  };
  // Streets first: every other domain's validation looks streets up.
  await run('reference');
  await hub.projector.catchUp('reference');
  await Promise.all((['construction', 'housing', 'sorting'] as const).map(run));
  await ddb.send(
    new PutCommand({
      TableName: table,
      Item: {
        ...MARKER,
        status: 'done',
        anchor: anchor.toISOString(),
        version: VERSION,
        completedAt: new Date().toISOString(),
      },
    }),
  );
  return { seeded: true, reason: 'seeded', events };
}
