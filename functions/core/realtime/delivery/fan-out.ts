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
 * every event of the batch. Per event: each distinct payload executes once
 * (see `payloadKey`); the result is posted to every holder with bounded
 * concurrency, and the next event starts when all posts are done, so each
 * connection gets a domain's events in order.
 *
 * A subscription still flagged `backfill` past the deadline of the invocation
 * that flagged it was left behind by an invocation that died: nothing would
 * ever deliver to it, so the fan-out ends it with an error that makes its
 * client resubscribe (resume-required.ts).
 */
import { randomUUID } from 'node:crypto';
import { encodeCursor } from '../../../../schema/cursor.js';
import { DOMAINS, type DomainName, type HubEventRecord } from '../../../../schema/model.js';
import { type LogStore, readAfter } from '../../log/log-reader.js';
import type { Logger } from '../../logger.js';
import { mapLimit } from '../../map-limit.js';
import type { FanOut } from '../../stream/stream-handler.js';
import type { ConnectionStore, SubscriptionRecord } from '../connections/connection-store.js';
import type { SocketFactory } from '../connections/socket.js';
import type { StreetOf } from './event-street.js';
import type { FanOutCheckpoint, Vector } from './fan-out-checkpoint.js';
import type { Operations } from './operations.js';
import { endForResubscribe } from './resume-required.js';
import { sendNext } from './send-next.js';
import { eventTopics, matchesFilter } from './topics.js';

export interface FanOutDeps {
  logStore: LogStore;
  checkpoint: FanOutCheckpoint;
  store: ConnectionStore;
  socketFor: SocketFactory;
  operations: Operations;
  streetOf: StreetOf;
  logger: Logger;
  now?: () => number;
  /** Posts in flight per event. Default 32. */
  concurrency?: number;
  /** Events read from the log per batch (one subscriber Query per topic per batch). Default 200. */
  batchSize?: number;
  /** Attempts per post before the connection is closed so its client resumes from its cursor. Default 3. */
  postAttempts?: number;
}

export interface FanOutStats {
  passes: number;
  events: number;
  executions: number;
  posts: number;
  gone: number;
  tooLarge: number;
  failed: number;
  /** Subscriptions ended because the invocation back-filling them died (see the top of this file). */
  abandoned: number;
}

/** Cursor of an event for a subscription: the vector (with the event's own seq) over its domains. */
export function cursorFor(vector: Vector, domains: readonly DomainName[]): string {
  const position: Partial<Vector> = {};
  for (const d of domains) position[d] = vector[d];
  return encodeCursor(position);
}

/**
 * What one event's payload depends on besides the event: the operation, the
 * cursor — which covers exactly the subscriber's domains, so the resolved
 * domain set (a department naming none follows its own, a screen naming none
 * all three) — and the claims authorization reads (role, department).
 */
const payloadKey = (s: SubscriptionRecord) =>
  JSON.stringify([
    s.query,
    s.variables ?? null,
    s.operationName ?? null,
    [...s.domains].sort(),
    s.principal.role,
    s.principal.dept ?? null,
  ]);

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
    abandoned: 0,
  };

  constructor(private readonly deps: FanOutDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * Calls in one process coalesce: a call made while a pass runs is served by
   * the next pass of the same loop, and resolves when that pass is done.
   */
  deliver(domain: DomainName): Promise<void> {
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
    const owner = `${this.ownerBase}#${++this.passNo}`;
    const mine: Partial<Vector> = {};
    for (const d of domains) mine[d] = await checkpoint.wake(d);
    const state = await checkpoint.acquire(owner, (s) => domains.every((d) => s.covered[d] >= (mine[d] ?? 0)));
    if (!state) return; // another deliverer's pass covered our wake-ups
    this.stats.passes++;
    const todo = DOMAINS.filter((d) => state.wakes[d] > state.covered[d]);
    const vector = { ...state.delivered };
    try {
      for (const d of todo) await this.deliverDomain(owner, d, vector);
    } catch (err) {
      await checkpoint.release(owner).catch(() => {});
      throw err;
    }
    const covered: Partial<Vector> = {};
    for (const d of todo) covered[d] = state.wakes[d];
    await checkpoint.release(owner, vector, covered);
  }

  private async deliverDomain(owner: string, domain: DomainName, vector: Vector) {
    const { logStore, store, streetOf, checkpoint } = this.deps;
    for (;;) {
      const events = await readAfter(logStore, domain, vector[domain], this.deps.batchSize ?? 200);
      if (events.length === 0) return;
      const streets = await streetOf(events);
      const topics = [...new Set(events.flatMap((e, i) => eventTopics(e, streets[i])))];
      const nowMs = this.now();
      const byTopic = new Map<string, SubscriptionRecord[]>();
      await mapLimit(topics, 8, async (t) => {
        byTopic.set(t, await store.subscribers(t, nowMs));
      });
      const dropped = await this.endAbandoned(byTopic, nowMs);
      for (const [i, event] of events.entries()) {
        vector[domain] = event.seq;
        const holders = new Map<string, SubscriptionRecord>();
        for (const t of eventTopics(event, streets[i])) {
          for (const s of byTopic.get(t) ?? []) {
            const key = `${s.connectionId}#${s.id}`;
            if (s.backfill || dropped.has(s.connectionId) || dropped.has(key)) continue;
            if (matchesFilter(s.filter, event, streets[i])) holders.set(key, s);
          }
        }
        this.stats.events++;
        if (holders.size > 0) await this.deliverEvent(event, [...holders.values()], vector, dropped);
      }
      await checkpoint.save(owner, { [domain]: vector[domain] });
    }
  }

  /** Ends the abandoned back-fills among the subscribers; returns their keys (to skip). */
  private async endAbandoned(byTopic: Map<string, SubscriptionRecord[]>, nowMs: number): Promise<Set<string>> {
    const abandoned = new Map<string, SubscriptionRecord>();
    for (const subs of byTopic.values()) {
      for (const s of subs) if (abandonedBackfill(s, nowMs)) abandoned.set(`${s.connectionId}#${s.id}`, s);
    }
    const { store, logger, socketFor } = this.deps;
    await mapLimit([...abandoned.values()], this.deps.concurrency ?? 32, async (s) => {
      this.stats.abandoned++;
      await endForResubscribe({ store, logger }, socketFor(s.connectionId), s, null, 'back-fill invocation ended');
    });
    return new Set(abandoned.keys());
  }

  private async deliverEvent(
    event: HubEventRecord,
    holders: SubscriptionRecord[],
    vector: Vector,
    dropped: Set<string>,
  ) {
    const { operations, socketFor, logger } = this.deps;
    const payloads = new Map<string, Promise<string>>();
    const payloadOf = (s: SubscriptionRecord) => {
      const key = payloadKey(s);
      let p = payloads.get(key);
      if (!p) {
        this.stats.executions++;
        p = operations.render(s, event, cursorFor(vector, s.domains));
        payloads.set(key, p);
      }
      return p;
    };
    const about = { domain: event.domain, seq: event.seq };
    await mapLimit(holders, this.deps.concurrency ?? 32, async (s) => {
      const payload = await payloadOf(s);
      const socket = socketFor(s.connectionId);
      const attempts = this.deps.postAttempts ?? 3;
      for (let attempt = 1; ; attempt++) {
        try {
          this.stats.posts++;
          const outcome = await sendNext({ store: this.deps.store, logger }, socket, s, payload, about);
          if (outcome === 'gone') {
            this.stats.gone++;
            dropped.add(s.connectionId);
          } else if (outcome === 'too-large') {
            this.stats.tooLarge++;
            dropped.add(`${s.connectionId}#${s.id}`);
          }
          return;
        } catch (err) {
          if (attempt < attempts) {
            await new Promise((r) => setTimeout(r, 50 * 4 ** (attempt - 1)));
            continue;
          }
          // Skipping the event silently would leave a gap this client cannot see; closing
          // makes it reconnect and resume from the cursor of the last event it got.
          this.stats.failed++;
          logger.error('post failed; closing the connection so its client resumes', {
            connectionId: s.connectionId,
            ...about,
            err,
          });
          dropped.add(s.connectionId);
          await socket.close(1011, 'Delivery failed; reconnect and resume with your last cursor').catch(() => {});
          await this.deps.store.removeConnection(s.connectionId).catch(() => {});
          return;
        }
      }
    });
  }
}
