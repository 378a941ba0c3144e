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
 * It enforces API Gateway's limits: 128 KB per message (a bigger client
 * message closes the socket with 1009; a bigger POST answers 413), a
 * 10-minute idle timeout and a 2-hour maximum connection time (both close
 * with 1001). Differences on purpose: the close code the protocol core chose
 * is delivered (see ws-management-api.ts), and one connection's messages
 * reach the handler one at a time, in order, where API Gateway may invoke
 * concurrently.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../functions/core/logger.js';
import { type ConnectAuthRequest, isAllowed } from '../../functions/core/realtime/protocol/connect-auth.js';
import type { WsEvent, WsHandler, WsResult } from '../../functions/core/realtime/protocol/ws-event.js';
import type { LocalServerPlugin } from './local-server.js';
import { createManagementApi, type ManagedConnection } from './ws-management-api.js';

export interface WsGatewayOptions {
  handler: WsHandler;
  /** The `$connect` REQUEST authorizer, as the stack wires it on AWS (connect-auth.ts `authorizeConnect`). */
  authorize: (request: ConnectAuthRequest) => Promise<APIGatewayAuthorizerResult>;
  logger: Logger;
  /** Path clients connect to. Default `/graphql`. */
  path?: string;
  /** API Gateway: 128 KB. */
  maxMessageBytes?: number;
  /** Closes a connection without traffic in either direction. API Gateway: 10 minutes. */
  idleTimeoutMs?: number;
  /** Closes every connection after this long; null for no limit. API Gateway: 2 hours. */
  maxConnectionMs?: number | null;
  /** The scheduled sweeper (init timeouts, expired rows), run every `sweepIntervalMs`. */
  sweep?: () => Promise<unknown>;
  /** Default 5 s (on AWS: every 5 minutes). */
  sweepIntervalMs?: number;
}

interface LocalConnection extends ManagedConnection {
  id: string;
  /** `requestContext.authorizer` of every event of this connection. */
  authorizer: Record<string, unknown>;
  /** Messages to the handler, one at a time. */
  queue: Promise<unknown>;
  idle: NodeJS.Timeout | null;
  max: NodeJS.Timeout | null;
  /** Set when the socket was dropped without `$disconnect` (see `sever`). */
  severed: boolean;
}

export interface WsGateway extends LocalServerPlugin {
  readonly connections: ReadonlyMap<string, { connectedAt: number; lastActiveAt: number }>;
  /**
   * Drops a connection's socket without telling the handler, as when API
   * Gateway's best-effort `$disconnect` is lost: its rows stay until a post
   * gets 410 or the sweeper runs. For tests.
   */
  sever(connectionId: string): void;
  stats: { connects: number; messages: number; posts: number; closes: number; gone: number; tooLarge: number };
}

/** The `methodArn` the authorizer sees locally (API Gateway's shape, a local account and API). */
const LOCAL_CONNECT_ARN = 'arn:aws:execute-api:local:000000000000:local/local/$connect';

/** What API Gateway answers a refused upgrade with; the handler is not invoked. */
const refuse = (socket: Duplex, status: number, text: string) =>
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);

/** API Gateway's `requestContext.authorizer` of a Lambda REQUEST authorizer: its context plus the principal id. */
const authorizerContext = (result: APIGatewayAuthorizerResult, latencyMs: number): Record<string, unknown> => ({
  ...result.context,
  principalId: result.principalId,
  integrationLatency: latencyMs,
});

export function createWsGateway(options: WsGatewayOptions): WsGateway {
  const path = options.path ?? '/graphql';
  const maxBytes = options.maxMessageBytes ?? 128 * 1024;
  const idleMs = options.idleTimeoutMs ?? 10 * 60 * 1000;
  const maxMs = options.maxConnectionMs === undefined ? 2 * 60 * 60 * 1000 : options.maxConnectionMs;
  const { handler, authorize, logger } = options;
  const connections = new Map<string, LocalConnection>();
  const inflight = new Set<Promise<unknown>>();
  const stats = { connects: 0, messages: 0, posts: 0, closes: 0, gone: 0, tooLarge: 0 };
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
    if (c.idle) clearTimeout(c.idle);
    c.idle = setTimeout(() => c.ws.close(1001, 'Going away (idle timeout)'), idleMs);
    c.idle.unref();
  };

  const register = (ws: WebSocket, id: string, req: IncomingMessage, authorizer: Record<string, unknown>) => {
    const c: LocalConnection = {
      id,
      ws,
      authorizer,
      connectedAt: Date.now(),
      lastActiveAt: Date.now(),
      sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
      userAgent: req.headers['user-agent'] ?? '',
      queue: Promise.resolve(),
      idle: null,
      max: null,
      severed: false,
    };
    connections.set(id, c);
    touch(c);
    if (maxMs !== null) {
      c.max = setTimeout(() => ws.close(1001, 'Going away (maximum connection duration)'), maxMs);
      c.max.unref();
    }
    ws.on('message', (data, isBinary) => {
      touch(c);
      stats.messages++;
      const body = isBinary
        ? Buffer.from(data as Buffer).toString('base64')
        : Buffer.isBuffer(data)
          ? data.toString('utf8')
          : Buffer.concat(data as Buffer[]).toString('utf8');
      c.queue = c.queue.then(() => invoke(id, 'MESSAGE', authorizer, { body, isBase64Encoded: isBinary }));
    });
    ws.on('close', () => {
      if (c.idle) clearTimeout(c.idle);
      if (c.max) clearTimeout(c.max);
      if (connections.get(id) === c) connections.delete(id);
      if (!c.severed && !closing) c.queue = c.queue.then(() => invoke(id, 'DISCONNECT', authorizer));
    });
    ws.on('error', (err) => logger.debug('ws socket error', { connectionId: id, err }));
  };

  /** The authorizer stage: its `requestContext.authorizer`, or null when the upgrade was refused. */
  const authorizeUpgrade = async (socket: Duplex, query: Record<string, string>) => {
    const started = Date.now();
    try {
      const result = await authorize({ methodArn: LOCAL_CONNECT_ARN, queryStringParameters: query });
      if (isAllowed(result)) return authorizerContext(result, Date.now() - started);
      refuse(socket, 403, 'Forbidden');
    } catch (err) {
      // API Gateway answers an authorizer that fails with 500 and does not invoke $connect.
      logger.error('ws $connect authorizer failed', { err });
      refuse(socket, 500, 'Internal Server Error');
    }
    return null;
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path || closing) {
      refuse(socket, 404, 'Not Found');
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
        const authorizer = await authorizeUpgrade(socket, query);
        if (!authorizer) return;
        const result = await invoke(id, 'CONNECT', authorizer, {
          headers,
          queryStringParameters: Object.keys(query).length > 0 ? query : null,
        });
        const status = result.statusCode ?? 200;
        if (status < 200 || status >= 300 || socket.destroyed) {
          refuse(socket, status, 'Rejected');
          return;
        }
        const protocol = Object.entries(result.headers ?? {}).find(
          ([k]) => k.toLowerCase() === 'sec-websocket-protocol',
        )?.[1];
        if (protocol) chosen.set(req, protocol);
        wss.handleUpgrade(req, socket, head, (ws) => register(ws, id, req, authorizer));
      })(),
    );
  };

  const handleRequest = createManagementApi({ connections, stats, maxMessageBytes: maxBytes, touch });

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
    attach(server: Server) {
      server.on('upgrade', onUpgrade);
    },
    handleRequest,
    sever(connectionId) {
      const c = connections.get(connectionId);
      if (!c) return;
      c.severed = true;
      connections.delete(connectionId);
      c.ws.terminate();
    },
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
