/**
 * Posting one `next` to one subscriber, shared by the fan-out and the
 * back-fill. A gone connection (410) is deleted with its subscriptions. A
 * message over the 128 KB limit is never dropped silently: the subscriber gets
 * an `error` for that id (which ends the operation, per the protocol), the
 * subscription is removed and the event is logged. A post that still fails
 * after the socket's retries (retrying-socket.ts) is never skipped either:
 * skipping would leave a gap the client cannot see, so the connection is
 * closed and its client reconnects and resumes from the cursor of the last
 * event it got.
 * A subscription whose connection's token has expired gets nothing: the
 * connection is closed 4403 (on AWS: DeleteConnection) and removed, and the
 * outcome is 'gone'.
 */
import { CloseCode } from 'graphql-ws';
import { tokenExpired } from '../../auth/verify-token.js';
import type { Logger } from '../../logger.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import { GoneError, MAX_MESSAGE_BYTES, PayloadTooLargeError, type RealtimeSocket } from '../connections/socket.js';
import { errorMessage, nextMessage, TOKEN_EXPIRED_REASON, tooLargeError } from '../protocol/server-messages.js';

export type SendOutcome = 'sent' | 'gone' | 'too-large' | 'failed';

export interface SendContext {
  store: ConnectionStore;
  logger: Logger;
}

export async function sendNext(
  ctx: SendContext,
  socket: RealtimeSocket,
  sub: { connectionId: string; id: string; tokenExpiresAt?: number },
  payloadJson: string,
  about: Record<string, unknown> = {},
): Promise<SendOutcome> {
  if (tokenExpired(sub.tokenExpiresAt, Date.now())) return endExpired(ctx, socket, sub, about);
  const message = nextMessage(sub.id, payloadJson);
  const bytes = Buffer.byteLength(message);
  if (bytes > MAX_MESSAGE_BYTES) return tooLarge(ctx, socket, sub, bytes, about);
  try {
    await socket.send(message);
    return 'sent';
  } catch (err) {
    if (err instanceof GoneError) {
      await ctx.store.removeConnection(sub.connectionId);
      return 'gone';
    }
    if (err instanceof PayloadTooLargeError) return tooLarge(ctx, socket, sub, bytes, about);
    ctx.logger.error('post failed; closing the connection so its client resumes', {
      connectionId: sub.connectionId,
      ...about,
      err,
    });
    await endForResume(ctx, socket, sub.connectionId);
    return 'failed';
  }
}

/**
 * Ends a connection whose deliveries may have a gap it cannot see: closed
 * (1011) and removed, so its client reconnects and resumes from the cursor of
 * the last event it got (the back-fill sends what came after, nothing twice).
 */
export async function endForResume(ctx: SendContext, socket: RealtimeSocket, connectionId: string): Promise<void> {
  await socket.close(1011, 'Delivery failed; reconnect and resume with your last cursor').catch(() => {});
  await ctx.store.removeConnection(connectionId).catch(() => {});
}

async function tooLarge(
  ctx: SendContext,
  socket: RealtimeSocket,
  sub: { connectionId: string; id: string },
  bytes: number,
  about: Record<string, unknown>,
): Promise<SendOutcome> {
  ctx.logger.warn('subscription result over the 128 KB message limit; sent an error instead', {
    connectionId: sub.connectionId,
    id: sub.id,
    bytes,
    ...about,
  });
  await ctx.store.removeSubscription(sub.connectionId, sub.id);
  try {
    await socket.send(errorMessage(sub.id, [tooLargeError(bytes)]));
  } catch (err) {
    if (err instanceof GoneError) await ctx.store.removeConnection(sub.connectionId);
    else throw err;
  }
  return 'too-large';
}

/** Token time is wall time (jose checks `exp` against Date.now), whatever clock the hub runs on. */
async function endExpired(
  ctx: SendContext,
  socket: RealtimeSocket,
  sub: { connectionId: string; id: string },
  about: Record<string, unknown>,
): Promise<SendOutcome> {
  ctx.logger.info('token expired; closing the connection instead of delivering', {
    connectionId: sub.connectionId,
    id: sub.id,
    ...about,
  });
  await socket.close(CloseCode.Forbidden, TOKEN_EXPIRED_REASON).catch((err) => {
    if (!(err instanceof GoneError)) throw err;
  });
  await ctx.store.removeConnection(sub.connectionId);
  return 'gone';
}
