/**
 * The embedded runtime, composed: dynalite on disk (or in memory), and every
 * Lambda function of functions/manifest.ts as a local fleet (aws/fleet.ts):
 * several instances per function, each composed as its Lambda entry composes
 * itself, with its own store client guarded by its grants (emulated IAM) and
 * every invocation under its deadline. The local server (routing, seeding
 * gate) invokes the Http function, the local WebSocket gateway the WsAuthorize
 * and Ws functions and the Sweep on its schedule, and the local stream (event
 * source mapping, on-failure destination) the Stream function after every log
 * write. `npm start` and the integration tests both start the hub here.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { API_GATEWAY_WEBSOCKET } from '../../functions/core/aws/service-limits.js';
import { composeConnections } from '../../functions/core/compose/connections.js';
import { composeHttpRuntime, type HttpRuntime } from '../../functions/core/compose/http-runtime.js';
import { composeHub } from '../../functions/core/compose/hub.js';
import type { RealtimeServices } from '../../functions/core/compose/realtime.js';
import type { HubConfig } from '../../functions/core/config/config.js';
import type { HttpHandler } from '../../functions/core/http/lambda-http.js';
import { createLogger, type Logger } from '../../functions/core/logger.js';
import { carryEndpointInMemory } from '../../functions/core/realtime/connections/apigw-socket.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { logPk, seqSk } from '../../functions/core/store/keys/log.js';
import { DOMAINS } from '../../schema/model.js';
import type { StageThrottle } from '../stage-throttles.js';
import { keepAliveMs } from '../web-client-config.js';
import { type FleetFunction, LambdaFleet } from './aws/fleet.js';
import { localHttpApiStage } from './aws/http-api-stage.js';
import { fleetLambdaApi, type LambdaFaults } from './aws/lambda-api.js';
import { manageConnectionsGuard } from './aws/manage-connections-guard.js';
import { type EmbeddedStore, ensureTables, localDynamoClient, startDynalite } from './dynalite-store.js';
import { ensureLocalKeys, generateLocalKeys, type LocalKeys } from './local-keys.js';
import { type LocalServerPlugin, startLocalServer } from './local-server.js';
import { LocalStream } from './local-stream.js';
import { LOCAL_TOKEN_PATH, localTokenEndpoint } from './local-token-endpoint.js';
import { bulkSeedDemoData } from './seed/bulk-seed.js';
import { type SeedProgress, type SeedResult, seedDemoData } from './seed/seed.js';
import { repairInterruptedSeed } from './seed/seed-repair.js';
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
  /**
   * How the demo seed is written: `bulk` (default; seed/bulk-seed.ts) or `events`, one report at a
   * time through the stream (seed/seed.ts), the reference the benchmark and tests compare it with.
   */
  seedPath?: 'bulk' | 'events';
  /** Warm Lambda instances per function: default Http 2, Ws 2 (Stream is always 1: one shard). */
  instances?: Partial<Record<FleetFunction, number>>;
  /** Most instances per function (cold starts on a burst); default 16, beyond which invocations queue (aws/instance-pool.ts). */
  maxInstances?: Partial<Record<FleetFunction, number>>;
  /** Compresses every Lambda deadline, stream record age and retry backoff (0.01: 15 s in 150 ms). Default 1. */
  timeScale?: number;
  /** The HTTP stage throttle; default cdk.json's httpRateLimit/httpBurstLimit; null switches it off. */
  httpThrottle?: StageThrottle | null;
  /**
   * `auth` of the web client's config.json instead of the local one-click sign-in
   * (tests sign in through a local OpenID provider with it, and `configure.auth`).
   */
  clientAuth?: Record<string, unknown>;
}

export interface EmbeddedHub {
  url: string;
  port: number;
  config: HubConfig;
  /**
   * An admin view composed like the Http function over an UNGUARDED store
   * client: the seed, the start-up catch-up and tests (direct store edits,
   * reference data) use it. It is not a Lambda and no request reaches it.
   */
  runtime: HttpRuntime;
  /** The Lambda functions: pools of instances, dispatchers, IAM denials. */
  fleet: LambdaFleet;
  stream: LocalStream;
  keys: LocalKeys;
  store: EmbeddedStore;
  httpHandler: HttpHandler;
  server: Server;
  seed: SeedResult | null;
  /**
   * The realtime rooms as the fleet runs them: the connection store (admin
   * client), the Stream instance's fan-out, operations and checkpoint, the
   * first Ws instance's protocol, and the Ws and Sweep functions' dispatchers.
   */
  realtime: RealtimeServices;
  /** The local API Gateway WebSocket stand-in on /graphql. */
  ws: WsGateway;
  /** Faults of the local Lambda API (aws/lambda-api.ts) a test injects: throttles, failures after a run. */
  lambdaFaults: LambdaFaults;
  use(plugin: LocalServerPlugin): void;
  close(): Promise<void>;
}

export const LOCAL_TABLES = { hubTable: 'guancheng-hub', connectionsTable: 'guancheng-connections' };

export async function startEmbedded(options: EmbeddedOptions = {}): Promise<EmbeddedHub> {
  const dataDir = options.dataDir ?? '.data';
  const logger = options.logger ?? createLogger('info', { runtime: 'embedded' });
  if (!options.memory) mkdirSync(join(dataDir, 'store'), { recursive: true });
  const store = await startDynalite({ path: options.memory ? undefined : join(dataDir, 'store') });
  // The admin client is not a Lambda's: tables, seed, start-up catch-up and tests, without IAM.
  const client = localDynamoClient(store);
  const stream = new LocalStream(LOCAL_TABLES.hubTable, logger, {
    destination: options.memory ? undefined : join(dataDir, 'failed-batches.jsonl'),
    timeScale: options.timeScale,
    onTimeout: () => fleet.discardStreamInstance(),
  });
  stream.watch(client);
  await ensureTables(client, LOCAL_TABLES);
  const keys = options.ephemeralKeys ? await generateLocalKeys() : await ensureLocalKeys(dataDir);

  const local = await startLocalServer({ port: options.port, host: options.host, logger });
  const { server, port, url } = local;
  // The functions' @connections posts reach this gateway as HTTP over in-memory streams, not loopback TCP.
  const managementEndpoint = `http://127.0.0.1:${port}`;
  const stopCarrying = carryEndpointInMemory(managementEndpoint, () => local.connectInMemory());
  options.onListening?.(url);

  const config: HubConfig = {
    stage: 'local',
    region: 'local',
    dynamoEndpoint: store.endpoint,
    ...LOCAL_TABLES,
    wsManagementEndpoint: managementEndpoint,
    // The Stream function invokes Deliver through the local Lambda API on the same port (aws/lambda-api.ts).
    lambdaEndpoint: `http://127.0.0.1:${port}`,
    deliverFunction: 'Deliver',
    auth: { localPublicKeyPem: keys.publicKeyPem },
    webOrigin: '*',
    logLevel: 'info',
    projectOnWrite: true,
    // GraphiQL is served locally, and it needs introspection (on AWS it is off unless configured).
    introspection: true,
    ...options.configure,
  };
  const hubOverrides = options.now ? { now: options.now } : {};
  const ddb = documentClient(client);
  const runtime = composeHttpRuntime(config, { ddb, logger, graphiql: true, hub: hubOverrides });
  const fleet = new LambdaFleet({
    config,
    logger,
    newClient: () => localDynamoClient(store),
    watchAppends: (c) => stream.watch(c),
    instances: options.instances,
    maxInstances: options.maxInstances,
    timeScale: options.timeScale,
    hub: hubOverrides,
  });
  stream.attach(fleet.streamHandler);
  const lambdaFaults: LambdaFaults = { throttle: {}, failAfterRun: {} };
  local.use({ handleRequest: fleetLambdaApi(fleet, lambdaFaults) });
  // A bulk seed stopped halfway may have left gaps in its last batch of log items: cut them
  // off before the wake-up below lets a projector read past them (seed/seed-repair.ts).
  await repairInterruptedSeed({ ddb, table: config.hubTable });
  // Name this life of the logs before anything is served (a new store gets a new epoch: core/log/log-epoch.ts).
  await runtime.hub.epoch.current();
  // A previous run may have stopped between an append and its projection (a crash, a kill -9):
  // wake every domain once, as the stream would, so read models and subscribers catch up first.
  wakeEveryDomain(stream);
  await stream.idle();
  const ws = createWsGateway({
    handler: fleet.wsHandler,
    authorize: fleet.authorize,
    // Emulated IAM for @connections: a fleet function without managesConnections is refused, as its role would be.
    manageConnections: manageConnectionsGuard(fleet.denials),
    logger,
    sweep: fleet.sweep,
    ...options.ws,
  });
  local.use(ws);
  // One-click sign-in mints tokens with the local key: only when the hub verifies with that key.
  const localAuth = !options.clientAuth && Boolean(config.auth.localPublicKeyPem);
  if (localAuth) local.use(localTokenEndpoint(keys.privateKeyPem));
  const httpHandler = fleet.httpHandler;
  local.route({
    httpHandler,
    stage: localHttpApiStage({
      verifyToken: runtime.verifyToken,
      corsOrigin: config.webOrigin,
      throttle: options.httpThrottle,
    }),
    webRoot: options.webRoot ?? 'web/dist',
    clientConfig: {
      graphqlUrl: '/graphql',
      websocketUrl: '/graphql',
      auth: options.clientAuth ?? (localAuth ? { mode: 'local', tokenUrl: LOCAL_TOKEN_PATH } : { mode: 'local' }),
      keepAliveMs: keepAliveMs(options.ws?.idleTimeoutMs ?? API_GATEWAY_WEBSOCKET.idleTimeoutMs),
    },
  });
  const realtime = realtimeView(fleet, composeConnections(runtime).store);

  let seed: SeedResult | null = null;
  if (options.seed) {
    // The seed is not a Lambda either: it writes through the admin client, in bulk (or, as the
    // benchmark's reference, event by event with projection left to the stream), then catches up.
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
    const seedWith = options.seedPath === 'events' ? seedDemoData : bulkSeedDemoData;
    const run = seedWith(seedHub, { onProgress, now: options.now?.() }).then(async (r) => {
      seed = r;
      // The bulk seed wrote past the stream: one wake-up per domain lets the Stream function
      // see it as it would have seen every append (its projector finds nothing left to do,
      // its fan-out moves its checkpoint past the seed, delivering to nobody).
      if (r.events > 0) wakeEveryDomain(stream);
      await stream.idle();
      for (const d of DOMAINS) await runtime.hub.projector.catchUp(d);
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
    fleet,
    stream,
    keys,
    store,
    httpHandler,
    server,
    realtime,
    ws,
    lambdaFaults,
    get seed() {
      return seed;
    },
    use: (plugin: LocalServerPlugin) => local.use(plugin),
    async close() {
      // Deliveries in flight still need the gateway.
      await stream.idle();
      stopCarrying();
      await local.close();
      await stream.idle();
      await store.close();
    },
  };
}

/** One stream record per domain: a wake-up, as after an append (the handler reads the logs itself). */
function wakeEveryDomain(stream: LocalStream) {
  for (const d of DOMAINS) stream.push('MODIFY', { PK: { S: logPk(d) }, SK: { S: seqSk(0) } });
}

/** The realtime rooms as the fleet runs them (getters: a timed-out instance is replaced). */
function realtimeView(fleet: LambdaFleet, store: RealtimeServices['store']): RealtimeServices {
  const streamInstance = () => fleet.stream.instances[0].value;
  return {
    store,
    get checkpoint() {
      return streamInstance().delivery.checkpoint;
    },
    get operations() {
      return streamInstance().delivery.operations;
    },
    get fanOut() {
      return streamInstance().delivery.fanOut;
    },
    get protocol() {
      return fleet.ws.instances[0].value.protocol;
    },
    wsHandler: fleet.wsHandler,
    sweep: fleet.sweep,
  };
}
