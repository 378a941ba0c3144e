/**
 * Which `sentThrough` positions the fan-out may trust. A subscription's back-fill
 * records the last seq it sent per domain (`goLive`), so a pass that re-reads
 * after the hand-over skips what the client already has. On AWS the
 * connections table outlives a restore of the hub table: the restored logs
 * count their seqs again under a new epoch (log-epoch.ts), and positions of
 * the old log would make the pass skip the new log's events up to them. So a
 * position counts only in the epoch it was written in:
 *
 * - a row that names its epoch (`sentThroughEpoch`, every row written since)
 *   keeps its positions while that epoch is the log's, else they are dropped;
 * - a row written before positions named their epoch keeps them only if the
 *   log's epoch already held when the row's connection opened (its whole life
 *   then fell in this epoch); when that cannot be told, they are dropped.
 *
 * Dropping a position costs at most a duplicate the client drops by
 * (domain, seq); keeping a stale one would lose events.
 */
import type { EpochInfo } from '../../log/log-epoch.js';
import type { SubscriptionRecord } from '../connections/connection-store.js';
import { CONNECTION_TTL_MS } from '../protocol/context.js';

export type { EpochInfo };

/** True when the row's `sentThrough` positions count in the log's current epoch. */
export function sentThroughHolds(s: SubscriptionRecord, epoch: EpochInfo): boolean {
  if (!s.sentThrough) return true;
  if (s.sentThroughEpoch !== undefined) return s.sentThroughEpoch === epoch.id;
  // A subscription expires with its connection, CONNECTION_TTL_MS after it opened (subscribe.ts); expiresAt
  // is rounded down to seconds, so this reads the opening up to 1 s early: on the side of dropping.
  const openedAt = s.expiresAt * 1000 - CONNECTION_TTL_MS;
  return epoch.since !== null && epoch.since <= openedAt;
}

/** The subscriptions as the fan-out should see them: positions of another epoch left out. */
export function inEpoch(subs: SubscriptionRecord[], epoch: EpochInfo): SubscriptionRecord[] {
  return subs.map((s) => {
    if (sentThroughHolds(s, epoch)) return s;
    const { sentThrough: _stale, sentThroughEpoch: _of, ...rest } = s;
    return rest;
  });
}
