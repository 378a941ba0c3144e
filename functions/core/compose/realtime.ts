/**
 * Composition root of the real-time side: from a runtime it wires the three
 * rooms — connections (store, sockets, sweeper), delivery (operations,
 * fan-out checkpoint, fan-out, back-fill) and protocol (the ws handler). The
 * ws, stream and sweep Lambdas and the embedded runtime all build it here.
 */

import { ConfigError } from '../../../schema/errors.js';
import { schema } from '../../../schema/index.js';
import { apiGatewaySockets, createManagementClient } from '../realtime/connections/apigw-socket.js';
import type { ConnectionStore } from '../realtime/connections/connection-store.js';
import { DynamoConnectionStore } from '../realtime/connections/dynamo-connection-store.js';
import type { SocketFactory } from '../realtime/connections/socket.js';
import { type SweepResult, sweep } from '../realtime/connections/sweeper.js';
import { Backfiller } from '../realtime/delivery/backfill.js';
import { createStreetOf } from '../realtime/delivery/event-street.js';
import { HubFanOut } from '../realtime/delivery/fan-out.js';
import { type CheckpointOptions, FanOutCheckpoint } from '../realtime/delivery/fan-out-checkpoint.js';
import { Operations } from '../realtime/delivery/operations.js';
import type { ProtocolDeps } from '../realtime/protocol/context.js';
import { makeWsHandler, type WsHandler } from '../realtime/protocol/ws-event.js';
import type { Runtime } from './http-runtime.js';

export interface RealtimeServicesOptions {
  /** Default: the management API at config.wsManagementEndpoint. */
  socketFor?: SocketFactory;
  now?: () => number;
  checkpoint?: CheckpointOptions;
  /** Posts in flight per event. */
  concurrency?: number;
}

export interface RealtimeServices {
  store: ConnectionStore;
  checkpoint: FanOutCheckpoint;
  operations: Operations;
  fanOut: HubFanOut;
  protocol: ProtocolDeps;
  wsHandler: WsHandler;
  sweep(): Promise<SweepResult>;
}

export const DEFAULT_INIT_TIMEOUT_MS = 10_000;

export function createRealtimeServices(runtime: Runtime, options: RealtimeServicesOptions = {}): RealtimeServices {
  const { config, ddb, hub, logger } = runtime;
  const now = options.now ?? Date.now;
  let socketFor = options.socketFor;
  if (!socketFor) {
    if (!config.wsManagementEndpoint)
      throw new ConfigError('WS_MANAGEMENT_ENDPOINT is required to reach WebSocket clients');
    socketFor = apiGatewaySockets(createManagementClient(config.wsManagementEndpoint, config.region));
  }
  const store = new DynamoConnectionStore(ddb, config.connectionsTable, now);
  const checkpoint = new FanOutCheckpoint(ddb, config.hubTable, { now, ...options.checkpoint });
  const operations = new Operations({ schema, services: hub.services, logger });
  const streetOf = createStreetOf(hub.services.reference);
  const shared = { logStore: hub.store, checkpoint, store, operations, streetOf, logger };
  const backfiller = new Backfiller(shared);
  const fanOut = new HubFanOut({ ...shared, socketFor, now, concurrency: options.concurrency });
  const protocol: ProtocolDeps = {
    store,
    socketFor,
    verifyToken: runtime.verifyToken,
    operations,
    backfiller,
    logger,
    now,
    initTimeoutMs: config.wsInitTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
  };
  return {
    store,
    checkpoint,
    operations,
    fanOut,
    protocol,
    wsHandler: makeWsHandler(protocol),
    sweep: () => sweep({ store, socketFor, logger, now }),
  };
}
