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
 */
import type { DomainName } from '../../../../schema/model.js';
import type { Logger } from '../../logger.js';
import { mapLimit } from '../../map-limit.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { SocketFactory } from '../connections/socket.js';
import { sendNext } from './send-next.js';
import type { RemainingMs } from './time-budget.js';

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
   * Events of the job whose posts are all done, from the first: the job's length
   * unless the shard stopped early for its deadline (the rest is for its caller).
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
 * Runs a group's shards, every one to its end; resolves with one outcome per
 * job, in order. `remainingMs` is the time left of the invocation that runs the
 * pass (none: no deadline).
 */
export type ShardRunner = (jobs: ShardJob[], remainingMs?: RemainingMs) => Promise<ShardOutcome[]>;

export function inProcessShards(deps: ShardDeps): ShardRunner {
  return (jobs) => Promise.all(jobs.map((job) => deliverShard(job, deps)));
}

/** An outcome with nothing in it yet. */
export const emptyOutcome = (): ShardOutcome => ({ posted: 0, gone: [], tooLarge: [], failed: [], through: 0 });

/**
 * Posts a shard, event by event. With `inTime`, stops before an event once it
 * says false (never within one): `through` then tells how far it got.
 */
export async function deliverShard(job: ShardJob, deps: ShardDeps, inTime?: () => boolean): Promise<ShardOutcome> {
  const out = emptyOutcome();
  const ended = new Set<string>();
  for (const [i, posts] of job.posts.entries()) {
    if (inTime && !inTime()) return out;
    const live = posts.filter(([c, id]) => !ended.has(c) && !ended.has(`${c}#${id}`));
    await mapLimit(live, deps.concurrency, async ([connectionId, id, p, tokenExpiresAt]) => {
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
    out.through = i + 1;
  }
  out.through = job.posts.length;
  return out;
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
