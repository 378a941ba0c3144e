/**
 * `complete` from the client: stop that operation. Unknown or already
 * completed ids are ignored, as the protocol asks.
 */
import type { CompleteMessage } from 'graphql-ws';
import type { MessageContext } from '../context.js';

export async function onComplete(ctx: MessageContext, message: CompleteMessage): Promise<void> {
  await ctx.deps.store.removeSubscription(ctx.connection.connectionId, message.id);
}
