/**
 * `hubEvents(after:)`: register first, back-fill from the log, then go live —
 * without a gap and without a cursor that claims more than the client got.
 *
 * The subscription is stored with `backfill: true`, which the fan-out skips.
 * Phase 1 (no lock): send each subscribed domain's events after the cursor
 * position up to the head, in order, each with a cursor built progressively
 * from `after` (domains done so far at their last seq, the current one at this
 * event, the rest still at `after`). Phase 2 (under the fan-out's lease, so no
 * delivery runs meanwhile): send what the fan-out delivered beyond phase 1
 * (up to its vector), then clear `backfill`. Every later pass delivers to the
 * subscription, with cursors ≥ the vector, all of whose events the client has
 * by then. Duplicates (an event sent by both) are possible; the client drops
 * them by (domain, seq). A domain missing from `after` starts live, at the
 * vector, without back-fill.
 *
 * All of it runs inside one `$default` invocation (29 s on AWS), so it is
 * budgeted by the time the invocation has left (time-budget.ts): phase 1 stops
 * while a share is left for the hand-over, the wait for the lease and phase 2
 * stop while a smaller share is left to end cleanly. Out of time, the
 * subscription is removed and its client told to resubscribe from the position
 * reached (resume-required.ts): the next invocation continues from there, so a
 * long back-fill takes several invocations and never leaves a subscription
 * flagged `backfill` that nothing delivers to. Posts stay sequential: a client
 * drops an event whose seq is not above the last it got, so posts that overtake
 * each other would be gaps.
 */
import { randomUUID } from 'node:crypto';
import { type CursorPosition, encodeCursor } from '../../../../schema/cursor.js';
import type { DomainName } from '../../../../schema/model.js';
import { type LogStore, readAfter } from '../../log/log-reader.js';
import type { Logger } from '../../logger.js';
import type { ConnectionStore, SubscriptionRecord } from '../connections/connection-store.js';
import type { RealtimeSocket } from '../connections/socket.js';
import type { StreetOf } from './event-street.js';
import { type FanOutCheckpoint, LeaseWaitTimeoutError } from './fan-out-checkpoint.js';
import type { Operations } from './operations.js';
import { endForResubscribe } from './resume-required.js';
import { sendNext } from './send-next.js';
import type { TimeBudget } from './time-budget.js';
import { matchesFilter } from './topics.js';

export interface BackfillDeps {
  logStore: LogStore;
  checkpoint: FanOutCheckpoint;
  store: ConnectionStore;
  operations: Operations;
  streetOf: StreetOf;
  logger: Logger;
  /** The logs' epoch, for the cursor a client resubscribes with (log-epoch.ts). */
  epoch: () => Promise<string>;
  /** Events read per page. Default 500. */
  pageSize?: number;
}

/**
 * live: handed over to the fan-out; ended: the subscription is over (its client went away, or a result
 * over the message limit ended it: send-next.ts); resubscribe: out of time, its client was told to resubscribe.
 */
export type BackfillOutcome = 'live' | 'ended' | 'resubscribe';

/** Phase 1 stops while this share of the invocation's time is left: for the lease, phase 2 and going live. */
export const HAND_OVER_SHARE = 0.25;
/** Everything stops while this share is left: to remove the subscription, post the error and release the lease. */
export const WRAP_UP_SHARE = 0.1;

type RangeOutcome = 'done' | 'ended' | 'out-of-time';

export class Backfiller {
  constructor(private readonly deps: BackfillDeps) {}

  async run(
    sub: SubscriptionRecord,
    after: CursorPosition,
    socket: RealtimeSocket,
    budget: TimeBudget,
  ): Promise<BackfillOutcome> {
    const position: CursorPosition = {};
    for (const d of sub.domains) if (after[d] !== undefined) position[d] = after[d];
    const phase1 = () => budget.leaves(HAND_OVER_SHARE);
    for (const d of sub.domains) {
      if (position[d] === undefined) continue;
      const outcome = await this.sendRange(sub, d, position, socket, phase1);
      if (outcome !== 'done') return this.stop(outcome, sub, position, socket, 'phase 1');
    }
    const { checkpoint } = this.deps;
    const owner = `backfill#${sub.connectionId}#${sub.id}#${randomUUID()}`;
    let state: Awaited<ReturnType<FanOutCheckpoint['acquire']>>;
    try {
      state = await checkpoint.acquire(owner, undefined, {
        priority: true,
        maxWaitMs: budget.msUntil(WRAP_UP_SHARE),
      });
    } catch (err) {
      if (err instanceof LeaseWaitTimeoutError) return this.stop('out-of-time', sub, position, socket, 'lease wait');
      throw err;
    }
    if (!state) throw new Error('unreachable: acquire without a condition returned null');
    try {
      const phase2 = () => budget.leaves(WRAP_UP_SHARE);
      for (const d of sub.domains) {
        const delivered = state.delivered[d];
        if (position[d] === undefined) position[d] = delivered;
        else if (delivered > (position[d] as number)) {
          const outcome = await this.sendRange(sub, d, position, socket, phase2, delivered);
          if (outcome !== 'done') return this.stop(outcome, sub, position, socket, 'phase 2');
        }
      }
      await this.deps.store.goLive(sub, position, await this.deps.epoch());
      return 'live';
    } finally {
      await checkpoint.release(owner).catch((err) => this.deps.logger.warn('back-fill lease release failed', { err }));
    }
  }

  private async stop(
    outcome: Exclude<RangeOutcome, 'done'>,
    sub: SubscriptionRecord,
    position: CursorPosition,
    socket: RealtimeSocket,
    during: string,
  ): Promise<BackfillOutcome> {
    if (outcome === 'ended') return 'ended';
    const { store, logger } = this.deps;
    // Every matching event up to `position` was sent: the client continues from there.
    await endForResubscribe(
      { store, logger },
      socket,
      sub,
      encodeCursor(position, await this.deps.epoch()),
      `back-fill out of time (${during})`,
    );
    return 'resubscribe';
  }

  /** Sends the domain's matching events after position[d] (up to `upTo`) while `inTime()` holds. */
  private async sendRange(
    sub: SubscriptionRecord,
    domain: DomainName,
    position: CursorPosition,
    socket: RealtimeSocket,
    inTime: () => boolean,
    upTo = Number.POSITIVE_INFINITY,
  ): Promise<RangeOutcome> {
    const { logStore, operations, streetOf, store, logger } = this.deps;
    const pageSize = this.deps.pageSize ?? 500;
    // A screen missing K events would otherwise compute K identical pushed dashboards (the state now).
    const pushedReads = new Map<string, Promise<unknown>>();
    for (;;) {
      const from = position[domain] as number;
      const limit = Math.min(pageSize, upTo - from);
      if (limit <= 0) return 'done';
      if (!inTime()) return 'out-of-time';
      const events = await readAfter(logStore, domain, from, limit);
      if (events.length === 0) return 'done';
      const streets = await streetOf(events);
      for (const [i, event] of events.entries()) {
        if (!matchesFilter(sub.filter, event, streets[i])) {
          position[domain] = event.seq;
          continue;
        }
        if (!inTime()) return 'out-of-time';
        const payload = await operations.render(
          sub,
          event,
          encodeCursor({ ...position, [domain]: event.seq }),
          pushedReads,
        );
        const outcome = await sendNext({ store, logger }, socket, sub, payload, {
          domain,
          seq: event.seq,
          backfill: true,
        });
        if (outcome !== 'sent') return 'ended';
        position[domain] = event.seq;
      }
    }
  }
}
