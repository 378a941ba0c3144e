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
 */
import { randomUUID } from 'node:crypto';
import { type CursorPosition, encodeCursor } from '../../../../schema/cursor.js';
import type { DomainName } from '../../../../schema/model.js';
import { type LogStore, readAfter } from '../../log/log-reader.js';
import type { Logger } from '../../logger.js';
import type { ConnectionStore, SubscriptionRecord } from '../connections/connection-store.js';
import type { RealtimeSocket } from '../connections/socket.js';
import type { StreetOf } from './event-street.js';
import type { FanOutCheckpoint } from './fan-out-checkpoint.js';
import type { Operations } from './operations.js';
import { sendNext } from './send-next.js';
import { matchesFilter } from './topics.js';

export interface BackfillDeps {
  logStore: LogStore;
  checkpoint: FanOutCheckpoint;
  store: ConnectionStore;
  operations: Operations;
  streetOf: StreetOf;
  logger: Logger;
  /** Events read per page. Default 500. */
  pageSize?: number;
}

export type BackfillOutcome = 'live' | 'ended';

export class Backfiller {
  constructor(private readonly deps: BackfillDeps) {}

  async run(sub: SubscriptionRecord, after: CursorPosition, socket: RealtimeSocket): Promise<BackfillOutcome> {
    const position: CursorPosition = {};
    for (const d of sub.domains) if (after[d] !== undefined) position[d] = after[d];
    for (const d of sub.domains) {
      if (position[d] !== undefined && !(await this.sendRange(sub, d, position, socket))) return 'ended';
    }
    const { checkpoint } = this.deps;
    const owner = `backfill#${sub.connectionId}#${sub.id}#${randomUUID()}`;
    const state = await checkpoint.acquire(owner, undefined, { priority: true });
    if (!state) throw new Error('unreachable: acquire without a condition returned null');
    try {
      for (const d of sub.domains) {
        const delivered = state.delivered[d];
        if (position[d] === undefined) position[d] = delivered;
        else if (delivered > (position[d] as number)) {
          if (!(await this.sendRange(sub, d, position, socket, delivered))) return 'ended';
        }
      }
      await this.deps.store.goLive(sub);
      return 'live';
    } finally {
      await checkpoint.release(owner).catch((err) => this.deps.logger.warn('back-fill lease release failed', { err }));
    }
  }

  /** Sends the domain's matching events after position[d] (up to `upTo`); false when the subscriber is gone. */
  private async sendRange(
    sub: SubscriptionRecord,
    domain: DomainName,
    position: CursorPosition,
    socket: RealtimeSocket,
    upTo = Number.POSITIVE_INFINITY,
  ): Promise<boolean> {
    const { logStore, operations, streetOf, store, logger } = this.deps;
    const pageSize = this.deps.pageSize ?? 500;
    for (;;) {
      const from = position[domain] as number;
      const limit = Math.min(pageSize, upTo - from);
      if (limit <= 0) return true;
      const events = await readAfter(logStore, domain, from, limit);
      if (events.length === 0) return true;
      for (const event of events) {
        position[domain] = event.seq;
        const street = await streetOf(event);
        if (!matchesFilter(sub.filter, event, street)) continue;
        const payload = await operations.render(sub, event, encodeCursor(position));
        const outcome = await sendNext({ store, logger }, socket, sub, payload, {
          domain,
          seq: event.seq,
          backfill: true,
        });
        if (outcome !== 'sent') return false;
      }
    }
  }
}
