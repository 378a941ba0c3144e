/**
 * `npm run bench`, against peers: this hub (embedded runtime, own process)
 * beside a plain graphql-yoga + graphql-ws `useServer` server with the same
 * schema and an in-memory pub/sub (baseline-server.ts, own process),
 * alternating in one run. Scale down with env vars:
 *
 *   BENCH_SUBSCRIBERS  subscriber counts, default "1,100,1000"
 *   BENCH_REPORTS      timed reports per count, default 30
 *   BENCH_SCREENS      web screens open for the requests-per-event row, default 50 (0 skips)
 *   BENCH_AWS_N        subscribers in the AWS model, default 10000 (0 skips)
 *   BENCH_AWS_REPORTS  timed reports in the AWS model, default 20
 *   BENCH_POST_MS      emulated PostToConnection latency in the AWS model, default 20
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { summarize } from '../profile-summary.js';
import { measureFanOut, ms, PROFILED_REPORTS, percentile } from './fan-out-latency.js';
import { startPeer } from './peer-process.js';
import { RawSubscribers } from './raw-subscribers.js';
import { measureScreens } from './screens.js';

export type Row = [measure: string, ours: string, baseline: string, note: string];

/** CPU profiles of the hub (git-ignored), summarized into bench/results.md. */
const PROFILES = fileURLToPath(new URL('../../../.bench/profiles/', import.meta.url));

/** A section of bench/results.md: where the hub's main thread spent a profiled window. */
function profileSection(title: string, file: string, subscribers: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  return [`### ${title}`, '', summarize(profile, 12, { events: PROFILED_REPORTS, subscribers })].join('\n');
}

const perSubscriber = (cpuMs: number, n: number) => `${((cpuMs * 1000) / n).toFixed(0)} µs`;

const env = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a whole number ≥ 0, got ${JSON.stringify(raw)}`);
  return v;
};

function subscriberCounts(): number[] {
  const raw = process.env.BENCH_SUBSCRIBERS ?? '1,100,1000';
  const counts = raw.split(',').map((s) => Number(s.trim()));
  if (counts.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(`BENCH_SUBSCRIBERS must be whole numbers ≥ 1 separated by commas, got ${JSON.stringify(raw)}`);
  }
  return counts;
}

/** A row that failed keeps the others: the table says what stopped it. */
function notMeasured(what: string, err: unknown, log: (line: string) => void): Row {
  const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
  log(`${what}: not measured (${why})`);
  return [what, '—', '—', `not measured: ${why}`];
}

const ratio = (a: number, b: number) => (b > 0 && !Number.isNaN(a) ? `${(a / b).toFixed(1)}×` : '—');

export interface PeerResults {
  rows: Row[];
  /** Markdown sections: the hub's CPU profiles at the largest count and in the AWS model. */
  profiles: string[];
}

export async function peerRows(log: (line: string) => void): Promise<PeerResults> {
  const counts = subscriberCounts();
  const reports = env('BENCH_REPORTS', 30);
  const rows: Row[] = [];
  const profiles: string[] = [];
  const hub = await startPeer('hub');
  const base = await startPeer('baseline');
  const ours = new RawSubscribers(hub.hello.url, hub.screenTokens);
  const theirs = new RawSubscribers(base.hello.url, base.screenTokens);
  try {
    for (const n of counts) {
      const profileTo = n === counts.at(-1) ? `${PROFILES}hub-${n}-subscribers.cpuprofile` : undefined;
      const a = await measureFanOut(hub, ours, n, reports, { profileTo });
      const b = await measureFanOut(base, theirs, n, reports);
      const [am, bm] = [percentile(a.samples, 50), percentile(b.samples, 50)];
      const [a90, b90] = [percentile(a.samples, 90), percentile(b.samples, 90)];
      log(`fan-out ${n}: hub median ${ms(am)} p90 ${ms(a90)}; baseline median ${ms(bm)} p90 ${ms(b90)}`);
      const missed = a.missed + b.missed ? ` (missed in 60 s: hub ${a.missed}, baseline ${b.missed})` : '';
      const what = n === 1 ? '1 subscriber' : `${n.toLocaleString('en')} subscribers, last delivery`;
      rows.push([`${what}, median`, ms(am), ms(bm), `${ratio(am, bm)} baseline; ${reports} reports${missed}`]);
      rows.push([`${what}, p90`, ms(a90), ms(b90), `${ratio(a90, b90)} baseline`]);
      if (n === counts.at(-1)) {
        rows.push([
          `server RSS with ${n.toLocaleString('en')} subscribers`,
          `${a.rssMb} MB`,
          `${b.rssMb} MB`,
          `${ratio(a.rssMb, b.rssMb)} baseline; each server in its own process`,
        ]);
        rows.push([
          `server CPU per event, ${n.toLocaleString('en')} subscribers`,
          `${a.cpuMsPerEvent.toFixed(0)} ms (${perSubscriber(a.cpuMsPerEvent, n)} per subscriber)`,
          `${b.cpuMsPerEvent.toFixed(0)} ms (${perSubscriber(b.cpuMsPerEvent, n)} per subscriber)`,
          `${ratio(a.cpuMsPerEvent, b.cpuMsPerEvent)} baseline; all threads, user + system (/proc), over the timed reports`,
        ]);
        if (profileTo) {
          profiles.push(profileSection(`Embedded hub, ${n.toLocaleString('en')} subscribers`, profileTo, n));
        }
      }
    }
  } finally {
    ours.close();
    theirs.close();
    await hub.stop();
    await base.stop();
  }

  const screens = env('BENCH_SCREENS', 50);
  if (screens > 0) {
    try {
      const s = await measureScreens(screens, 5);
      log(`screens: ${s.requests} requests for ${s.events} events with ${s.screens} screens`);
      rows.push([
        `HTTP requests per event, ${screens} web screens open`,
        String(s.requests / s.events),
        '—',
        `chromium, ${s.events} events; before issue 10 each screen POSTed 3 per event (${3 * screens}); the baseline has no web client`,
      ]);
    } catch (err) {
      rows.push(notMeasured(`HTTP requests per event, ${screens} web screens open`, err, log));
    }
  }

  const awsN = env('BENCH_AWS_N', 10_000);
  if (awsN > 0) {
    const postMs = env('BENCH_POST_MS', 20);
    const awsReports = env('BENCH_AWS_REPORTS', 20);
    const model = await startPeer('hub', ['--latency-ms', String(postMs)]);
    const subs = new RawSubscribers(model.hello.url, model.screenTokens);
    try {
      const profileTo = `${PROFILES}hub-aws-model-${awsN}-subscribers.cpuprofile`;
      const r = await measureFanOut(model, subs, awsN, awsReports, { timeoutMs: 180_000, profileTo }).catch((err) => {
        rows.push(notMeasured(`AWS model: ${awsN.toLocaleString('en')} subscribers`, err, log));
        return null;
      });
      if (!r) return { rows, profiles };
      const [m, p99] = [percentile(r.samples, 50), percentile(r.samples, 99)];
      const resumed = subs.resumes + subs.resubscribes;
      log(
        `AWS model ${awsN}: median ${ms(m)} p99 ${ms(p99)}; ${subs.resumes} resumes, ${subs.resubscribes} resubscribes`,
      );
      rows.push([
        `AWS model: ${awsN.toLocaleString('en')} subscribers, ${postMs} ms per post, last delivery median / p99`,
        `${ms(m)} / ${ms(p99)}`,
        '—',
        `${awsReports} reports; server CPU ${r.cpuMsPerEvent.toFixed(0)} ms per event (${perSubscriber(r.cpuMsPerEvent, awsN)} per subscriber)${r.missed ? `, ${r.missed} missed in 180 s` : ''}${resumed ? `; subscribers ended by the hub resumed from their last cursor ${subs.resumes} times, resubscribed ${subs.resubscribes} times` : ''}; emulated PostToConnection latency (management-faults.ts); shards of 250, the first in the Stream function, the others by Deliver invocations through the local Lambda API, all in one process on this machine's cores; goal ≤ 1 s / ≤ 2 s`,
      ]);
      profiles.push(
        profileSection(`AWS model, ${awsN.toLocaleString('en')} subscribers, ${postMs} ms per post`, profileTo, awsN),
      );
    } finally {
      subs.close();
      await model.stop();
    }
  }
  return { rows, profiles };
}
