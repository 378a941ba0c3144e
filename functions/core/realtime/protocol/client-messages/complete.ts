/**
 * `complete` from the client: stop that operation. Unknown or already
 * completed ids are ignored, as the protocol asks. API Gateway runs a
 * connection's messages concurrently, so a `complete` may overtake the
 * `subscribe` it ends: for an id with no subscription it leaves a marker that
 * lives two message timeouts, and a `subscribe` still in flight then stores
 * nothing. (The price: a client that completes an id twice and reuses it within
 * that window gets no events for the reuse; graphql-ws clients never reuse ids.)
 */
import type { CompleteMessage } from 'graphql-ws';
import { toEpochSeconds } from '../../connections/connection-store.js';
import { MESSAGE_TIMEOUT_MS, type MessageContext } from '../context.js';

export async function onComplete(ctx: MessageContext, message: CompleteMessage): Promise<void> {
  const { store, now } = ctx.deps;
  const connectionId = ctx.connection.connectionId;
  if (await store.removeSubscription(connectionId, message.id)) return;
  if (await store.markCompletedEarly(connectionId, message.id, toEpochSeconds(now() + 2 * MESSAGE_TIMEOUT_MS))) return;
  // Its `subscribe` stored it between the two steps above: end it now.
  await store.removeSubscription(connectionId, message.id);
}
