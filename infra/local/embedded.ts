/**
 * The embedded runtime: dynalite on disk (or in memory), the same Lambda
 * handlers as AWS behind a local HTTP server, and a local stream that wakes
 * the stream handler after every log write. `npm start` and the integration
 * tests both start the hub through here.
 */
import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { HubConfig } from '../../functions/core/config/config.js';
import { type HttpHandler, makeHttpHandler } from '../../functions/core/http/lambda-http.js';
import { createHub } from '../../functions/core/hub.js';
import { logPk, seqSk } from '../../functions/core/log/keys.js';
import { createLogger, type Logger } from '../../functions/core/logger.js';
import { createRealtime, type Realtime } from '../../functions/core/realtime/realtime.js';
import { createRuntime, type Runtime } from '../../functions/core/runtime.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { makeStreamHandler } from '../../functions/core/stream/stream-handler.js';
import { DOMAINS } from '../../schema/model.js';
import { type EmbeddedStore, ensureTables, localDynamoClient, startDynalite } from './dynalite-store.js';
import { toHttpEvent, writeHttpResult } from './http-bridge.js';
import { ensureLocalKeys, generateLocalKeys, type LocalKeys } from './local-keys.js';
import { LocalStream } from './local-stream.js';
import { type SeedProgress, type SeedResult, seedDemoData } from './seed/seed.js';
import { serveStatic } from './static-files.js';
import { createWsGateway, type WsGateway, type WsGatewayOptions } from './ws-gateway.js';

export interface EmbeddedOptions {
  /** Folder for the store and the signing key; default `.data`. */
  dataDir?: string;
  /** Keep the store in memory (throwaway). The signing key is still kept under dataDir unless `ephemeralKeys`. */
  memory?: boolean;
  ephemeralKeys?: boolean;
  port?: number;
  host?: string;
  seed?: boolean;
  onSeedProgress?: (p: SeedProgress) => void;
  /** Called once the port is open, before seeding. */
  onListening?: (url: string) => void;
  logger?: Logger;
  webRoot?: string;
  /** Overrides for the hub (tests inject clocks, fault hooks). */
  configure?: Partial<HubConfig>;
  now?: () => Date;
  /** Local WebSocket gateway limits and sweep interval (tests shorten them). */
  ws?: Omit<WsGatewayOptions, 'handler' | 'logger' | 'sweep'>;
}

/** Something that adds routes or upgrades to the local server (the WebSocket gateway does). */
export interface LocalServerPlugin {
  /** Return true when the request was handled. */
  handleRequest?(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  attach?(server: Server): void;
  close?(): Promise<void>;
}

export interface EmbeddedHub {
  url: string;
  port: number;
  config: HubConfig;
  runtime: Runtime;
  stream: LocalStream;
  keys: LocalKeys;
  store: EmbeddedStore;
  httpHandler: HttpHandler;
  server: Server;
  seed: SeedResult | null;
  /** Connection store, fan-out and ws handler. */
  realtime: Realtime;
  /** The local API Gateway WebSocket stand-in on /graphql. */
  ws: WsGateway;
  use(plugin: LocalServerPlugin): void;
  close(): Promise<void>;
}

export const LOCAL_TABLES = { hubTable: 'guancheng-hub', connectionsTable: 'guancheng-connections' };

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedHub> {
  const dataDir = options.dataDir ?? '.data';
  const logger = options.logger ?? createLogger('info', { runtime: 'embedded' });
  if (!options.memory) mkdirSync(join(dataDir, 'store'), { recursive: true });
  const store = await startDynalite({ path: options.memory ? undefined : join(dataDir, 'store') });
  const client = localDynamoClient(store);
  const stream = new LocalStream(LOCAL_TABLES.hubTable, logger);
  stream.watch(client);
  await ensureTables(client, LOCAL_TABLES);
  const keys = options.ephemeralKeys ? await generateLocalKeys() : await ensureLocalKeys(dataDir);

  const plugins: LocalServerPlugin[] = [];
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4000, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://localhost:${port}`;
  options.onListening?.(url);

  const config: HubConfig = {
    stage: 'local',
    region: 'local',
    dynamoEndpoint: store.endpoint,
    ...LOCAL_TABLES,
    wsManagementEndpoint: `http://127.0.0.1:${port}`,
    auth: { localPublicKeyPem: keys.publicKeyPem },
    webOrigin: '*',
    logLevel: 'info',
    projectOnWrite: true,
    ...options.configure,
  };
  const ddb = documentClient(client);
  const runtime = createRuntime(config, { ddb, logger, graphiql: true, hub: options.now ? { now: options.now } : {} });
  const realtime = createRealtime(runtime);
  stream.attach(makeStreamHandler({ projector: runtime.hub.projector, fanOut: realtime.fanOut, logger }));
  // A previous run may have stopped between an append and its projection (a crash, a kill -9):
  // wake every domain once, as the stream would, so read models and subscribers catch up first.
  for (const d of DOMAINS) stream.push('MODIFY', { PK: { S: logPk(d) }, SK: { S: seqSk(0) } });
  await stream.idle();
  const ws = createWsGateway({ handler: realtime.wsHandler, logger, sweep: realtime.sweep, ...options.ws });
  plugins.push(ws);
  ws.attach?.(server);
  const httpHandler = makeHttpHandler(runtime.graphql, logger);
  const webRoot = options.webRoot ?? 'web/dist';
  const clientConfig = { graphqlUrl: '/graphql', websocketUrl: '/graphql', auth: { mode: 'local' } };

  // Until seeding is done, requests wait (nothing half-seeded is ever served),
  // except /healthz, which says 503 "seeding" with the progress so far.
  let ready: Promise<void> = Promise.resolve();
  let seeding: SeedProgress[] | null = null;
  server.on('request', async (req, res) => {
    try {
      // Plugins answer at once: the fan-out posts to the gateway's @connections while seeding.
      for (const p of plugins) if (p.handleRequest && (await p.handleRequest(req, res))) return;
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      if (seeding && path === '/healthz') {
        res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '2' });
        res.end(JSON.stringify({ ok: false, status: 'seeding demo data', progress: seeding }));
        return;
      }
      await ready;
      if (path === '/graphql' || path === '/healthz') {
        writeHttpResult(res, await httpHandler(await toHttpEvent(req)));
        return;
      }
      if ((req.method === 'GET' || req.method === 'HEAD') && serveStatic(webRoot, path, res, clientConfig)) return;
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `Not found: ${path}`, extensions: { code: 'BAD_USER_INPUT' } }] }));
    } catch (err) {
      const status = (err as { status?: number }).status ?? 500;
      if (status === 500) logger.error('local server error', { err });
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          errors: [
            {
              message: status === 413 ? 'Request body too large (limit 6 MB)' : 'Internal error',
              extensions: { code: status === 413 ? 'BAD_USER_INPUT' : 'INTERNAL' },
            },
          ],
        }),
      );
    }
  });

  let seed: SeedResult | null = null;
  if (options.seed) {
    // The seed writes through its own hub with projection left to the stream, which batches it.
    const seedHub = createHub({
      ddb,
      hubTable: config.hubTable,
      projectOnWrite: false,
      logger,
      now: options.now,
      sharedProjector: runtime.hub.projector,
    });
    const progress = new Map<string, SeedProgress>();
    seeding = [];
    const onProgress = (p: SeedProgress) => {
      progress.set(p.domain, p);
      seeding = [...progress.values()];
      options.onSeedProgress?.(p);
    };
    const run = seedDemoData(seedHub, { onProgress, now: options.now?.() }).then(async (r) => {
      seed = r;
      await stream.idle();
      for (const d of ['reference', 'construction', 'sorting', 'housing'] as const)
        await runtime.hub.projector.catchUp(d);
    });
    ready = run;
    try {
      await run;
    } finally {
      seeding = null;
    }
  }

  return {
    url,
    port,
    config,
    runtime,
    stream,
    keys,
    store,
    httpHandler,
    server,
    realtime,
    ws,
    get seed() {
      return seed;
    },
    use(plugin) {
      plugins.push(plugin);
      plugin.attach?.(server);
    },
    async close() {
      // Deliveries in flight still need the gateway.
      await stream.idle();
      for (const p of plugins) await p.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await stream.idle();
      await store.close();
    },
  };
}
