/**
 * The embedded runtime's HTTP server: the stand-in for API Gateway's HTTP API
 * and CloudFront on one port. It owns the routing (plugins such as the
 * WebSocket gateway first, then the HTTP API's paths, `/healthz` and
 * `/graphql`, through the stage's throttle and JWT authorizer
 * (aws/http-api-stage.ts) to the same Lambda http handler AWS runs, then the
 * web client's static files) and the seeding gate, and it declares the plugin
 * contract, so plugins import this module and never the composer (embedded.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HttpHandler } from '../../functions/core/http/lambda-http.js';
import type { Logger } from '../../functions/core/logger.js';
import type { HttpApiStage } from './aws/http-api-stage.js';
import { toHttpEvent, writeHttpResult } from './http-bridge.js';
import { serveStatic } from './static-files.js';

/** Something that adds routes or upgrades to the local server (the WebSocket gateway does). */
export interface LocalServerPlugin {
  /** Return true when the request was handled. */
  handleRequest?(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  attach?(server: Server): void;
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
  /** Starts routing; requests that arrive earlier wait for it. */
  route(routes: LocalRoutes): void;
  /**
   * Until `ready` settles, requests wait (nothing half-seeded is ever served)
   * and `/healthz` answers 503 with `progress()`.
   */
  holdUntil(ready: Promise<void>, progress: () => unknown): void;
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

function failed(res: ServerResponse, err: unknown, logger: Logger) {
  const status = (err as { status?: number }).status ?? 500;
  if (status === 500) logger.error('local server error', { err });
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
  const tooLarge = status === 413;
  res.end(
    JSON.stringify({
      errors: [
        {
          message: tooLarge ? 'Request body too large (limit 6 MB)' : 'Internal error',
          extensions: { code: tooLarge ? 'BAD_USER_INPUT' : 'INTERNAL' },
        },
      ],
    }),
  );
}

/** Opens the port first: the hub's config needs it (the management endpoint is on the same port). */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const { logger } = options;
  const plugins: LocalServerPlugin[] = [];
  let setRoutes!: (r: LocalRoutes) => void;
  const routes = new Promise<LocalRoutes>((resolve) => {
    setRoutes = resolve;
  });
  let ready: Promise<void> = Promise.resolve();
  let progress: (() => unknown) | null = null;

  const server = createServer(async (req, res) => {
    try {
      // Plugins answer at once: the fan-out posts to the gateway's @connections while seeding.
      for (const p of plugins) if (p.handleRequest && (await p.handleRequest(req, res))) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const { httpHandler, webRoot, clientConfig, stage } = await routes;
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
          res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
          res.end(JSON.stringify({ ok: false, status: 'seeding demo data', progress: progress() }));
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
      plugin.attach?.(server);
    },
    route: (r) => setRoutes(r),
    holdUntil(until, report) {
      progress = report;
      ready = until;
      // A failed seed surfaces as a 500 to the requests that waited for it, as any failure would.
      const settled = () => {
        if (ready === until) progress = null;
      };
      until.then(settled, settled);
    },
    async close() {
      for (const p of plugins) await p.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
