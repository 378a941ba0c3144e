/**
 * The delivery side of the real-time hub on an in-memory store, without the
 * gateway: connection store, back-fill, fan-out and the ws handler, wired as
 * the composition root wires them, with recording sockets whose posts can be
 * slowed or made to hang (a post that never returns, as a hung
 * postToConnection does until Lambda's timeout). `instance()` builds another
 * set with its own module state (street lookups, fan-out) over the same store,
 * as a second Lambda instance would be.
 */
import { composeHub, type Hub } from '../../functions/core/compose/hub.js';
import { silentLogger } from '../../functions/core/logger.js';
import type { SubscriptionRecord } from '../../functions/core/realtime/connections/connection-store.js';
import { DynamoConnectionStore } from '../../functions/core/realtime/connections/dynamo-connection-store.js';
import type { RealtimeSocket } from '../../functions/core/realtime/connections/socket.js';
import { Backfiller } from '../../functions/core/realtime/delivery/backfill.js';
import { createStreetOf } from '../../functions/core/realtime/delivery/event-street.js';
import { type FanOutDeps, HubFanOut } from '../../functions/core/realtime/delivery/fan-out.js';
import { FanOutCheckpoint } from '../../functions/core/realtime/delivery/fan-out-checkpoint.js';
import { Operations } from '../../functions/core/realtime/delivery/operations.js';
import type { ProtocolDeps } from '../../functions/core/realtime/protocol/context.js';
import { makeWsHandler, type WsEvent, type WsHandler } from '../../functions/core/realtime/protocol/ws-event.js';
import { functionSpec } from '../../functions/manifest.js';
import { invokeWithDeadline } from '../../infra/local/aws/invoke.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { schema } from '../../schema/index.js';
import type { Principal } from '../../schema/model.js';
import { ADMIN } from './test-hub.js';
import { startTestStore, TABLES, type TestStore } from './test-store.js';

export interface SocketLog {
  /** Every message posted, per connection, parsed. */
  messages: Map<string, Array<{ id?: string; type: string; payload?: unknown }>>;
  /** Delay of each post, ms. */
  delayMs: number;
  /** Posts numbered from this one on (see `posts`) never return. Default: never. */
  hangFrom: number;
  /** Posts attempted so far. */
  posts: number;
  /** An error a post throws instead of arriving (a throttle, a 410), decided per post. */
  fail?: (connectionId: string, message: { type: string }) => Error | undefined;
  /** Close codes sent, per connection. */
  closes: Map<string, number[]>;
}

export interface DeliveryInstance {
  hub: Hub;
  store: DynamoConnectionStore;
  fanOut: HubFanOut;
  handler: WsHandler;
}

/** Fan-out settings a test may change (fan-out.ts `FanOutDeps`). */
export type FanOutOptions = Partial<Pick<FanOutDeps, 'sliceMs' | 'concurrency' | 'shardSize' | 'shards' | 'groupSize'>>;

export interface DeliveryRig {
  t: TestStore;
  sockets: SocketLog;
  /** The recording sockets, for delivery code a test composes itself (a Deliver handler). */
  socketFor: (connectionId: string) => RealtimeSocket;
  /** A Lambda instance of the realtime functions over the shared store (own caches). */
  instance(fanOut?: FanOutOptions): DeliveryInstance;
  main: DeliveryInstance;
  /** Stores an acknowledged connection for the principal. */
  connect(connectionId: string, principal: Principal): Promise<void>;
  /** One `subscribe` message through the ws handler, as Lambda runs it: deadline from the manifest, scaled. */
  subscribe(
    connectionId: string,
    id: string,
    query: string,
    variables: Record<string, unknown>,
    timeScale: number,
  ): Promise<unknown>;
  /** The seqs of the `hubEvents` results posted to a connection, in order. */
  seqs(connectionId: string): number[];
  /** The subscription's rows as the fan-out finds them under a topic. */
  rows(topic: string, connectionId: string, id: string): Promise<SubscriptionRecord[]>;
  close(): Promise<void>;
}

function recordingSockets(log: SocketLog) {
  return (connectionId: string): RealtimeSocket => ({
    async send(message) {
      if (++log.posts >= log.hangFrom) return new Promise<void>(() => {});
      if (log.delayMs > 0) await new Promise((r) => setTimeout(r, log.delayMs));
      const parsed = JSON.parse(message);
      const failure = log.fail?.(connectionId, parsed);
      if (failure) throw failure;
      const list = log.messages.get(connectionId) ?? [];
      list.push(parsed);
      log.messages.set(connectionId, list);
    },
    async close(code) {
      log.closes.set(connectionId, [...(log.closes.get(connectionId) ?? []), code]);
    },
  });
}

/** Registers the streets (and nothing else) so reports validate. */
async function registerStreets(hub: Hub) {
  for (const s of STREETS) await hub.services.reference.upsertStreet(ADMIN, { ...s });
}

export async function startDeliveryRig(): Promise<DeliveryRig> {
  const t = await startTestStore();
  const sockets: SocketLog = {
    messages: new Map(),
    delayMs: 0,
    hangFrom: Number.POSITIVE_INFINITY,
    posts: 0,
    closes: new Map(),
  };
  const socketFor = recordingSockets(sockets);
  const instance = (fanOutOptions: FanOutOptions = {}): DeliveryInstance => {
    const hub = composeHub({ ddb: t.ddb, hubTable: TABLES.hubTable, projectOnWrite: true });
    const store = new DynamoConnectionStore(t.ddb, TABLES.connectionsTable);
    const checkpoint = new FanOutCheckpoint(t.ddb, TABLES.hubTable);
    const operations = new Operations({ schema, services: hub.services, logger: silentLogger });
    const shared = {
      logStore: hub.store,
      checkpoint,
      store,
      operations,
      streetOf: createStreetOf(hub.services.reference),
      logger: silentLogger,
    };
    const fanOut = new HubFanOut({ ...shared, epoch: () => hub.epoch.info(), socketFor, ...fanOutOptions });
    const protocol: ProtocolDeps = {
      store,
      socketFor,
      verifyToken: async () => {
        throw new Error('connections are stored acknowledged in these tests');
      },
      operations,
      backfiller: new Backfiller({ ...shared, epoch: () => hub.epoch.current() }),
      logger: silentLogger,
      now: Date.now,
      initTimeoutMs: 10_000,
    };
    return { hub, store, fanOut, handler: makeWsHandler(protocol) };
  };
  const main = instance();
  await registerStreets(main.hub);
  return {
    t,
    sockets,
    socketFor,
    instance,
    main,
    async connect(connectionId, principal) {
      const now = Date.now();
      await main.store.putConnection({
        connectionId,
        state: 'acked',
        principal,
        connectedAt: now,
        expiresAt: Math.floor(now / 1000) + 3600,
      });
    },
    subscribe(connectionId, id, query, variables, timeScale) {
      const event: WsEvent = {
        requestContext: { routeKey: '$default', eventType: 'MESSAGE', connectionId },
        body: JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }),
      };
      return invokeWithDeadline(main.handler, event, { spec: functionSpec('Ws'), timeScale });
    },
    seqs(connectionId) {
      return (sockets.messages.get(connectionId) ?? [])
        .filter((m) => m.type === 'next')
        .map((m) => (m.payload as { data: { hubEvents: { seq: number } } }).data.hubEvents.seq);
    },
    async rows(topic, connectionId, id) {
      const all = await main.store.subscribers(topic, Date.now());
      return all.filter((s) => s.connectionId === connectionId && s.id === id);
    },
    close: () => t.close(),
  };
}
