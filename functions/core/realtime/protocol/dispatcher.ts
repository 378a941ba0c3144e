/**
 * graphql-transport-ws, one message per invocation (API Gateway WebSocket
 * delivers `$connect`, each message on `$default`, and `$disconnect` as
 * separate Lambda calls). The state that graphql-ws keeps in memory lives in
 * the connection store; the protocol core decides every close code and talks
 * only to a RealtimeSocket, never to a transport.
 */
import { CloseCode, type Message, MessageType, parseMessage } from 'graphql-ws';
import type { Principal } from '../../../../schema/model.js';
import { tokenExpired } from '../../auth/verify-token.js';
import { toEpochSeconds } from '../connections/connection-store.js';
import { GoneError } from '../connections/socket.js';
import { onComplete } from './client-messages/complete.js';
import { onConnectionInit } from './client-messages/connection-init.js';
import { onPing } from './client-messages/ping.js';
import { onPong } from './client-messages/pong.js';
import { onSubscribe } from './client-messages/subscribe.js';
import { CONNECTION_TTL_MS, type MessageContext, type ProtocolDeps } from './context.js';
import { TOKEN_EXPIRED_REASON } from './server-messages.js';

export interface ConnectRequest {
  connectionId: string;
  /**
   * Claims the `$connect` authorizer verified from `?token=` (connect-auth.ts),
   * or null when the connect carried no token: then `connection_init` must.
   * A bad `?token=` never gets here: the authorizer refused the upgrade.
   */
  authorized: Principal | null;
  /** When the `?token=` stops being accepted (epoch ms), if one was given. */
  tokenExpiresAt?: number;
}

/** `$connect`: stores the connection with its init deadline, and the authorizer's claims if any. */
export async function handleConnect(deps: ProtocolDeps, req: ConnectRequest): Promise<void> {
  const now = deps.now();
  await deps.store.putConnection({
    connectionId: req.connectionId,
    state: 'connected',
    principal: req.authorized,
    connectedAt: now,
    initDeadline: now + deps.initTimeoutMs,
    ...(req.authorized && req.tokenExpiresAt !== undefined ? { tokenExpiresAt: req.tokenExpiresAt } : {}),
    expiresAt: toEpochSeconds(now + CONNECTION_TTL_MS),
  });
}
/** `$default`: one protocol message. */
export async function handleMessage(deps: ProtocolDeps, connectionId: string, body: string): Promise<void> {
  const socket = deps.socketFor(connectionId);
  const close = async (code: number, reason: string) => {
    await socket.close(code, reason).catch((err) => deps.logger.warn('close failed', { connectionId, err }));
    await deps.store.removeConnection(connectionId);
  };
  const connection = await deps.store.getConnection(connectionId);
  if (!connection) {
    // Swept (init timeout) or expired while the message was in flight.
    await close(CloseCode.ConnectionInitialisationTimeout, 'Connection initialisation timeout');
    return;
  }
  let message: Message;
  try {
    message = parseMessage(body);
  } catch {
    await close(CloseCode.BadRequest, 'Invalid message received');
    return;
  }
  if (
    connection.state === 'acked' &&
    tokenExpired(connection.tokenExpiresAt, Date.now() /* token time is wall time */)
  ) {
    // The token this connection was acknowledged with has expired: any message (the
    // client's keep-alive ping included) ends it, so the client signs in again and resumes.
    await close(CloseCode.Forbidden, TOKEN_EXPIRED_REASON);
    return;
  }
  const ctx: MessageContext = { deps, connection, socket, close };
  try {
    await dispatch(ctx, message);
  } catch (err) {
    // The client left while we answered (a 410 on the ack, a pong, an error): nothing failed, nobody to tell.
    if (!(err instanceof GoneError)) throw err;
    deps.logger.info('connection gone while answering a message', { connectionId, type: message.type });
    await deps.store.removeConnection(connectionId);
  }
}

function dispatch(ctx: MessageContext, message: Message): Promise<void> {
  switch (message.type) {
    case MessageType.ConnectionInit:
      return onConnectionInit(ctx, message);
    case MessageType.Ping:
      return onPing(ctx, message);
    case MessageType.Pong:
      return onPong(ctx, message);
    case MessageType.Subscribe:
      return onSubscribe(ctx, message);
    case MessageType.Complete:
      return onComplete(ctx, message);
    default:
      // connection_ack, next, error: messages only a server sends.
      return ctx.close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
  }
}

/** `$disconnect` (best effort on AWS: the fan-out's 410 handling and the sweeper cover a missed one). */
export async function handleDisconnect(deps: ProtocolDeps, connectionId: string): Promise<void> {
  await deps.store.removeConnection(connectionId);
}
