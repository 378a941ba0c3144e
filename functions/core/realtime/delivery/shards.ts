/**
 * Parallel delivery. The fan-out renders each distinct payload of a group of
 * events once, then splits the posts by connection into shards and delivers
 * the shards in parallel (a `ShardRunner`: in this process by default; the
 * same `deliverShard` can run in separate invocations). A connection belongs
 * to exactly one shard, and a shard posts the group's events in log order,
 * each event's posts done before the next event's start: so every connection
 * still gets a domain's events in order, while no shard waits for another's
 * slowest post. The fan-out waits for every shard at the end of a group, the
 * only point where it saves its position.
 *
 * A shard given a deadline stops posting while a share of its time is left,
 * also in the middle of an event (a shard of 250 slow posts can outlast any
 * budget within one event). Its connections with posts not made are then
 * ended for resume (1011, removed; send-next.ts `endForResume`), by the shard
 * itself, in the time it kept for that: each of them got a prefix of its
 * posts, its client resumes from the last cursor it got and the back-fill
 * sends the rest from the log, nothing twice. The pass can then save its
 * position past the group, as for any connection it ended: no later pass has
 * to know which posts were not made, and no other connection of the group
 * gets a post twice.
 */
import type { DomainName } from '../../../../schema/model.js';
import type { Logger } from '../../logger.js';
import { mapLimit } from '../../map-limit.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { SocketFactory } from '../connections/socket.js';
import { endForResume, sendNext } from './send-next.js';
import { type RemainingMs, TimeBudget } from './time-budget.js';

/** One shard's share of a group: plain data, so it can travel to another invocation. */
export interface ShardJob {
  /** The group's events in log order (what each post is about, for logs). */
  events: Array<{ domain: DomainName; seq: number }>;
  /** The group's distinct payloads, each rendered once. */
  payloads: string[];
  /**
   * Per event (same index as `events`): [connectionId, operation id, payload index,
   * token expiry (epoch ms) or undefined].
   */
  posts: Array<Array<[string, string, number, number | undefined]>>;
}

export interface ShardOutcome {
  posted: number;
  /** Connections that are gone (410): deleted. */
  gone: string[];
  /** `connectionId#id` of subscriptions ended for a result over the message limit. */
  tooLarge: string[];
  /** Connections closed after a post failed beyond retries (their clients resume). */
  failed: string[];
  /**
   * Connections whose later posts the shard did not make, stopped for its
   * deadline: ended for resume (1011) by the shard, so nobody has to post them.
   */
  cut: string[];
  /**
   * Events of the job whose posts were all made, from the first: the job's
   * length unless the shard stopped for its deadline (then `cut` names who missed the rest).
   */
  through: number;
}

export const SHARD_DEFAULTS = {
  /** Posts in flight per shard. */
  postsInFlight: 32,
  /** Connections per shard. */
  shardSize: 250,
} as const;

export interface ShardDeps {
  store: ConnectionStore;
  socketFor: SocketFactory;
  logger: Logger;
  /** Posts in flight per shard. */
  concurrency: number;
}

/**
 * Runs a group's shards; resolves with one outcome per job, in order.
 * `untilStopMs` is the time until the pass that runs them must stop (its own
 * reserve to save, release and answer already kept out; none: no deadline):
 * no shard posts past it.
 */
export type ShardRunner = (jobs: ShardJob[], untilStopMs?: RemainingMs) => Promise<ShardOutcome[]>;

export function inProcessShards(deps: ShardDeps): ShardRunner {
  return (jobs, untilStopMs) => Promise.all(jobs.map((job) => runShard(job, deps, untilStopMs)));
}

/**
 * A shard posted in this process starts no post past the pass's stop point
 * (none: no deadline). Ending the connections it cut then takes part of the
 * pass's reserve, as saving the position does.
 */
export function runShard(job: ShardJob, deps: ShardDeps, untilStopMs?: RemainingMs): Promise<ShardOutcome> {
  return deliverShard(job, deps, untilStopMs ? () => untilStopMs() > 0 : undefined);
}

/**
 * A shard in another invocation (a Deliver) stops posting while this share of
 * its time is left: to end its cut connections and answer before the pass's stop point.
 */
export const SHARD_STOP_SHARE = 0.2;

/** True while a shard with `remainingMs` left (when it starts) may still start a post. */
export function shardInTime(remainingMs: RemainingMs): () => boolean {
  const budget = new TimeBudget(remainingMs);
  return () => budget.leaves(SHARD_STOP_SHARE);
}

/** An outcome with nothing in it yet. */
export const emptyOutcome = (): ShardOutcome => ({
  posted: 0,
  gone: [],
  tooLarge: [],
  failed: [],
  cut: [],
  through: 0,
});

/**
 * Posts a shard, event by event. With `inTime`, no post starts once it says
 * false, within an event too: the connections left without theirs are `cut`
 * (each got a prefix of its posts) and ended for resume before this answers.
 */
export async function deliverShard(job: ShardJob, deps: ShardDeps, inTime?: () => boolean): Promise<ShardOutcome> {
  const out = emptyOutcome();
  const ended = new Set<string>();
  const cut = new Set<string>();
  for (const [i, posts] of job.posts.entries()) {
    const live = posts.filter(([c, id]) => !ended.has(c) && !ended.has(`${c}#${id}`));
    await mapLimit(live, deps.concurrency, async ([connectionId, id, p, tokenExpiresAt]) => {
      // Once one of its posts is not made, no later one is: a cut connection's posts stay a prefix, in order.
      if (cut.has(connectionId) || (inTime && !inTime())) {
        cut.add(connectionId);
        return;
      }
      out.posted++;
      // The token expiry travels with the post: send-next ends a connection whose token has expired.
      const sub = { connectionId, id, tokenExpiresAt };
      const outcome = await sendNext(deps, deps.socketFor(connectionId), sub, job.payloads[p], job.events[i]);
      if (outcome === 'gone' || outcome === 'failed') {
        ended.add(connectionId);
        out[outcome].push(connectionId);
      } else if (outcome === 'too-large') {
        ended.add(`${connectionId}#${id}`);
        out.tooLarge.push(`${connectionId}#${id}`);
      }
    });
    if (cut.size === 0) out.through = i + 1;
  }
  out.cut = [...cut];
  await mapLimit(out.cut, deps.concurrency, (c) => endForResume(deps, deps.socketFor(c), c));
  return out;
}

/** Counts a group's outcomes into the pass's figures; adds who gets no more of the pass's posts to `dropped`. */
export function countOutcomes(
  stats: { posts: number; gone: number; failed: number; tooLarge: number; cut: number },
  outcomes: ShardOutcome[],
  dropped: Set<string>,
): void {
  for (const o of outcomes) {
    stats.posts += o.posted;
    stats.gone += o.gone.length;
    stats.failed += o.failed.length;
    stats.tooLarge += o.tooLarge.length;
    stats.cut += o.cut.length;
    for (const c of [...o.gone, ...o.failed, ...o.tooLarge, ...o.cut]) dropped.add(c);
  }
}

/** A post planned by the fan-out: who gets which of the group's payloads. */
export interface PlannedPost {
  connectionId: string;
  id: string;
  payload: number;
  /** The subscription's `tokenExpiresAt` (issue 9). */
  tokenExpiresAt?: number;
}

/**
 * Splits a group's posts into shards of at most `shardSize` connections (by
 * order of first appearance, so shards are even); at least one job when
 * anything is to be posted, none otherwise.
 */
export function planShards(
  events: ShardJob['events'],
  payloads: string[],
  postsPerEvent: PlannedPost[][],
  shardSize: number,
): ShardJob[] {
  const shardOf = new Map<string, number>();
  for (const posts of postsPerEvent)
    for (const p of posts)
      if (!shardOf.has(p.connectionId)) shardOf.set(p.connectionId, Math.floor(shardOf.size / shardSize));
  const count = Math.ceil(shardOf.size / shardSize);
  const jobs: ShardJob[] = Array.from({ length: count }, () => ({
    events,
    payloads,
    posts: events.map(() => []),
  }));
  for (const [i, posts] of postsPerEvent.entries())
    for (const p of posts)
      jobs[shardOf.get(p.connectionId) as number].posts[i].push([p.connectionId, p.id, p.payload, p.tokenExpiresAt]);
  return jobs;
}
