/**
 * Wires the real-time side from a runtime: connection store, fan-out
 * checkpoint, protocol core, fan-out, back-fill and sweeper. The ws, stream
 * and sweep Lambdas and the embedded runtime all build it here.
 */

import { ConfigError } from '../../../schema/errors.js';
import { schema } from '../../../schema/index.js';
import type { Runtime } from '../runtime.js';
import { apiGatewaySockets, createManagementClient } from './apigw-socket.js';
import { Backfiller } from './backfill.js';
import type { ConnectionStore } from './connection-store.js';
import { DynamoConnectionStore } from './dynamo-connection-store.js';
import { createStreetOf } from './event-street.js';
import { HubFanOut } from './fan-out.js';
import { type CheckpointOptions, FanOutCheckpoint } from './fan-out-checkpoint.js';
import { Operations } from './operations.js';
import type { ProtocolDeps } from './protocol.js';
import type { SocketFactory } from './socket.js';
import { type SweepResult, sweep } from './sweeper.js';
import { makeWsHandler, type WsHandler } from './ws-event.js';

export interface RealtimeOptions {
  /** Default: the management API at config.wsManagementEndpoint. */
  socketFor?: SocketFactory;
  now?: () => number;
  checkpoint?: CheckpointOptions;
  /** Posts in flight per event. */
  concurrency?: number;
}

export interface Realtime {
  store: ConnectionStore;
  checkpoint: FanOutCheckpoint;
  operations: Operations;
  fanOut: HubFanOut;
  protocol: ProtocolDeps;
  wsHandler: WsHandler;
  sweep(): Promise<SweepResult>;
}

export const DEFAULT_INIT_TIMEOUT_MS = 10_000;

export function createRealtime(runtime: Runtime, options: RealtimeOptions = {}): Realtime {
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
