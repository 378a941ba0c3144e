/**
 * Cutting a shard's job into pieces and putting their outcomes back together,
 * for delivery by separate invocations (invoked-shards.ts):
 * - a job whose request would exceed Lambda's synchronous payload limit is
 *   split by connection (each piece carries only the payloads it posts), so
 *   the pieces can run in parallel and each connection still gets its events
 *   in order from one piece.
 */
import { emptyOutcome, type ShardJob, type ShardOutcome } from './shards.js';

/** The job's connections, in order of first appearance. */
export function connectionsOf(job: ShardJob): string[] {
  return [...new Set(job.posts.flatMap((posts) => posts.map(([c]) => c)))];
}

/** The part of a job posting to `keep` only, with just the payloads that part posts (re-indexed). */
function onlyFor(job: ShardJob, keep: ReadonlySet<string>): ShardJob {
  const index = new Map<number, number>();
  const payloads: string[] = [];
  const posts = job.posts.map((list) =>
    list
      .filter(([c]) => keep.has(c))
      .map(([c, id, p, exp]): ShardJob['posts'][number][number] => {
        let at = index.get(p);
        if (at === undefined) {
          at = payloads.push(job.payloads[p]) - 1;
          index.set(p, at);
        }
        return [c, id, at, exp];
      }),
  );
  return { events: job.events, payloads, posts };
}

export interface JobPiece {
  job: ShardJob;
  /** False for a single connection's job still over the limit: it cannot go to an invocation. */
  fits: boolean;
}

/** Splits a job in halves by connection until every request fits in `maxBytes` (or is one connection's). */
export function splitToFit(job: ShardJob, size: (job: ShardJob) => number, maxBytes: number): JobPiece[] {
  if (size(job) <= maxBytes) return [{ job, fits: true }];
  const connections = connectionsOf(job);
  if (connections.length <= 1) return [{ job, fits: false }];
  const half = Math.ceil(connections.length / 2);
  return [
    ...splitToFit(onlyFor(job, new Set(connections.slice(0, half))), size, maxBytes),
    ...splitToFit(onlyFor(job, new Set(connections.slice(half))), size, maxBytes),
  ];
}

/** The outcome of a whole job from the outcomes of its pieces (disjoint connections). */
export function mergeOutcomes(outcomes: ShardOutcome[], events: number): ShardOutcome {
  const out = emptyOutcome();
  out.through = events;
  for (const o of outcomes) {
    out.posted += o.posted;
    out.gone.push(...o.gone);
    out.tooLarge.push(...o.tooLarge);
    out.failed.push(...o.failed);
    out.cut.push(...o.cut);
    out.through = Math.min(out.through, o.through);
  }
  return out;
}
