/**
 * The embedded runtime, composed: dynalite on disk (or in memory), the same
 * Lambda handlers as AWS behind the local server (local-server.ts: routing and
 * the seeding gate), the local WebSocket gateway with the same `$connect`
 * authorizer (ws-gateway.ts), and a local stream that wakes the stream handler
 * after every log write. `npm start` and the integration tests both start the
 * hub through here.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { composeHttpRuntime, type HttpRuntime } from '../../functions/core/compose/http-runtime.js';
import { composeHub } from '../../functions/core/compose/hub.js';
import { composeRealtime, type RealtimeServices } from '../../functions/core/compose/realtime.js';
import type { HubConfig } from '../../functions/core/config/config.js';
import { type HttpHandler, makeHttpHandler } from '../../functions/core/http/lambda-http.js';
import { createLogger, type Logger } from '../../functions/core/logger.js';
import { authorizeConnect } from '../../functions/core/realtime/protocol/connect-auth.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { logPk, seqSk } from '../../functions/core/store/keys/log.js';
import { makeStreamHandler } from '../../functions/core/stream/stream-handler.js';
import { DOMAINS } from '../../schema/model.js';
import type { StageThrottle } from '../stage-throttles.js';
import { localHttpApiStage } from './aws/http-api-stage.js';
import { type EmbeddedStore, ensureTables, localDynamoClient, startDynalite } from './dynalite-store.js';
import { ensureLocalKeys, generateLocalKeys, type LocalKeys } from './local-keys.js';
import { type LocalServerPlugin, startLocalServer } from './local-server.js';
import { LocalStream } from './local-stream.js';
import { type SeedProgress, type SeedResult, seedDemoData } from './seed/seed.js';
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
  /** Local WebSocket gateway limits, management API faults and sweep interval (tests shorten them). */
  ws?: Omit<WsGatewayOptions, 'handler' | 'authorize' | 'logger' | 'sweep'>;
  /** The HTTP stage throttle; default cdk.json's httpRateLimit/httpBurstLimit; null switches it off. */
  httpThrottle?: StageThrottle | null;
}

export interface EmbeddedHub {
  url: string;
  port: number;
  config: HubConfig;
  /** Base, hub, token verifier and GraphQL app (what the Http function composes). */
  runtime: HttpRuntime;
  stream: LocalStream;
  keys: LocalKeys;
  store: EmbeddedStore;
  httpHandler: HttpHandler;
  server: Server;
  seed: SeedResult | null;
  /** Connection store, fan-out and ws handler. */
  realtime: RealtimeServices;
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

  const local = await startLocalServer({ port: options.port, host: options.host, logger });
  const { server, port, url } = local;
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
  const runtime = composeHttpRuntime(config, {
    ddb,
    logger,
    graphiql: true,
    hub: options.now ? { now: options.now } : {},
  });
  // One process serves the Ws, Stream and Sweep functions: all three realtime rooms, over the same hub.
  const realtime = composeRealtime(runtime);
  stream.attach(makeStreamHandler({ projector: runtime.hub.projector, fanOut: realtime.fanOut, logger }));
  // A previous run may have stopped between an append and its projection (a crash, a kill -9):
  // wake every domain once, as the stream would, so read models and subscribers catch up first.
  for (const d of DOMAINS) stream.push('MODIFY', { PK: { S: logPk(d) }, SK: { S: seqSk(0) } });
  await stream.idle();
  // The same $connect authorizer the stack puts in front of the ws Lambda on AWS.
  const authorize: WsGatewayOptions['authorize'] = (request) =>
    authorizeConnect(request, runtime.verifyToken, (reason) => logger.info('connect denied', { reason }));
  const ws = createWsGateway({ handler: realtime.wsHandler, authorize, logger, sweep: realtime.sweep, ...options.ws });
  local.use(ws);
  const httpHandler = makeHttpHandler(runtime.graphql, logger);
  local.route({
    httpHandler,
    stage: localHttpApiStage({
      verifyToken: runtime.verifyToken,
      corsOrigin: config.webOrigin,
      throttle: options.httpThrottle,
    }),
    webRoot: options.webRoot ?? 'web/dist',
    clientConfig: { graphqlUrl: '/graphql', websocketUrl: '/graphql', auth: { mode: 'local' } },
  });

  let seed: SeedResult | null = null;
  if (options.seed) {
    // The seed writes through its own hub with projection left to the stream, which batches it.
    const seedHub = composeHub({
      ddb,
      hubTable: config.hubTable,
      projectOnWrite: false,
      logger,
      now: options.now,
      sharedProjector: runtime.hub.projector,
    });
    const progress = new Map<string, SeedProgress>();
    const onProgress = (p: SeedProgress) => {
      progress.set(p.domain, p);
      options.onSeedProgress?.(p);
    };
    const run = seedDemoData(seedHub, { onProgress, now: options.now?.() }).then(async (r) => {
      seed = r;
      await stream.idle();
      for (const d of ['reference', 'construction', 'sorting', 'housing'] as const)
        await runtime.hub.projector.catchUp(d);
    });
    // Until seeding is done, requests wait (nothing half-seeded is ever served), except
    // /healthz, which says 503 "seeding" with the progress so far.
    local.holdUntil(run, () => [...progress.values()]);
    await run;
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
    use: (plugin: LocalServerPlugin) => local.use(plugin),
    async close() {
      // Deliveries in flight still need the gateway.
      await stream.idle();
      await local.close();
      await stream.idle();
      await store.close();
    },
  };
}
