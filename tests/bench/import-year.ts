/**
 * `npm run bench:import`: a year of daily sorting figures (365 days × 12
 * streets = 4,380 rows) imported on the embedded runtime through the same
 * code the report page runs (import-rows.ts with the sorting ImportSpec:
 * classify against what the hub holds; send-rows.ts: 50 rows per
 * reportSortingRateRows request, each row its own report, through the
 * emulated API Gateway and its request throttle). Prints rows/s and the
 * process's CPU per row (both threads: the store's worker included). Prints rows/s, then
 * imports the same file again (everything already there: nothing sent) and
 * a file cut off halfway then complete (only the rest is sent).
 */
import Papa from 'papaparse';
import { createGqlClient } from '../../web/src/gql.js';
import { sendRows } from '../../web/src/views/report/grid/send-rows.js';
import { classifyRows, fileHash, fileKeys } from '../../web/src/views/report/import/import-rows.js';
import { sortingImport as spec } from '../../web/src/views/report/import/import-specs.js';
import { startTestHub } from '../helpers/test-hub.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const DAYS = Number(process.env.BENCH_DAYS ?? 365);
const hub = await startTestHub({ withReference: true, memory: !process.env.BENCH_DISK });
const token = await hub.token('department', 'sorting');
const gql = createGqlClient(
  `${hub.url}/graphql`,
  () => token,
  () => {},
  () => 'zh',
);
const streets = await spec.entities(gql);

const day = (back: number) => new Date(Date.now() - back * 86_400_000).toISOString().slice(0, 10);
const table: string[][] = [spec.headers.slice(0, 4)];
for (let d = DAYS; d >= 1; d--)
  for (const [i, s] of streets.entries())
    table.push([
      s.label[0],
      day(d),
      (97 + ((d * 7 + i) % 30) / 10).toFixed(1),
      (35 + ((d * 3 + i) % 60) / 10).toFixed(1),
    ]);
const csv = Papa.unparse(table);
const bytes = new TextEncoder().encode(csv).buffer as ArrayBuffer;

async function importOnce(label: string, rows: string[][], hashOf: ArrayBuffer) {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const parsed = Papa.parse<string[]>(Papa.unparse(rows), { skipEmptyLines: 'greedy' }).data;
  const current = await spec.current(gql, streets, fileKeys(spec, parsed));
  const classified = classifyRows(spec, parsed, streets, current, day(0), await fileHash(hashOf));
  const todo = classified.filter((r) => r.verdict === 'valid' || r.verdict === 'correction');
  const previewMs = performance.now() - started;
  let failed = 0;
  await sendRows(
    gql,
    spec.target,
    todo.map((r) => ({ input: r.input!, idempotencyKey: r.idempotencyKey })),
    (_i, o) => {
      if (!o.ok) failed++;
    },
  );
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  const rate = todo.length
    ? `${Math.round((todo.length / ms) * 1000)} rows/s, CPU ${(cpuMs / todo.length).toFixed(1)} ms per row`
    : '—';
  console.log(
    `${label}: ${parsed.length - 1} rows in the file, ${todo.length} sent, ${failed} failed, ` +
      `preview ${(previewMs / 1000).toFixed(1)} s, total ${(ms / 1000).toFixed(1)} s (${rate})`,
  );
}

// Cut off halfway (the tab closed): a file with the first half, then the whole file; each row's key
// comes from its file and line, and the rows already in the hub are recognised as unchanged.
const half = table.slice(0, 1 + Math.floor((table.length - 1) / 2));
await importOnce(
  'first half (tab closed halfway)',
  half,
  new TextEncoder().encode(Papa.unparse(half)).buffer as ArrayBuffer,
);
await importOnce('whole year after the cut', table, bytes);
await importOnce('same file again', table, bytes);
const auditor = await hub.token('auditor');
const head = await hub.gql<{ verifyLog: { headSeq: number; ok: boolean } }>(
  '{ verifyLog(domain: SORTING, full: true) { headSeq ok } }',
  {},
  auditor,
);
console.log(`sorting log: ${head.body.data?.verifyLog.headSeq} events, chain ok: ${head.body.data?.verifyLog.ok}`);
await hub.close();
