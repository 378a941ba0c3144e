/**
 * Composes the graphql-transport-ws protocol over API Gateway WebSocket
 * events: the dispatcher's dependencies (connections, token verifier,
 * operations, back-fill) and the Lambda-shaped ws handler. The Ws entry and
 * the embedded runtime's gateway run this handler.
 */
import { schema } from '../../../schema/index.js';
import type { TokenVerifier } from '../auth/verify-token.js';
import { DEFAULT_LIMITS } from '../limits/hub-limits.js';
import { createRateLimiter } from '../limits/rate-limiter.js';
import { ConnectionCaps } from '../realtime/connections/connection-caps.js';
import type { ProtocolDeps } from '../realtime/protocol/context.js';
import { makeWsHandler, type WsHandler } from '../realtime/protocol/ws-event.js';
import type { Base } from './base.js';
import type { Connections } from './connections.js';
import type { Delivery } from './delivery.js';

/** How long a connection may stay without a valid `connection_init` (4408) when the config names no other. */
export const DEFAULT_INIT_TIMEOUT_MS = 10_000;

export interface WsProtocol {
  protocol: ProtocolDeps;
  wsHandler: WsHandler;
}

export function composeWsProtocol(
  base: Base,
  connections: Connections,
  delivery: Delivery,
  verifyToken: TokenVerifier,
): WsProtocol {
  const protocol: ProtocolDeps = {
    store: connections.store,
    socketFor: connections.socketFor,
    verifyToken,
    operations: delivery.operations,
    backfiller: delivery.backfiller,
    logger: base.logger,
    now: connections.now,
    initTimeoutMs: base.config.wsInitTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS,
    guards: {
      schema,
      queryPolicy: { introspection: base.config.introspection ?? false },
      limits: base.config.limits ?? DEFAULT_LIMITS,
      caps: new ConnectionCaps(base.ddb, base.config.connectionsTable, connections.now),
      rateLimiter: createRateLimiter({ ddb: base.ddb, table: base.config.hubTable, limits: base.config.limits }),
    },
  };
  return { protocol, wsHandler: makeWsHandler(protocol) };
}
