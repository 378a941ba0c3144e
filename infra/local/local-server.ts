/**
 * The embedded runtime's HTTP server: the stand-in for API Gateway's HTTP API
 * and CloudFront on one port. It owns the routing (plugins such as the
 * WebSocket gateway first, then the HTTP API's paths, `/healthz` and
 * `/graphql`, through the stage's throttle and JWT authorizer
 * (aws/http-api-stage.ts) to the same Lambda http handler AWS runs, then the
 * web client's static files) and the gate, and it declares the plugin
 * contract, so plugins import this module and never the composer (embedded.ts).
 *
 * The gate: from the moment the port is open until the hub is composed, every
 * request is answered 503 with `Retry-After` (nothing waits unanswered);
 * while the demo seed runs, `/healthz` answers 503 with the progress, other
 * HTTP requests wait for it, and WebSocket upgrades are refused 503 with
 * `Retry-After` (a socket would see half-seeded data and the seed's events).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { HttpHandler } from '../../functions/core/http/lambda-http.js';
import { LIMIT_MESSAGES } from '../../functions/core/limits/messages.js';
import type { Logger } from '../../functions/core/logger.js';
import type { HttpApiStage } from './aws/http-api-stage.js';
import { toHttpEvent, writeHttpResult } from './http-bridge.js';
import { inMemorySocketPair } from './in-memory-socket.js';
import { serveStatic } from './static-files.js';

/** Something that adds routes or upgrades to the local server (the WebSocket gateway does). */
export interface LocalServerPlugin {
  /** Return true when the request was handled. */
  handleRequest?(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** A WebSocket upgrade past the gate (the server owns the `upgrade` event). */
  handleUpgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  close?(): Promise<void>;
}

/** What the server routes to once the hub is composed. */
export interface LocalRoutes {
  httpHandler: HttpHandler;
  /** API Gateway's HTTP API in front of the handler: throttle, routes, JWT authorizer. */
  stage: HttpApiStage;
  /** Folder of the built web client. */
  webRoot: string;
  /** Served as the web client's `config.json`. */
  clientConfig: Record<string, unknown>;
}

export interface LocalServer {
  readonly server: Server;
  readonly port: number;
  readonly url: string;
  /** Plugins answer before the routes and before the seeding gate. */
  use(plugin: LocalServerPlugin): void;
  /** Starts routing; requests that arrive earlier are answered 503 with Retry-After. */
  route(routes: LocalRoutes): void;
  /**
   * Until `ready` settles, requests wait (nothing half-seeded is ever served)
   * and `/healthz` answers 503 with `progress()`.
   */
  holdUntil(ready: Promise<void>, progress: () => unknown): void;
  /**
   * A connection to this server that does not go through the kernel: HTTP over an in-memory stream
   * (in-memory-socket.ts). The local gateway's `@connections` posts use it (apigw-socket.ts).
   */
  connectInMemory(): Duplex;
  /** Connections made by `connectInMemory` so far. */
  readonly inMemoryConnections: number;
  /** Closes the plugins, then every connection and the port. */
  close(): Promise<void>;
}

export interface LocalServerOptions {
  port?: number;
  host?: string;
  logger: Logger;
}

function notFound(res: ServerResponse, path: string) {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ message: `Not found: ${path}`, extensions: { code: 'BAD_USER_INPUT' } }] }));
}

/** Seconds a client should wait before retrying while the hub starts or seeds. */
const RETRY_AFTER_SECONDS = 1;

function unavailable(res: ServerResponse, body: Record<string, unknown>) {
  res.writeHead(503, { 'content-type': 'application/json', 'retry-after': String(RETRY_AFTER_SECONDS) });
  res.end(JSON.stringify({ ok: false, ...body }));
}

function refuseUpgrade(socket: Duplex, message: string) {
  const body = JSON.stringify({ message });
  socket.end(
    `HTTP/1.1 503 Service Unavailable\r\nRetry-After: ${RETRY_AFTER_SECONDS}\r\nConnection: close\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function failed(res: ServerResponse, err: unknown, logger: Logger) {
  const status = (err as { status?: number }).status ?? 500;
  if (status === 500) logger.error('local server error', { err });
  const tooLarge = status === 413;
  // A refused body is left unread: the connection closes, so the client's next request gets a fresh one.
  if (tooLarge) res.shouldKeepAlive = false;
  if (!res.headersSent) {
    res.writeHead(status, { 'content-type': 'application/json', ...(tooLarge ? { connection: 'close' } : {}) });
  }
  res.end(
    JSON.stringify({
      errors: [
        {
          message: tooLarge ? LIMIT_MESSAGES.bodyTooLarge('6 MB') : 'Internal error',
          extensions: { code: tooLarge ? 'BAD_USER_INPUT' : 'INTERNAL' },
        },
      ],
    }),
  );
  const socket = res.socket;
  if (tooLarge) res.once('finish', () => socket?.destroySoon());
}

/** Opens the port first: the hub's config needs it (the management endpoint is on the same port). */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { logger } = options;
  const plugins: LocalServerPlugin[] = [];
  let routes: LocalRoutes | null = null;
  let ready: Promise<void> = Promise.resolve();
  let progress: (() => unknown) | null = null;

  // The in-memory connections' server ends, destroyed on close as closeAllConnections does for sockets.
  const open = new Set<Duplex>();
  let inMemoryConnections = 0;
  const server = createServer(async (req, res) => {
    try {
      // Plugins answer at once: the fan-out posts to the gateway's @connections while seeding.
      for (const p of plugins) if (p.handleRequest && (await p.handleRequest(req, res))) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (!routes) {
        // The port is open before the hub is composed (the config needs the port): answer, never hang.
        req.resume();
        unavailable(res, { status: 'starting', message: LIMIT_MESSAGES.starting });
        return;
      }
      const { httpHandler, webRoot, clientConfig, stage } = routes;
      if (stage.servesPath(path)) {
        // API Gateway throttles and authorizes before anything else, seeding or not.
        const decision = await stage.admit({ method: req.method ?? 'GET', path, headers: req.headers });
        if (!decision.invoke) {
          req.resume();
          res.writeHead(decision.status, decision.headers);
          res.end(decision.body);
          return;
        }
        if (progress && path === '/healthz') {
          unavailable(res, { status: 'seeding demo data', progress: progress() });
          return;
        }
        await ready;
        writeHttpResult(res, await httpHandler(await toHttpEvent(req)));
        return;
      }
      await ready;
      if ((req.method === 'GET' || req.method === 'HEAD') && serveStatic(webRoot, path, res, clientConfig)) return;
      notFound(res, path);
    } catch (err) {
      failed(res, err, logger);
    }
  });
  // The server owns `upgrade`: before the hub is composed and while it seeds, a WebSocket is refused 503.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (!routes) return refuseUpgrade(socket, LIMIT_MESSAGES.starting);
    if (progress) return refuseUpgrade(socket, LIMIT_MESSAGES.seeding);
    const plugin = plugins.find((p) => p.handleUpgrade);
    if (!plugin?.handleUpgrade) return refuseUpgrade(socket, LIMIT_MESSAGES.starting);
    plugin.handleUpgrade(req, socket, head);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    url: `http://localhost:${port}`,
    use(plugin) {
      plugins.push(plugin);
    },
    route: (r) => {
      routes = r;
    },
    holdUntil(until, report) {
      progress = report;
      ready = until;
      // A failed seed surfaces as a 500 to the requests that waited for it, as any failure would.
      const settled = () => {
        if (ready === until) progress = null;
      };
      until.then(settled, settled);
    },
    connectInMemory() {
      const { client, server: end } = inMemorySocketPair();
      open.add(end);
      end.once('close', () => open.delete(end));
      inMemoryConnections++;
      server.emit('connection', end);
      return client;
    },
    get inMemoryConnections() {
      return inMemoryConnections;
    },
    async close() {
      for (const p of plugins) await p.close?.();
      for (const end of open) end.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
