/**
 * Ending a subscription that could not be brought live, so that its client
 * resubscribes from where it got to instead of watching a screen that says
 * LIVE and receives nothing.
 *
 * The back-fill ends a subscription this way when its invocation runs out of
 * time (backfill.ts); the fan-out does when it finds a subscription still
 * flagged `backfill` past the deadline of the invocation that flagged it (that
 * invocation died: fan-out.ts). Either way the subscription row goes first, so
 * a resubscribe with the same id is not refused as a duplicate (4409), then
 * the client gets an `error` for the id (which ends the operation, per the
 * protocol) with code BUSY, `retryable: true`, `reason: "RESUBSCRIBE"` and,
 * when known, `cursor`: the position the back-fill reached. Resubscribing with
 * `after:` that cursor (or the cursor of the last event received) continues
 * without a gap; docs/realtime.md documents the message for clients.
 */
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from '../../logger.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import { GoneError, type RealtimeSocket } from '../connections/socket.js';
import { errorMessage } from '../protocol/server-messages.js';

/** `extensions.reason` of the error: the client should subscribe again with `after:`. */
export const RESUBSCRIBE_REASON = 'RESUBSCRIBE';

export function resubscribeError(cursor: string | null): GraphQLFormattedError {
  return {
    message:
      'Catching up took longer than one invocation allows; subscribe again with after: extensions.cursor (or the cursor of the last event you received) to continue without a gap',
    extensions: { code: 'BUSY', retryable: true, reason: RESUBSCRIBE_REASON, ...(cursor ? { cursor } : {}) },
  };
}

export interface EndContext {
  store: ConnectionStore;
  logger: Logger;
}

/** Removes the subscription, then tells its client to resubscribe. */
export async function endForResubscribe(
  ctx: EndContext,
  socket: RealtimeSocket,
  sub: { connectionId: string; id: string },
  cursor: string | null,
  why: string,
): Promise<void> {
  ctx.logger.warn('subscription ended for a resubscribe', { connectionId: sub.connectionId, id: sub.id, why });
  await ctx.store.removeSubscription(sub.connectionId, sub.id);
  try {
    await socket.send(errorMessage(sub.id, [resubscribeError(cursor)]));
  } catch (err) {
    if (err instanceof GoneError) await ctx.store.removeConnection(sub.connectionId);
    else throw err;
  }
}
