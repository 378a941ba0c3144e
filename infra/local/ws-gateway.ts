/**
 * The local stand-in for API Gateway's WebSocket API, as a plugin of the
 * local server (local-server.ts):
 *
 * - a `ws` server on `/graphql` (subprotocol graphql-transport-ws) that turns
 *   socket events into API-Gateway-shaped WebSocket events (`$connect`,
 *   `$default`, `$disconnect`) for the same ws handler Lambda runs;
 * - before `$connect`, the same REQUEST authorizer AWS runs
 *   (functions/core/realtime/protocol/connect-auth.ts) on the upgrade request:
 *   a Deny refuses the upgrade with 403 and the handler never hears of it; an
 *   Allow puts its context into `requestContext.authorizer` of every event of
 *   that connection, as API Gateway does;
 * - the management API at `/@connections/{id}` (ws-management-api.ts).
 *
 * It enforces API Gateway's limits (numbers from aws/service-limits.ts, each
 * compressible through the options for tests): a client frame over 32 KB
 * (aws/ws-frame-limit.ts) or a message over 128 KB closes the socket with
 * 1009 and never reaches the handler; a POST over 128 KB answers 413; a
 * 10-minute idle timeout and a 2-hour maximum connection time both close with
 * 1001. Like API Gateway, it invokes `$default` once per message as messages
 * arrive, without waiting for the previous invocation of that connection:
 * messages of one connection run concurrently, and `$disconnect` may run
 * while some are still in flight. Management API faults (latency, 429, 410)
 * can be injected (aws/management-faults.ts). Difference on purpose: the close
 * code the protocol core chose is delivered (see ws-management-api.ts).
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../functions/core/logger.js';
import type { WsEvent, WsHandler, WsResult } from '../../functions/core/realtime/protocol/ws-event.js';
import { createManagementFaults, type ManagementFaultOptions, type ManagementFaults } from './aws/management-faults.js';
import { API_GATEWAY_WEBSOCKET } from './aws/service-limits.js';
import { authorizeUpgrade, type ConnectAuthorizer, refuseUpgrade } from './aws/ws-connect-authorizer.js';
import { type ConnectionLimits, type LimitWatch, watchConnectionLimits } from './aws/ws-connection-limits.js';
import type { LocalServerPlugin } from './local-server.js';
import { createManagementApi, type ManageConnectionsGuard, type ManagedConnection } from './ws-management-api.js';

export interface WsGatewayOptions {
  handler: WsHandler;
  /** The `$connect` REQUEST authorizer, as the stack wires it on AWS (connect-auth.ts `authorizeConnect`). */
  authorize: ConnectAuthorizer;
  logger: Logger;
  /** Path clients connect to. Default `/graphql`. */
  path?: string;
  /** A client frame over this closes with 1009. API Gateway: 32 KB. */
  maxFrameBytes?: number;
  /** A client message or a POST over this is refused (1009 / 413). API Gateway: 128 KB. */
  maxMessageBytes?: number;
  /** Closes a connection without traffic in either direction. API Gateway: 10 minutes. */
  idleTimeoutMs?: number;
  /** Closes every connection after this long; null for no limit. API Gateway: 2 hours. */
  maxConnectionMs?: number | null;
  /** Faults of PostToConnection to inject from the start (they can be changed later: `managementFaults`). */
  managementFaults?: ManagementFaultOptions;
  /** Who may call the management API (emulated IAM, aws/manage-connections-guard.ts); default anyone. */
  manageConnections?: ManageConnectionsGuard;
  /** The scheduled sweeper (init timeouts, expired rows), run every `sweepIntervalMs`. */
  sweep?: () => Promise<unknown>;
  /** Default 5 s (on AWS: every 5 minutes). */
  sweepIntervalMs?: number;
  /**
   * Invoke a connection's `$default` one message after the other. Not what API
   * Gateway does (off by default): for tests of one message's meaning in a
   * known order, where concurrency is not the subject.
   */
  orderedMessages?: boolean;
}

interface LocalConnection extends ManagedConnection {
  id: string;
  /** `requestContext.authorizer` of every event of this connection. */
  authorizer: Record<string, unknown>;
  /** API Gateway's frame, idle and duration limits on this connection. */
  limits: LimitWatch;
  /** Set when the socket was dropped without `$disconnect` (see `sever`). */
  severed: boolean;
  /** The last `$default` invocation, when `orderedMessages`. */
  inOrder: Promise<unknown>;
}

export interface WsGateway extends LocalServerPlugin {
  readonly connections: ReadonlyMap<string, { connectedAt: number; lastActiveAt: number }>;
  /**
   * Drops a connection's socket without telling the handler, as when API
   * Gateway's best-effort `$disconnect` is lost: its rows stay until a post
   * gets 410 or the sweeper runs. For tests.
   */
  sever(connectionId: string): void;
  stats: {
    connects: number;
    messages: number;
    posts: number;
    closes: number;
    gone: number;
    tooLarge: number;
    idleClosed: number;
    maxDurationClosed: number;
  };
  /** The injected management API faults; `configure` them at any time. */
  readonly managementFaults: ManagementFaults;
}

export function createWsGateway(options: WsGatewayOptions): WsGateway {
  const path = options.path ?? '/graphql';
  const maxBytes = options.maxMessageBytes ?? API_GATEWAY_WEBSOCKET.maxMessageBytes;
  const limits: ConnectionLimits = {
    maxFrameBytes: options.maxFrameBytes ?? API_GATEWAY_WEBSOCKET.maxFrameBytes,
    idleTimeoutMs: options.idleTimeoutMs ?? API_GATEWAY_WEBSOCKET.idleTimeoutMs,
    maxConnectionMs:
      options.maxConnectionMs === undefined ? API_GATEWAY_WEBSOCKET.maxConnectionMs : options.maxConnectionMs,
  };
  const { handler, authorize, logger } = options;
  const connections = new Map<string, LocalConnection>();
  const inflight = new Set<Promise<unknown>>();
  const stats = {
    connects: 0,
    messages: 0,
    posts: 0,
    closes: 0,
    gone: 0,
    tooLarge: 0,
    idleClosed: 0,
    maxDurationClosed: 0,
  };
  const managementFaults = createManagementFaults(options.managementFaults);
  let closing = false;
  // The handshake's chosen subprotocol, from the $connect response.
  const chosen = new WeakMap<IncomingMessage, string>();
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: maxBytes,
    handleProtocols: (_protocols, req) => chosen.get(req) ?? false,
  });

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => {});
    return p;
  };

  const invoke = (
    connectionId: string,
    eventType: WsEvent['requestContext']['eventType'],
    authorizer: Record<string, unknown>,
    extra: Partial<WsEvent> = {},
  ) => {
    const routeKey = eventType === 'CONNECT' ? '$connect' : eventType === 'DISCONNECT' ? '$disconnect' : '$default';
    const requestContext = { routeKey, eventType, connectionId, authorizer };
    return track(
      handler({ requestContext, isBase64Encoded: false, ...extra }).catch((err): WsResult => {
        logger.error('ws handler threw', { connectionId, routeKey, err });
        return { statusCode: 500 };
      }),
    );
  };

  const touch = (c: LocalConnection) => {
    c.lastActiveAt = Date.now();
    c.limits.touch();
  };

  const register = (
    ws: WebSocket,
    id: string,
    req: IncomingMessage,
    socket: Duplex,
    authorizer: Record<string, unknown>,
  ) => {
    const c: LocalConnection = {
      id,
      ws,
      authorizer,
      connectedAt: Date.now(),
      lastActiveAt: Date.now(),
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: req.headers['user-agent'] ?? '',
      limits: watchConnectionLimits(ws, socket, limits, (reason, detail) => {
        if (reason === 'idle') stats.idleClosed++;
        else if (reason === 'max-duration') stats.maxDurationClosed++;
        else stats.tooLarge++;
        logger.info('ws connection limit reached; closing', { connectionId: id, reason, ...detail });
      }),
      severed: false,
      inOrder: Promise.resolve(),
    };
    connections.set(id, c);
    ws.on('message', (data, isBinary) => {
      if (c.limits.refused) return;
      touch(c);
      stats.messages++;
      const body = isBinary
        ? Buffer.from(data as Buffer).toString('base64')
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.concat(data as Buffer[]).toString('utf8');
      // No queue: API Gateway invokes $default per message without waiting for the previous one.
      const run = () => invoke(id, 'MESSAGE', authorizer, { body, isBase64Encoded: isBinary });
      if (options.orderedMessages) c.inOrder = c.inOrder.then(run, run);
      else void run();
    });
    ws.on('close', () => {
      c.limits.stop();
      if (connections.get(id) === c) connections.delete(id);
      if (!c.severed && !closing) void invoke(id, 'DISCONNECT', authorizer);
    });
    ws.on('error', (err) => {
      // `ws` closes 1009 itself when a message (all its frames) is over maxPayload.
      if ((err as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') stats.tooLarge++;
      logger.debug('ws socket error', { connectionId: id, err });
    });
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path || closing) {
      refuseUpgrade(socket, 404, 'Not Found');
      return;
    }
    // Like API Gateway: an id per connection; the authorizer, then $connect, decide before the handshake completes.
    const id = randomBytes(10).toString('base64');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query = Object.fromEntries(url.searchParams);
    stats.connects++;
    void track(
      (async () => {
        const authorizer = await authorizeUpgrade(authorize, socket, query, logger);
        if (!authorizer) return;
        const result = await invoke(id, 'CONNECT', authorizer, {
          headers,
          queryStringParameters: Object.keys(query).length > 0 ? query : null,
        });
        const status = result.statusCode ?? 200;
        if (status < 200 || status >= 300 || socket.destroyed) {
          refuseUpgrade(socket, status, 'Rejected');
          return;
        }
        const protocol = Object.entries(result.headers ?? {}).find(
          ([k]) => k.toLowerCase() === 'sec-websocket-protocol',
        )?.[1];
        if (protocol) chosen.set(req, protocol);
        wss.handleUpgrade(req, socket, head, (ws) => register(ws, id, req, socket, authorizer));
      })(),
    );
  };

  const sever = (connectionId: string) => {
    const c = connections.get(connectionId);
    if (!c) return;
    c.severed = true;
    connections.delete(connectionId);
    c.ws.terminate();
  };

  const handleRequest = createManagementApi({
    connections,
    stats,
    maxMessageBytes: maxBytes,
    touch,
    faults: managementFaults,
    drop: sever,
    authorize: options.manageConnections,
  });

  let sweeper: NodeJS.Timeout | null = null;
  if (options.sweep) {
    const run = options.sweep;
    let busy = false;
    sweeper = setInterval(() => {
      if (busy || closing) return;
      busy = true;
      void track(run())
        .catch((err) => logger.error('sweep failed', { err }))
        .finally(() => {
          busy = false;
        });
    }, options.sweepIntervalMs ?? 5000);
    sweeper.unref();
  }

  return {
    connections,
    stats,
    handleUpgrade: onUpgrade,
    handleRequest,
    managementFaults,
    sever,
    async close() {
      closing = true;
      if (sweeper) clearInterval(sweeper);
      for (const c of connections.values()) c.ws.terminate();
      connections.clear();
      while (inflight.size > 0) await Promise.allSettled([...inflight]);
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
