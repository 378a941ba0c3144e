/**
 * Fan-out latency through the public API: a report POSTed over HTTP, timed
 * until the last of N raw subscribers has its `next`. Subscribers are
 * warmed up first (reports until every socket has one: subscriptions that
 * register asynchronously are all in place), then `reports` are timed one
 * after the other.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { PeerProcess } from './peer-process.js';
import type { RawSubscribers } from './raw-subscribers.js';

export interface LatencyResult {
  subscribers: number;
  /** Last delivery per report, ms. */
  samples: number[];
  /** Reports whose last delivery did not come within the timeout. */
  missed: number;
  rssMb: number;
}

let reportNo = 0;

export async function measureFanOut(
  peer: PeerProcess,
  subscribers: RawSubscribers,
  n: number,
  reports: number,
  timeoutMs = 60_000,
): Promise<LatencyResult> {
  if (subscribers.size < n) await subscribers.open(n - subscribers.size);
  // Warm-up: until one event reaches every socket (subscribing may still be under way for the first ones).
  for (let tries = 0; ; tries++) {
    const seq = await peer.report(reportNo++);
    if ((await subscribers.lastArrival(seq, Math.min(timeoutMs, 10_000 * (tries + 1)))) !== null) break;
    if (tries >= 10) throw new Error(`${n} subscribers never all received an event`);
  }
  const samples: number[] = [];
  let missed = 0;
  // BENCH_PROFILE_DIR: a CPU profile of the hub over the timed reports (tests/bench/profile-summary.ts).
  const profileTo = process.env.BENCH_PROFILE_DIR;
  if (profileTo && peer.kind === 'hub') await peer.profileStart();
  for (let i = 0; i < reports; i++) {
    const t0 = performance.now();
    const seq = await peer.report(reportNo++);
    const last = await subscribers.lastArrival(seq, timeoutMs);
    if (last === null) missed++;
    else samples.push(last - t0);
  }
  if (profileTo && peer.kind === 'hub') {
    mkdirSync(profileTo, { recursive: true });
    await peer.profileStop(resolve(profileTo, `hub-${n}-subscribers-${peer.tag}.cpuprofile`));
  }
  return { subscribers: n, samples, missed, rssMb: peer.rssMb() };
}

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ms = (v: number) =>
  Number.isNaN(v) ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
