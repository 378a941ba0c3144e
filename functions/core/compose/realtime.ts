/**
 * Composes all three realtime rooms at once — connections (store, sockets,
 * sweeper), delivery (operations, fan-out checkpoint, fan-out, back-fill) and
 * the protocol (the ws handler) — for the embedded runtime, which serves the
 * Ws, Stream and Sweep functions in one process. Each Lambda entry composes
 * only the rooms it uses (functions/ws.ts, stream.ts, sweep.ts).
 */
import type { TokenVerifier } from '../auth/verify-token.js';
import type { ConnectionStore } from '../realtime/connections/connection-store.js';
import type { SweepResult } from '../realtime/connections/sweeper.js';
import type { HubFanOut } from '../realtime/delivery/fan-out.js';
import type { FanOutCheckpoint } from '../realtime/delivery/fan-out-checkpoint.js';
import type { Operations } from '../realtime/delivery/operations.js';
import type { ProtocolDeps } from '../realtime/protocol/context.js';
import type { WsHandler } from '../realtime/protocol/ws-event.js';
import type { Base } from './base.js';
import { type ConnectionsOptions, composeConnections } from './connections.js';
import { composeDelivery, type DeliveryOptions } from './delivery.js';
import type { Hub } from './hub.js';
import { composeWsProtocol } from './ws-protocol.js';

export interface RealtimeServicesOptions extends ConnectionsOptions, DeliveryOptions {}

export interface RealtimeServices {
  store: ConnectionStore;
  checkpoint: FanOutCheckpoint;
  operations: Operations;
  fanOut: HubFanOut;
  protocol: ProtocolDeps;
  wsHandler: WsHandler;
  sweep(): Promise<SweepResult>;
}

export function composeRealtime(
  runtime: Base & { hub: Hub; verifyToken: TokenVerifier },
  options: RealtimeServicesOptions = {},
): RealtimeServices {
  const connections = composeConnections(runtime, options);
  const delivery = composeDelivery(runtime, runtime.hub, connections, options);
  const { protocol, wsHandler } = composeWsProtocol(runtime, connections, delivery, runtime.verifyToken);
  const { checkpoint, operations, fanOut } = delivery;
  return { store: connections.store, checkpoint, operations, fanOut, protocol, wsHandler, sweep: connections.sweep };
}
