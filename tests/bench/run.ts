/**
 * `npm run bench`: figures for the README, each printed beside a baseline
 * measured in the same run on the same machine.
 *
 *   1. append: cached head (one conditional put) vs reading the head first; and W writers on one log
 *   2. store transport: worker message port vs loopback HTTP to the same dynalite
 *   3. projection: batched + coalesced vs one event per round
 *   4. report end to end: with read-your-writes projection vs append only
 *   5. first start: seeding the demo data (in memory), bulk vs event by event, and memory after it
 *   6. against peers (peers/index.ts): fan-out latency at 1/100/1,000 subscribers, RSS, HTTP
 *      requests per event with 50 web screens, the AWS model — beside graphql-yoga + graphql-ws
 *
 * Prints the table and writes it to bench/results.md with the machine it ran on.
 * BENCH_PEERS_ONLY=1 runs section 6 only (see peers/index.ts for its scale settings).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { composeHub } from '../../functions/core/compose/hub.js';
import { LogWriter } from '../../functions/core/log/log-writer.js';
import { Projector } from '../../functions/core/projections/projector.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { logPk, seqSk } from '../../functions/core/store/keys/log.js';
import { placeholderSigner } from '../../infra/local/dynalite-store.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { ADMIN, dept } from '../helpers/test-hub.js';
import { startTestStore } from '../helpers/test-store.js';
import { compareFirstStarts } from './first-start.js';
import { PROFILED_REPORTS } from './peers/fan-out-latency.js';
import { peerRows } from './peers/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const N = Number(process.env.BENCH_N ?? 1000);
const ownRows = process.env.BENCH_PEERS_ONLY !== '1';
const rows: [string, string, string, string][] = [];
const perSec = (n: number, ms: number) => `${Math.round((n / ms) * 1000).toLocaleString('en')}/s`;
async function time(fn: () => Promise<void>) {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}
const actor = { sub: 'bench', role: 'department' as const, dept: 'sorting' as const };
const appendReq = (i: number) => ({
  domain: 'sorting' as const,
  actor,
  entityId: `410104001:${i}`,
  data: { i, coverageRate: 98.2, recoveryRate: 38.4 },
  type: { first: 'BenchReported', correction: 'BenchCorrected' },
});

// 1. Append: cached head vs read-head-then-put.
if (ownRows) {
  const t = await startTestStore();
  const writer = new LogWriter(t.store);
  await writer.append(appendReq(0));
  const cached = await time(async () => {
    for (let i = 1; i <= N; i++) await writer.append(appendReq(i));
  });
  let seq = N + 1;
  const naive = await time(async () => {
    for (let i = 0; i < N; i++) {
      const head = await t.ddb.send(
        new QueryCommand({
          TableName: t.store.table,
          KeyConditionExpression: 'PK = :p',
          ExpressionAttributeValues: { ':p': logPk('housing') },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      );
      void head;
      await t.ddb.send(
        new PutCommand({
          TableName: t.store.table,
          Item: { PK: logPk('housing'), SK: seqSk(seq++), data: { i } },
          ConditionExpression: 'attribute_not_exists(SK)',
        }),
      );
    }
  });
  rows.push(['append (uncontended)', perSec(N, cached), perSec(N, naive), 'cached head, 1 put vs read head + put']);

  // 1b. The write ceiling of one domain's log under contention: W writers (as W Lambda instances,
  // each with its own cached head) append to the same log at once; a BUSY answer is retried by the
  // writer's caller, as a department system would. Baseline: one writer on its own.
  for (const writers of [4, 8]) {
    const c = await startTestStore();
    const fleet = Array.from({ length: writers }, () => new LogWriter(c.store));
    const per = Math.ceil(N / writers);
    let busy = 0;
    const contended = await time(async () => {
      await Promise.all(
        fleet.map(async (w, k) => {
          for (let i = 0; i < per; i++) {
            for (;;) {
              try {
                await w.append(appendReq(k * per + i));
                break;
              } catch (err) {
                if ((err as { name?: string }).name !== 'BusyError') throw err;
                busy++;
              }
            }
          }
        }),
      );
    });
    rows.push([
      `append, ${writers} writers on one log`,
      perSec(per * writers, contended),
      perSec(N, cached),
      `the log's write ceiling under contention (${busy} BUSY retried) vs 1 writer`,
    ]);
    await c.close();
  }

  // 2. Transport: the same dynalite over loopback HTTP.
  // Transport and signing are compared one at a time.
  const client = (over: 'http' | 'port', sign: 'placeholder' | 'sigv4') =>
    documentClient(
      new DynamoDBClient({
        endpoint: t.embedded.endpoint,
        region: 'local',
        credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
        ...(over === 'port' ? { requestHandler: t.embedded.requestHandler as never } : {}),
        ...(sign === 'placeholder' ? { signer: placeholderSigner as never } : {}),
      }),
    );
  const http = client('http', 'placeholder');
  const signed = client('port', 'sigv4');
  const viaPort = await time(async () => {
    for (let i = 0; i < N; i++)
      await t.ddb.send(new PutCommand({ TableName: t.store.table, Item: { PK: 'BENCH#port', SK: String(i), v: i } }));
  });
  const viaHttp = await time(async () => {
    for (let i = 0; i < N; i++)
      await http.send(new PutCommand({ TableName: t.store.table, Item: { PK: 'BENCH#http', SK: String(i), v: i } }));
  });
  const viaSigned = await time(async () => {
    for (let i = 0; i < N; i++)
      await signed.send(
        new PutCommand({ TableName: t.store.table, Item: { PK: 'BENCH#signed', SK: String(i), v: i } }),
      );
  });
  rows.push(['store put (embedded)', perSec(N, viaPort), perSec(N, viaHttp), 'worker message port vs loopback HTTP']);
  rows.push([
    'store put (embedded)',
    perSec(N, viaPort),
    perSec(N, viaSigned),
    'placeholder signature vs SigV4 (same port)',
  ]);
  await t.close();
}

// 3. Projection: batched and coalesced vs one event per round, over the same log.
if (ownRows) {
  const t = await startTestStore();
  const hub = composeHub({ ddb: t.ddb, hubTable: t.store.table, projectOnWrite: false });
  for (const s of STREETS) await hub.services.reference.upsertStreet(ADMIN, { ...s });
  await hub.projector.catchUp('reference');
  for (let i = 0; i < N; i++) {
    await hub.services.reports.reportSortingRate(dept('sorting'), {
      street: STREETS[i % 12].code,
      date: new Date(Date.UTC(2026, 0, 1 + Math.floor(i / 12))).toISOString().slice(0, 10),
      coverageRate: 98,
      recoveryRate: 38,
    });
  }
  const batched = new Projector(t.store);
  const b = await time(async () => void (await batched.catchUp('sorting')));
  const { dropReadModels } = await import('../../functions/core/projections/rebuild.js');
  await dropReadModels(t.store);
  const single = new Projector(t.store, { batchSize: 1 });
  const s = await time(async () => void (await single.catchUp('sorting')));
  rows.push([
    'projection',
    perSec(N, b),
    perSec(N, s),
    'batches of 500, writes coalesced per item vs 1 event per round',
  ]);
  await t.close();
}

// 4. A report end to end (validation, append, projection) through the services.
if (ownRows) {
  const t = await startTestStore();
  const withProjection = composeHub({ ddb: t.ddb, hubTable: t.store.table, projectOnWrite: true });
  for (const s of STREETS) await withProjection.services.reference.upsertStreet(ADMIN, { ...s });
  const appendOnly = composeHub({
    ddb: t.ddb,
    hubTable: t.store.table,
    projectOnWrite: false,
    sharedProjector: withProjection.projector,
  });
  const report = (hub: typeof withProjection, i: number) =>
    hub.services.reports.reportSortingRate(dept('sorting'), {
      street: STREETS[i % 12].code,
      date: new Date(Date.UTC(2025, 0, 1 + Math.floor(i / 12))).toISOString().slice(0, 10),
      coverageRate: 98,
      recoveryRate: 38,
    });
  const a = await time(async () => {
    for (let i = 0; i < N / 2; i++) await report(withProjection, i);
  });
  const o = await time(async () => {
    for (let i = N / 2; i < N; i++) await report(appendOnly, i);
  });
  rows.push([
    'report, sequential',
    `${(a / (N / 2)).toFixed(2)} ms`,
    `${(o / (N / 2)).toFixed(2)} ms`,
    'read-your-writes projection vs append only',
  ]);
  await t.close();
}

// 5. First start: the demo seed, bulk beside event by event (tests/bench/first-start.ts), and memory after it.
if (ownRows) rows.push(...(await compareFirstStarts(1)));

// 6. Against peers, each server in its own process.
const peers = await peerRows((line) => console.log(`  ${line}`));

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const scale = ['BENCH_N', 'BENCH_SUBSCRIBERS', 'BENCH_REPORTS', 'BENCH_SCREENS', 'BENCH_AWS_N', 'BENCH_AWS_REPORTS']
  .filter((k) => process.env[k] !== undefined)
  .map((k) => `${k}=${process.env[k]}`);
const table = (list: string[][], head: string) =>
  [head, '|---|---|---|---|', ...list.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const own = table(rows, '| measure | this design | baseline | what is compared |');
const vsPeers = table(peers.rows, '| figure | this hub | graphql-yoga + graphql-ws | |');
console.log(`\nGuancheng Live benchmarks (N=${N}) on ${machine}\n`);
if (ownRows) console.log(`${own}\n`);
console.log(vsPeers);

const md = [
  '# Benchmarks',
  '',
  `Generated by \`npm run bench\` (tests/bench/run.ts) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC.`,
  '',
  `Machine: ${machine}${scale.length ? `; scaled with ${scale.join(' ')}` : ''}. Other work on the machine shares its cores: compare the columns of one run, not runs.`,
  '',
  '## Against a plain graphql-ws server',
  '',
  'A report POSTed over HTTP, timed until the last raw graphql-transport-ws subscriber has its `next`; this hub (embedded runtime: local API Gateway, Ws and Stream functions, fan-out over the management API) beside graphql-yoga + graphql-ws `useServer` with the same schema, services and store and an in-memory pub/sub, alternating in one run, each server in its own process.',
  '',
  vsPeers,
  ...(peers.profiles.length
    ? [
        '',
        "## Where the hub's time goes",
        '',
        `CPU profiles of the hub's main thread over ${PROFILED_REPORTS} more reports after the timed ones (so profiling slows no sample), self time by area and by function; the files are in .bench/profiles/ (\`npx tsx tests/bench/profile-summary.ts FILE\` prints more). "Node core" and "V8 builtins and natives" include the kernel's time in socket writes (\`writev\`), which on this VM is the largest single item.`,
        '',
        ...peers.profiles.flatMap((p) => [p, '']),
      ]
    : []),
  ...(ownRows ? ['', '## This design against its simpler alternatives', '', own] : []),
  '',
].join('\n');
mkdirSync(new URL('../../bench/', import.meta.url), { recursive: true });
writeFileSync(new URL('../../bench/results.md', import.meta.url), md);
console.log('\nwrote bench/results.md');
