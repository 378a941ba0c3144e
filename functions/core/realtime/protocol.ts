/**
 * graphql-transport-ws, one message per invocation (API Gateway WebSocket
 * delivers `$connect`, each message on `$default`, and `$disconnect` as
 * separate Lambda calls). The state that graphql-ws keeps in memory lives in
 * the connection store; the protocol core decides every close code and talks
 * only to a RealtimeSocket, never to a transport.
 */
import { CloseCode, type Message, MessageType, parseMessage } from 'graphql-ws';
import type { Principal } from '../../../schema/model.js';
import type { TokenVerifier } from '../auth/verify-token.js';
import type { Logger } from '../logger.js';
import type { Backfiller } from './backfill.js';
import { type ConnectionRecord, type ConnectionStore, toEpochSeconds } from './connection-store.js';
import { onComplete } from './messages/complete.js';
import { onConnectionInit } from './messages/connection-init.js';
import { onPing } from './messages/ping.js';
import { onPong } from './messages/pong.js';
import { onSubscribe } from './messages/subscribe.js';
import type { Operations } from './operations.js';
import type { RealtimeSocket, SocketFactory } from './socket.js';

/** API Gateway closes every WebSocket after 2 hours; rows live a little longer, then expire. */
export const CONNECTION_TTL_MS = 2 * 60 * 60 * 1000 + 5 * 60 * 1000;

export interface ProtocolDeps {
  store: ConnectionStore;
  socketFor: SocketFactory;
  verifyToken: TokenVerifier;
  operations: Operations;
  backfiller: Backfiller;
  logger: Logger;
  now: () => number;
  /** Time allowed between connect and an acknowledged `connection_init` (then 4408). */
  initTimeoutMs: number;
}

/** What a message handler gets: the connection as stored, and its socket. */
export interface MessageContext {
  deps: ProtocolDeps;
  connection: ConnectionRecord;
  socket: RealtimeSocket;
  /** Closes with a protocol code and forgets the connection at once (`$disconnect` may come late or never). */
  close(code: number, reason: string): Promise<void>;
}

export interface ConnectRequest {
  connectionId: string;
  /** `?token=` from the connect URL, if any. */
  token: string | null;
  /** Claims a `$connect` authorizer already verified (AWS), if any. */
  authorized: Principal | null;
}

/**
 * `$connect`. A principal from the authorizer or a valid `?token=` is kept
 * for `connection_init`. A bad `?token=` cannot be refused with a close code
 * here (the socket is not open yet): the connection is stored as rejected and
 * closed with 4403 at its first message (on AWS the authorizer has already
 * refused it with HTTP 403).
 */
export async function handleConnect(deps: ProtocolDeps, req: ConnectRequest): Promise<void> {
  let principal = req.authorized;
  let state: ConnectionRecord['state'] = 'connected';
  if (!principal && req.token) {
    try {
      principal = await deps.verifyToken(req.token);
    } catch (err) {
      deps.logger.info('connect with a bad token', { connectionId: req.connectionId, reason: (err as Error).message });
      state = 'rejected';
    }
  }
  const now = deps.now();
  await deps.store.putConnection({
    connectionId: req.connectionId,
    state,
    principal,
    connectedAt: now,
    initDeadline: now + deps.initTimeoutMs,
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
  if (connection.state === 'rejected') {
    await close(CloseCode.Forbidden, 'Forbidden');
    return;
  }
  const ctx: MessageContext = { deps, connection, socket, close };
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
      await close(CloseCode.BadRequest, `Unexpected message of type ${message.type} received`);
  }
}

/** `$disconnect` (best effort on AWS: the fan-out's 410 handling and the sweeper cover a missed one). */
export async function handleDisconnect(deps: ProtocolDeps, connectionId: string): Promise<void> {
  await deps.store.removeConnection(connectionId);
}
