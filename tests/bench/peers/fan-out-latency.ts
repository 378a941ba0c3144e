/**
 * Fan-out latency through the public API: a report POSTed over HTTP, timed
 * until the last of N raw subscribers has its `next`. Subscribers are
 * warmed up first (reports until every socket has one: subscriptions that
 * register asynchronously are all in place), then `reports` are timed one
 * after the other.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
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
  /** The server's CPU time per timed report (all its threads), ms. */
  cpuMsPerEvent: number;
}

/** Untimed reports a CPU profile covers (after the timed ones, so profiling slows no sample). */
export const PROFILED_REPORTS = 10;

let reportNo = 0;

/**
 * Times `reports` reports to `n` subscribers. With `profileTo`, then takes a CPU profile of the
 * server's main thread over 10 more reports and writes it there (tests/bench/profile-summary.ts reads it).
 */
export async function measureFanOut(
  peer: PeerProcess,
  subscribers: RawSubscribers,
  n: number,
  reports: number,
  opts: { timeoutMs?: number; profileTo?: string } = {},
): Promise<LatencyResult> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  if (subscribers.size < n) await subscribers.open(n - subscribers.size);
  // Warm-up: until one event reaches every socket (subscribing may still be under way for the first ones).
  for (let tries = 0; ; tries++) {
    const seq = await peer.report(reportNo++);
    if ((await subscribers.lastArrival(seq, Math.min(timeoutMs, 10_000 * (tries + 1)))) !== null) break;
    if (tries >= 10) throw new Error(`${n} subscribers never all received an event`);
  }
  const samples: number[] = [];
  let missed = 0;
  const cpu0 = peer.cpuMs();
  for (let i = 0; i < reports; i++) {
    const t0 = performance.now();
    const seq = await peer.report(reportNo++);
    const last = await subscribers.lastArrival(seq, timeoutMs);
    if (last === null) missed++;
    else samples.push(last - t0);
  }
  const cpuMsPerEvent = (peer.cpuMs() - cpu0) / reports;
  const rssMb = peer.rssMb();
  if (opts.profileTo) {
    mkdirSync(dirname(opts.profileTo), { recursive: true });
    await peer.profileStart();
    for (let i = 0; i < PROFILED_REPORTS; i++) await subscribers.lastArrival(await peer.report(reportNo++), timeoutMs);
    await peer.profileStop(opts.profileTo);
  }
  return { subscribers: n, samples, missed, rssMb, cpuMsPerEvent };
}

/** Nearest-rank percentile. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const ms = (v: number) =>
  Number.isNaN(v) ? '—' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${v.toFixed(1)} ms`;
