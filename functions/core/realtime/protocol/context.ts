/**
 * What the protocol dispatcher and the client-message handlers share: the
 * dependencies of the protocol core and the per-message context. It lives
 * here, not in the dispatcher, so that the handlers never import the module
 * that imports them.
 */

import type { GraphQLSchema } from 'graphql';
import { FUNCTIONS } from '../../../manifest.js';
import type { TokenVerifier } from '../../auth/verify-token.js';
import { API_GATEWAY_WEBSOCKET } from '../../aws/service-limits.js';
import type { HubLimits } from '../../limits/hub-limits.js';
import type { QueryPolicy } from '../../limits/query-limits.js';
import type { RateLimiter } from '../../limits/rate-limiter.js';
import type { Logger } from '../../logger.js';
import type { ConnectionCaps } from '../connections/connection-caps.js';
import type { ConnectionRecord, ConnectionStore } from '../connections/connection-store.js';
import type { RealtimeSocket, SocketFactory } from '../connections/socket.js';
import type { Backfiller } from '../delivery/backfill.js';
import type { Operations } from '../delivery/operations.js';
import type { RemainingMs } from '../delivery/time-budget.js';

/** API Gateway closes every WebSocket after 2 hours; rows live a little longer, then expire. */
export const CONNECTION_TTL_MS = API_GATEWAY_WEBSOCKET.maxConnectionMs + 5 * 60 * 1000;

/**
 * The timeout of the function serving `$default` (functions/manifest.ts, the
 * number the stack deploys): the budget of a message when the runtime passed
 * no Lambda context to ask.
 */
export const MESSAGE_TIMEOUT_MS = (() => {
  const spec = FUNCTIONS.find((f) => f.wsRoutes?.includes('$default'));
  if (!spec) throw new Error('No manifest function serves the WebSocket $default route');
  return spec.timeoutSeconds * 1000;
})();

export interface ProtocolDeps {
  store: ConnectionStore;
  socketFor: SocketFactory;
  /** Verifies a `connection_init` payload token (a `?token=` was verified by the `$connect` authorizer). */
  verifyToken: TokenVerifier;
  operations: Operations;
  backfiller: Backfiller;
  logger: Logger;
  now: () => number;
  /** Time allowed between connect and an acknowledged `connection_init` (then 4408). */
  initTimeoutMs: number;
  /**
   * Time this invocation has left: Lambda's `context.getRemainingTimeInMillis`,
   * set per invocation by the ws-event adapter. Absent (no context), a message
   * counts down from MESSAGE_TIMEOUT_MS.
   */
  remainingMs?: RemainingMs;
  /** The defences (limits/): query limits, caps and rate limits. Every composed protocol has them. */
  guards?: ProtocolGuards;
}

export interface ProtocolGuards {
  schema: GraphQLSchema;
  queryPolicy: QueryPolicy;
  limits: HubLimits;
  caps: ConnectionCaps;
  rateLimiter: RateLimiter;
}

/** What a message handler gets: the connection as stored, and its socket. */
export interface MessageContext {
  deps: ProtocolDeps;
  connection: ConnectionRecord;
  socket: RealtimeSocket;
  /** Closes with a protocol code and forgets the connection at once (`$disconnect` may come late or never). */
  close(code: number, reason: string): Promise<void>;
}
