/**
 * The first start with demo data: the embedded hub started on an empty
 * in-memory store with the demo seed, by the bulk seed `npm start` runs and by
 * the event-by-event seed it replaced, in the same run (alternating, so load
 * on a shared machine hits both alike).
 *
 *   npx tsx tests/bench/first-start.ts [--runs 3] [--no-events]
 *
 * Prints, per path: the whole start (store, fleet, seed, catch-up) and the
 * seed alone (from the port opening to ready: what /healthz answers 503 for),
 * median over the runs, and the process CPU time (both threads, the store's
 * worker included), which says more than wall time when other jobs share the
 * machine. `npm run bench` runs one round of it.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { createLogger } from '../../functions/core/logger.js';
import { startEmbedded } from '../../infra/local/embedded.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export type SeedPath = 'bulk' | 'events';

export interface FirstStart {
  path: SeedPath;
  events: number;
  /** startEmbedded, start to ready. */
  startMs: number;
  /** From the port opening to ready: seeding and the catch-up after it. */
  seedMs: number;
  /** Process CPU (user + system, every thread) over the seed. */
  seedCpuMs: number;
  invocations: number;
  /** Process RSS with the seeded hub running. */
  rssMb: number;
}

export async function measureFirstStart(path: SeedPath): Promise<FirstStart> {
  const t0 = performance.now();
  let listening = t0;
  let cpu0 = process.cpuUsage();
  const hub = await startEmbedded({
    memory: true,
    ephemeralKeys: true,
    port: 0,
    seed: true,
    seedPath: path,
    logger: createLogger('error', {}, () => {}),
    onListening: () => {
      listening = performance.now();
      cpu0 = process.cpuUsage();
    },
  });
  const end = performance.now();
  const cpu = process.cpuUsage(cpu0);
  const result: FirstStart = {
    path,
    events: hub.seed?.events ?? 0,
    startMs: end - t0,
    seedMs: end - listening,
    seedCpuMs: (cpu.user + cpu.system) / 1000,
    invocations: hub.stream.invocations,
    rssMb: Math.round(process.memoryUsage().rss / 2 ** 20),
  };
  await hub.close();
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Runs both paths `runs` times, alternating; returns the README rows. */
export async function compareFirstStarts(runs: number, withEvents = true): Promise<[string, string, string, string][]> {
  const results: FirstStart[] = [];
  for (let i = 0; i < runs; i++) {
    results.push(await measureFirstStart('bulk'));
    if (withEvents) results.push(await measureFirstStart('events'));
  }
  const of = (p: SeedPath) => results.filter((r) => r.path === p);
  const bulk = of('bulk');
  const events = of('events');
  const row = (what: string, pick: (r: FirstStart) => number): [string, string, string, string] => [
    what,
    s(median(bulk.map(pick))),
    events.length ? s(median(events.map(pick))) : '—',
    `bulk seed vs event by event, ${bulk[0].events.toLocaleString('en')} events, median of ${runs}`,
  ];
  return [
    row('first start with demo seed', (r) => r.startMs),
    row('  of which seeding (503 on /healthz)', (r) => r.seedMs),
    row('  CPU while seeding (all threads)', (r) => r.seedCpuMs),
    [
      'memory after seeding',
      `${median(bulk.map((r) => r.rssMb))} MB RSS`,
      events.length ? `${median(events.map((r) => r.rssMb))} MB RSS` : '—',
      'the whole bench process (store worker included), hub running',
    ],
  ];
}

export const machine = () =>
  `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const before = loadavg()[0];
  const rows = await compareFirstStarts(runs, !args.includes('--no-events'));
  console.log(
    `\nfirst start on ${machine()}; load average ${before.toFixed(1)} before, ${loadavg()[0].toFixed(1)} after\n`,
  );
  console.log('| measure | bulk seed | event by event | what is compared |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
