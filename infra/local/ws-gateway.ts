/**
 * The local stand-in for API Gateway's WebSocket API, as a plugin of the
 * embedded server:
 *
 * - a `ws` server on `/graphql` (subprotocol graphql-transport-ws) that turns
 *   socket events into API-Gateway-shaped WebSocket events (`$connect`,
 *   `$default`, `$disconnect`) for the same ws handler Lambda runs;
 * - the management API at `/@connections/{id}` that the real
 *   `ApiGatewayManagementApiClient` is pointed at: POST sends, DELETE closes,
 *   GET describes; an unknown or closed connection answers 410 GoneException.
 *
 * It enforces API Gateway's limits: 128 KB per message (a bigger client
 * message closes the socket with 1009; a bigger POST answers 413
 * PayloadTooLargeException), a 10-minute idle timeout and a 2-hour maximum
 * connection time (both close with 1001). Unlike API Gateway it delivers the
 * close code the protocol core chose: a DELETE may carry it in `x-close-code`
 * / `x-close-reason` headers or `?code=` / `?reason=`; API Gateway ignores
 * both (DeleteConnection has no code). Differences on purpose: `$connect` has
 * no authorizer stage here (the ws handler verifies `?token=` itself), and
 * one connection's messages reach the handler one at a time, in order, where
 * API Gateway may invoke concurrently.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '../../functions/core/logger.js';
import type { WsEvent, WsHandler, WsResult } from '../../functions/core/realtime/ws-event.js';
import type { LocalServerPlugin } from './embedded.js';

export interface WsGatewayOptions {
  handler: WsHandler;
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

interface LocalConnection {
  id: string;
  ws: WebSocket;
  connectedAt: number;
  lastActiveAt: number;
  sourceIp: string;
  userAgent: string;
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

const CONNECTIONS = '/@connections/';

export function createWsGateway(options: WsGatewayOptions): WsGateway {
  const path = options.path ?? '/graphql';
  const maxBytes = options.maxMessageBytes ?? 128 * 1024;
  const idleMs = options.idleTimeoutMs ?? 10 * 60 * 1000;
  const maxMs = options.maxConnectionMs === undefined ? 2 * 60 * 60 * 1000 : options.maxConnectionMs;
  const { handler, logger } = options;
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
    extra: Partial<WsEvent> = {},
  ) => {
    const routeKey = eventType === 'CONNECT' ? '$connect' : eventType === 'DISCONNECT' ? '$disconnect' : '$default';
    return track(
      handler({ requestContext: { routeKey, eventType, connectionId }, isBase64Encoded: false, ...extra }).catch(
        (err): WsResult => {
          logger.error('ws handler threw', { connectionId, routeKey, err });
          return { statusCode: 500 };
        },
      ),
    );
  };

  const touch = (c: LocalConnection) => {
    c.lastActiveAt = Date.now();
    if (c.idle) clearTimeout(c.idle);
    c.idle = setTimeout(() => c.ws.close(1001, 'Going away (idle timeout)'), idleMs);
    c.idle.unref();
  };

  const register = (ws: WebSocket, id: string, req: IncomingMessage) => {
    const c: LocalConnection = {
      id,
      ws,
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
      c.queue = c.queue.then(() => invoke(id, 'MESSAGE', { body, isBase64Encoded: isBinary }));
    });
    ws.on('close', () => {
      if (c.idle) clearTimeout(c.idle);
      if (c.max) clearTimeout(c.max);
      if (connections.get(id) === c) connections.delete(id);
      if (!c.severed && !closing) c.queue = c.queue.then(() => invoke(id, 'DISCONNECT'));
    });
    ws.on('error', (err) => logger.debug('ws socket error', { connectionId: id, err }));
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== path || closing) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    // Like API Gateway: an id per connection, $connect decides before the handshake completes.
    const id = randomBytes(10).toString('base64');
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(',') : v;
    const query = Object.fromEntries(url.searchParams);
    stats.connects++;
    void invoke(id, 'CONNECT', {
      headers,
      queryStringParameters: Object.keys(query).length > 0 ? query : null,
    }).then((result) => {
      const status = result.statusCode ?? 200;
      if (status < 200 || status >= 300 || socket.destroyed) {
        socket.end(`HTTP/1.1 ${status} Rejected\r\nConnection: close\r\n\r\n`);
        return;
      }
      const protocol = Object.entries(result.headers ?? {}).find(
        ([k]) => k.toLowerCase() === 'sec-websocket-protocol',
      )?.[1];
      if (protocol) chosen.set(req, protocol);
      wss.handleUpgrade(req, socket, head, (ws) => register(ws, id, req));
    });
  };

  const reply = (res: ServerResponse, status: number, body?: unknown, errorType?: string) => {
    res.writeHead(status, {
      'content-type': 'application/json',
      ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
    });
    res.end(body === undefined ? '' : JSON.stringify(body));
  };

  const readBody = async (req: IncomingMessage): Promise<Buffer | null> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) return null;
      chunks.push(chunk as Buffer);
    }
    return Buffer.concat(chunks);
  };

  const manage = async (req: IncomingMessage, res: ServerResponse, id: string, url: URL) => {
    const c = connections.get(id);
    const open = c && c.ws.readyState === c.ws.OPEN;
    if (req.method === 'POST') {
      const body = await readBody(req);
      if (body === null) {
        stats.tooLarge++;
        req.resume();
        return reply(res, 413, { message: 'Message too long' }, 'PayloadTooLargeException');
      }
      if (!open) {
        stats.gone++;
        return reply(res, 410, { message: 'Gone' }, 'GoneException');
      }
      stats.posts++;
      await new Promise<void>((resolve) => c.ws.send(body.toString('utf8'), () => resolve()));
      touch(c);
      return reply(res, 200);
    }
    if (req.method === 'DELETE') {
      if (!open) {
        stats.gone++;
        return reply(res, 410, { message: 'Gone' }, 'GoneException');
      }
      const codeText = (req.headers['x-close-code'] as string | undefined) ?? url.searchParams.get('code') ?? '1000';
      const reasonText = (req.headers['x-close-reason'] as string | undefined) ?? url.searchParams.get('reason') ?? '';
      const code = Number(codeText);
      let reason = decodeURIComponent(reasonText);
      // A close reason may be at most 123 bytes.
      while (Buffer.byteLength(reason) > 123) reason = reason.slice(0, -1);
      stats.closes++;
      c.ws.close(
        Number.isInteger(code) && (code === 1000 || (code >= 3000 && code < 5000) || code === 1001 || code === 1011)
          ? code
          : 1000,
        reason,
      );
      return reply(res, 204);
    }
    if (req.method === 'GET') {
      if (!c) return reply(res, 410, { message: 'Gone' }, 'GoneException');
      return reply(res, 200, {
        ConnectedAt: new Date(c.connectedAt).toISOString(),
        LastActiveAt: new Date(c.lastActiveAt).toISOString(),
        Identity: { SourceIp: c.sourceIp, UserAgent: c.userAgent },
      });
    }
    return reply(res, 405, { message: `Method ${req.method} not allowed` });
  };

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
    handleRequest(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!url.pathname.startsWith(CONNECTIONS)) return false;
      const id = decodeURIComponent(url.pathname.slice(CONNECTIONS.length));
      return manage(req, res, id, url).then(() => true);
    },
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
