/**
 * `connection_init`: authenticate (payload `authorization: "Bearer <jwt>"`, or
 * the claims the `$connect` authorizer verified from `?token=`), then acknowledge; an optional `lang`
 * ("zh" | "en") sets the language the connection's errors come in (stored with the connection). Only the claims
 * are stored, never the token, with the token's expiry (the dispatcher and delivery end the
 * connection once it passes). Second init → 4429; no valid token → 4403;
 * past the init deadline (the sweeper may not have run yet) → 4408.
 */
import { CloseCode, type ConnectionInitMessage, MessageType, stringifyMessage } from 'graphql-ws';
import type { Principal } from '../../../../../schema/model.js';
import { bearerToken, tokenExpiresAtMs } from '../../../auth/verify-token.js';
import { initLang, type Lang } from '../../../errors/localize.js';
import type { MessageContext } from '../context.js';
import { admitConnection } from '../guards.js';

function tokenOf(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const p = payload as Record<string, unknown>;
  const header = p.authorization ?? p.Authorization;
  if (typeof header === 'string') return bearerToken(header);
  return typeof p.token === 'string' ? p.token : null;
}

export async function onConnectionInit(ctx: MessageContext, message: ConnectionInitMessage): Promise<void> {
  const { deps, connection } = ctx;
  if (connection.state === 'acked')
    return ctx.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
  if (connection.initDeadline !== undefined && connection.initDeadline < deps.now()) {
    return ctx.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  }
  let lang: Lang | undefined;
  try {
    lang = initLang(message.payload);
  } catch (err) {
    return ctx.close(CloseCode.BadRequest, `Invalid message: ${(err as Error).message}`);
  }
  const token = tokenOf(message.payload);
  let principal: Principal | null = connection.principal;
  let tokenExpiresAt = connection.tokenExpiresAt;
  if (token) {
    try {
      principal = await deps.verifyToken(token);
      tokenExpiresAt = tokenExpiresAtMs(token);
    } catch (err) {
      deps.logger.info('connection_init with a bad token', {
        connectionId: connection.connectionId,
        reason: (err as Error).message,
      });
      principal = null;
    }
  }
  if (!principal) return ctx.close(CloseCode.Forbidden, 'Forbidden');
  // The principal's connection attempts and its connection cap (guards.ts): close 1013 when refused.
  if (!(await admitConnection(ctx, principal))) return;
  const result = await deps.store.acknowledge(connection.connectionId, principal, tokenExpiresAt, lang);
  if (result === 'already-acked') {
    return ctx.close(CloseCode.TooManyInitialisationRequests, 'Too many initialisation requests');
  }
  if (result === 'missing')
    return ctx.close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
  await ctx.socket.send(stringifyMessage({ type: MessageType.ConnectionAck }));
}
