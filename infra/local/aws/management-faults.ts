/**
 * Faults of the API Gateway management API (`PostToConnection`) that AWS
 * produces and a healthy laptop never does, injected into the local
 * `@connections` endpoint so the real signed posts (and the SDK's closes) and the
 * fan-out's handling of them run in tests:
 *
 * - latency: every post waits `latencyMs` (a fixed number or a [min, max] range);
 * - throttling: a share `throttleRatio` of posts answers 429
 *   `LimitExceededException` (AWS: "more than the allowed number of requests
 *   per unit of time or the WebSocket client side buffer is full");
 * - gone: a share `goneRatio` of posts answers 410 `GoneException`, and the
 *   socket is dropped without `$disconnect` (the client saw its network go
 *   and AWS's best-effort `$disconnect` was lost), so only the fan-out's 410
 *   handling can clean the connection up.
 *
 * Draws come from a seeded PRNG, so a failing run replays exactly.
 */
import { mulberry32 } from '../seed/seeded-random.js';

export interface ManagementFaultOptions {
  latencyMs?: number | [min: number, max: number];
  /** 0–1: share of posts answered 429 LimitExceededException. */
  throttleRatio?: number;
  /** 0–1: share of posts answered 410 GoneException (the connection is dropped). */
  goneRatio?: number;
  /** PRNG seed; default 1. */
  seed?: number;
  /** Only posts to these connections are affected (default: all). */
  connectionIds?: ReadonlySet<string>;
}

export type PostFault = { delayMs: number; error: 'throttled' | 'gone' | null };

export interface ManagementFaults {
  /** Replaces the fault settings (tests switch faults on after connecting healthy clients). */
  configure(options: ManagementFaultOptions): void;
  /** What happens to one post. */
  draw(connectionId: string): PostFault;
  readonly stats: { throttled: number; gone: number; delayed: number };
}

const ratio = (name: string, v: number | undefined) => {
  if (v !== undefined && !(v >= 0 && v <= 1)) throw new Error(`${name} must be between 0 and 1, got ${v}`);
  return v ?? 0;
};

export function createManagementFaults(initial: ManagementFaultOptions = {}): ManagementFaults {
  let options: ManagementFaultOptions = {};
  let random = mulberry32(1);
  const stats = { throttled: 0, gone: 0, delayed: 0 };
  const configure = (next: ManagementFaultOptions) => {
    ratio('throttleRatio', next.throttleRatio);
    ratio('goneRatio', next.goneRatio);
    options = next;
    random = mulberry32(next.seed ?? 1);
  };
  configure(initial);
  return {
    configure,
    stats,
    draw(connectionId) {
      if (options.connectionIds && !options.connectionIds.has(connectionId)) return { delayMs: 0, error: null };
      const latency = options.latencyMs ?? 0;
      const delayMs = Array.isArray(latency) ? latency[0] + random() * (latency[1] - latency[0]) : latency;
      if (delayMs > 0) stats.delayed++;
      // One draw decides the outcome: [0, gone) gone, [gone, gone + throttle) throttled.
      const r = random();
      const gone = ratio('goneRatio', options.goneRatio);
      const throttled = ratio('throttleRatio', options.throttleRatio);
      if (r < gone) {
        stats.gone++;
        return { delayMs, error: 'gone' };
      }
      if (r < gone + throttled) {
        stats.throttled++;
        return { delayMs, error: 'throttled' };
      }
      return { delayMs, error: null };
    },
  };
}
