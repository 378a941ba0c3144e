/**
 * The defences of the protocol core, applied before a message does any work:
 * a `subscribe` passes the query limits (the same Armor rules as HTTP), its
 * principal's rate limit (mutations or subscribes) and, for a subscription,
 * the connection's subscription cap — each refusal an `error` for that id, the
 * socket left open; a `connection_init` passes the principal's connection
 * attempts and connection cap — refusals close with 1013 (try again later),
 * which graphql-ws clients retry with backoff.
 */
import { type GraphQLFormattedError, getOperationAST } from 'graphql';
import type { SubscribeMessage } from 'graphql-ws';
import type { Principal } from '../../../../schema/model.js';
import { LIMIT_MESSAGES } from '../../limits/messages.js';
import { checkOperation } from '../../limits/query-limits.js';
import { RateLimitedError } from '../../limits/rate-limiter.js';
import type { MessageContext } from './context.js';
import { errorMessage } from './server-messages.js';

/** WebSocket close code "Try Again Later" (RFC 6455 registry): a limit refused the connection for now. */
export const TRY_AGAIN_LATER = 1013;

/** Sends the refusal as the id's `error`; true when the operation may go on. */
export async function admitSubscribe(ctx: MessageContext, message: SubscribeMessage): Promise<boolean> {
  const guards = ctx.deps.guards;
  const principal = ctx.connection.principal;
  if (!guards || !principal) return true;
  const refuse = async (errors: readonly GraphQLFormattedError[]) => {
    await ctx.socket.send(errorMessage(message.id, errors));
    return false;
  };
  const checked = checkOperation(guards.schema, message.payload.query, guards.queryPolicy);
  if (!checked.document || checked.errors.length > 0) {
    return refuse(ctx.deps.operations.formatErrors(checked.errors));
  }
  const kind = getOperationAST(checked.document, message.payload.operationName)?.operation;
  const refusal = await rateLimited(principal, kind === 'mutation' ? 'mutations' : 'subscribes', ctx);
  if (refusal) return refuse([refusal]);
  if (kind === 'subscription') {
    const max = guards.limits.subscriptionsPerConnection;
    if ((await guards.caps.subscriptionCount(ctx.connection.connectionId)) >= max) {
      return refuse([
        { message: LIMIT_MESSAGES.subscriptionsPerConnection(max), extensions: { code: 'BAD_USER_INPUT', limit: max } },
      ]);
    }
  }
  return true;
}

async function rateLimited(
  principal: Principal,
  kind: 'mutations' | 'subscribes' | 'connectionAttempts',
  ctx: MessageContext,
): Promise<GraphQLFormattedError | null> {
  try {
    await ctx.deps.guards?.rateLimiter.take(principal, kind);
    return null;
  } catch (err) {
    if (!(err instanceof RateLimitedError)) throw err;
    return err.toJSON();
  }
}

/** Closes (1013) and returns false when the principal may not open another connection now. */
export async function admitConnection(ctx: MessageContext, principal: Principal): Promise<boolean> {
  const guards = ctx.deps.guards;
  if (!guards) return true;
  const refusal = await rateLimited(principal, 'connectionAttempts', ctx);
  if (refusal) {
    ctx.deps.logger.info('connection_init rate-limited', { sub: principal.sub });
    await ctx.close(
      TRY_AGAIN_LATER,
      closeReason(`Too many connection attempts; retry in ${refusal.extensions?.retryAfter} s`),
    );
    return false;
  }
  const max = guards.limits.connectionsPerPrincipal;
  const { connectionId, expiresAt } = ctx.connection;
  if (!(await guards.caps.claimConnectionSlot(principal.sub, connectionId, expiresAt, max))) {
    ctx.deps.logger.info('connection_init over the connection cap', { sub: principal.sub, max });
    await ctx.close(TRY_AGAIN_LATER, closeReason(`At most ${max} connections per principal`));
    return false;
  }
  return true;
}

/** A close reason is at most 123 bytes (RFC 6455). */
const closeReason = (text: string) => Buffer.from(text).subarray(0, 123).toString();
