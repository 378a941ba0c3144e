/**
 * The fan-out: woken by the stream handler after projection, delivers every
 * event of a domain that is not delivered yet, from its own checkpoint (the
 * projector may have run inline in the writer, so "what the projector just
 * applied" is not the set to deliver).
 *
 * One deliverer at a time holds the lease on the checkpoint (fan-out-checkpoint.ts),
 * which holds the per-domain vector of fully delivered seqs. Delivering event
 * (d, s) attaches cursor = vector with d set to s, limited to the subscribed
 * domains: every event at or below that vector in another domain was posted
 * before, so resuming from the last cursor received misses nothing in any
 * domain.
 *
 * Per batch of events: read the log first, then Query the subscribers of each
 * topic the batch touches (never a Scan). That order matters: a subscription
 * registered after the Query back-fills from a log read that already contains
 * every event of the batch. Per group of events: each distinct payload
 * executes once (payload-key.ts), and the posts are split by connection into
 * shards delivered in parallel, each posting the events in order, so each
 * connection gets a domain's events in order (shards.ts).
 *
 * A pass holds the lease by time slices (pass-lease.ts): it saves its position
 * and renews the lease every slice, hands the lease to a waiting back-fill at
 * those points, and stops before its invocation's deadline, position saved.
 *
 * A subscription still flagged `backfill` past the deadline of the invocation
 * that flagged it was left behind by an invocation that died: nothing would
 * ever deliver to it, so the fan-out ends it with an error that makes its
 * client resubscribe (resume-required.ts).
 */
import { randomUUID } from 'node:crypto';
import { DOMAINS, type DomainName, type HubEventRecord } from '../../../../schema/model.js';
import { type LogStore, readAfter } from '../../log/log-reader.js';
import type { Logger } from '../../logger.js';
import { mapLimit } from '../../map-limit.js';
import type { FanOut } from '../../stream/stream-handler.js';
import type { ConnectionStore, SubscriptionRecord } from '../connections/connection-store.js';
import type { SocketFactory } from '../connections/socket.js';
import type { StreetOf } from './event-street.js';
import { type FanOutCheckpoint, LeaseWaitTimeoutError, type Vector } from './fan-out-checkpoint.js';
import type { Operations } from './operations.js';
import { DeliveryUnfinishedError, PassLease } from './pass-lease.js';
import { cursorFor, payloadKey } from './payload-key.js';
import { endForResubscribe } from './resume-required.js';
import { type EpochInfo, inEpoch } from './sent-through.js';
import {
  countOutcomes,
  inProcessShards,
  type PlannedPost,
  planShards,
  SHARD_DEFAULTS,
  type ShardRunner,
} from './shards.js';
import { type RemainingMs, TimeBudget } from './time-budget.js';
import { eventTopics, matchesFilter } from './topics.js';

export interface FanOutDeps {
  logStore: LogStore;
  checkpoint: FanOutCheckpoint;
  store: ConnectionStore;
  socketFor: SocketFactory;
  operations: Operations;
  streetOf: StreetOf;
  logger: Logger;
  epoch: () => Promise<EpochInfo>; // the log's: sentThrough of another is not trusted (sent-through.ts)
  now?: () => number;
  /** Posts in flight per shard. Default SHARD_DEFAULTS.postsInFlight. */
  concurrency?: number;
  /** Connections per shard (shards are delivered in parallel). Default SHARD_DEFAULTS.shardSize. */
  shardSize?: number;
  /** Events rendered and sharded together (the pass saves between groups). Default 25. */
  groupSize?: number;
  /** Delivers a group's shards. Default: all in this process, concurrently (else invoked-shards.ts). */
  shards?: ShardRunner;
  /** Events read from the log per batch (one subscriber Query per topic per batch). Default 200. */
  batchSize?: number;
  /** Longest time between two saves of a pass's position (and lease renewals). Default 1 s. */
  sliceMs?: number;
}

export interface FanOutStats {
  passes: number;
  events: number;
  executions: number;
  posts: number;
  gone: number;
  tooLarge: number;
  failed: number;
  /** Connections a shard cut off, stopped for its deadline: ended for resume (shards.ts). */
  cut: number;
  /** Subscriptions ended because the invocation back-filling them died (see the top of this file). */
  abandoned: number;
  /** Times a pass handed the lease to a waiting back-fill. */
  yields: number;
  /** Passes stopped before their invocation's deadline with work left. */
  unfinished: number;
}

/** Flagged `backfill` by an invocation whose deadline has passed (no deadline: written before they were kept). */
const abandonedBackfill = (s: SubscriptionRecord, nowMs: number) => s.backfill && (s.backfillUntil ?? 0) < nowMs;

export class HubFanOut implements FanOut {
  private readonly pending = new Set<DomainName>();
  private running: Promise<void> | null = null;
  private readonly ownerBase = `fanout#${randomUUID()}`;
  private passNo = 0;
  private readonly now: () => number;
  readonly stats: FanOutStats = {
    passes: 0,
    events: 0,
    executions: 0,
    posts: 0,
    gone: 0,
    tooLarge: 0,
    failed: 0,
    cut: 0,
    abandoned: 0,
    yields: 0,
    unfinished: 0,
  };
  /** The time left of the invocation that asked last (the Lambda context's); none: no deadline. */
  private remaining: RemainingMs | undefined;

  private readonly shards: ShardRunner;

  constructor(private readonly deps: FanOutDeps) {
    this.shards =
      deps.shards ?? inProcessShards({ ...deps, concurrency: deps.concurrency ?? SHARD_DEFAULTS.postsInFlight });
    this.now = deps.now ?? Date.now;
  }

  /**
   * Calls in one process coalesce: a call made while a pass runs is served by
   * the next pass of the same loop, and resolves when that pass is done.
   */
  deliver(domain: DomainName, remaining?: RemainingMs): Promise<void> {
    // The latest caller's invocation: a countdown kept from an earlier, finished one would read 0 and stop every pass.
    this.remaining = remaining;
    this.pending.add(domain);
    this.running ??= this.loop();
    return this.running;
  }

  private async loop(): Promise<void> {
    try {
      while (this.pending.size > 0) {
        const domains = [...this.pending];
        this.pending.clear();
        await this.pass(domains);
      }
    } finally {
      // Same synchronous step as the last `pending` check: no call can slip in between.
      this.running = null;
    }
  }

  private async pass(domains: DomainName[]) {
    const { checkpoint } = this.deps;
    const lease = new PassLease(
      checkpoint,
      `${this.ownerBase}#${++this.passNo}`,
      this.remaining ? new TimeBudget(this.remaining) : null,
      this.now,
      this.deps.sliceMs,
    );
    const { owner } = lease;
    const mine: Partial<Vector> = {};
    for (const d of domains) mine[d] = await checkpoint.wake(d);
    let state: Awaited<ReturnType<FanOutCheckpoint['acquire']>>;
    try {
      const covers = (s: { covered: Vector }) => domains.every((d) => s.covered[d] >= (mine[d] ?? 0));
      state = await lease.acquire(covers);
    } catch (err) {
      if (err instanceof LeaseWaitTimeoutError) throw this.unfinished('lease wait');
      throw err;
    }
    if (!state) return; // another deliverer's pass covered our wake-ups
    this.stats.passes++;
    const todo = DOMAINS.filter((d) => state.wakes[d] > state.covered[d]);
    const vector = { ...state.delivered };
    const covered: Partial<Vector> = {};
    try {
      for (const d of todo) {
        if (!(await this.deliverDomain(lease, d, vector))) break;
        covered[d] = state.wakes[d];
      }
    } catch (err) {
      await checkpoint.release(owner).catch(() => {});
      throw err instanceof DeliveryUnfinishedError ? this.unfinished(err.why) : err;
    } finally {
      this.stats.yields += lease.yields;
    }
    // Only the domains finished are covered: the others' wake-ups stay for the next pass.
    await checkpoint.release(owner, vector, covered);
    if (todo.some((d) => covered[d] === undefined)) throw this.unfinished('out of time');
  }

  private unfinished(why: string): DeliveryUnfinishedError {
    this.stats.unfinished++;
    return new DeliveryUnfinishedError(why);
  }

  /** Delivers the domain up to its head; false when the pass ran out of time (position saved). */
  private async deliverDomain(lease: PassLease, domain: DomainName, vector: Vector): Promise<boolean> {
    const { logStore, store, streetOf } = this.deps;
    for (;;) {
      if (!lease.inTime()) return false;
      const events = await readAfter(logStore, domain, vector[domain], this.deps.batchSize ?? 200);
      if (events.length === 0) return true;
      const streets = await streetOf(events);
      const topics = [...new Set(events.flatMap((e, i) => eventTopics(e, streets[i])))];
      const nowMs = this.now();
      const byTopic = new Map<string, SubscriptionRecord[]>();
      await mapLimit(topics, 8, async (t) => {
        byTopic.set(t, inEpoch(await store.subscribers(t, nowMs), await this.deps.epoch()));
      });
      const dropped = await this.endAbandoned(byTopic, nowMs);
      const groupSize = this.deps.groupSize ?? 25;
      for (let start = 0; start < events.length; start += groupSize) {
        const end = Math.min(start + groupSize, events.length);
        const group = events.slice(start, end);
        await this.deliverGroup(lease, domain, group, streets.slice(start, end), byTopic, vector, dropped);
        if (end < events.length && lease.sliceOver()) {
          // A yield re-reads from the vector: a back-fill's subscription went live meanwhile.
          if ((await lease.save(domain, vector)) === 'yielded') break;
          if (!lease.inTime()) return false;
        }
      }
      await lease.save(domain, vector);
    }
  }

  /** Ends the abandoned back-fills among the subscribers; returns their keys (to skip). */
  private async endAbandoned(byTopic: Map<string, SubscriptionRecord[]>, nowMs: number): Promise<Set<string>> {
    const abandoned = new Map<string, SubscriptionRecord>();
    for (const subs of byTopic.values()) {
      for (const s of subs) if (abandonedBackfill(s, nowMs)) abandoned.set(`${s.connectionId}#${s.id}`, s);
    }
    const { store, logger, socketFor } = this.deps;
    await mapLimit([...abandoned.values()], this.deps.concurrency ?? SHARD_DEFAULTS.postsInFlight, async (s) => {
      this.stats.abandoned++;
      await endForResubscribe({ store, logger }, socketFor(s.connectionId), s, null, 'back-fill invocation ended');
    });
    return new Set(abandoned.keys());
  }

  /**
   * Delivers a group of events (log order): each distinct payload rendered
   * once, the posts split into shards delivered in parallel (shards.ts).
   * Leaves the vector at the group's last event.
   */
  private async deliverGroup(
    lease: PassLease,
    domain: DomainName,
    events: HubEventRecord[],
    streets: Array<string | null>,
    byTopic: Map<string, SubscriptionRecord[]>,
    vector: Vector,
    dropped: Set<string>,
  ) {
    const payloads: Promise<string>[] = [];
    const postsPerEvent: PlannedPost[][] = [];
    // The group's events are rendered together, after their projection: one pushed dashboard for all of them.
    const pushedReads = new Map<string, Promise<unknown>>();
    for (const [i, event] of events.entries()) {
      vector[domain] = event.seq;
      const posts = new Map<string, PlannedPost>();
      const payloadIndex = new Map<string, number>();
      for (const t of eventTopics(event, streets[i])) {
        for (const s of byTopic.get(t) ?? []) {
          const key = `${s.connectionId}#${s.id}`;
          if (posts.has(key) || s.backfill || dropped.has(s.connectionId) || dropped.has(key)) continue;
          // Its back-fill sent this one already (a pass that yielded to the hand-over re-reads it).
          if (event.seq <= (s.sentThrough?.[domain] ?? 0)) continue;
          if (!matchesFilter(s.filter, event, streets[i])) continue;
          const pk = payloadKey(s);
          let payload = payloadIndex.get(pk);
          if (payload === undefined) {
            payload = payloads.length;
            payloadIndex.set(pk, payload);
            this.stats.executions++;
            payloads.push(this.deps.operations.render(s, event, cursorFor(vector, s.domains), pushedReads));
          }
          posts.set(key, { connectionId: s.connectionId, id: s.id, payload, tokenExpiresAt: s.tokenExpiresAt });
        }
      }
      this.stats.events++;
      postsPerEvent.push([...posts.values()]);
    }
    const jobs = planShards(
      events.map((e) => ({ domain: e.domain, seq: e.seq })),
      await Promise.all(payloads),
      postsPerEvent,
      this.deps.shardSize ?? SHARD_DEFAULTS.shardSize,
    );
    if (jobs.length === 0) return;
    countOutcomes(this.stats, await this.shards(jobs, lease.untilStop()), dropped);
  }
}
