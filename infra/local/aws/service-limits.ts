/**
 * AWS's fixed service limits that the embedded runtime enforces, in one place.
 * These are AWS's numbers, not settings: the stack cannot change them, so
 * they live here rather than in cdk.json. Throttle rates, which the stack
 * does set, come from infra/stage-throttles.ts instead.
 *
 * Sources (AWS documentation, "Amazon API Gateway quotas" and "Lambda quotas"):
 * - WebSocket APIs: "WebSocket frame size: 32 KB", "Message payload size:
 *   128 KB" (a message may span several frames), "Idle Connection Timeout:
 *   10 minutes", "Connection duration for WebSocket API: 2 hours",
 *   "Integration timeout: 50 milliseconds - 29 seconds".
 * - HTTP APIs: "Maximum integration timeout: 30 seconds".
 * - Lambda: "Invocation payload (request and response): 6 MB each for
 *   synchronous".
 */
import { MAX_MESSAGE_BYTES } from '../../../functions/core/realtime/connections/socket.js';

const KB = 1024;
const MINUTE_MS = 60_000;

export const API_GATEWAY_WEBSOCKET = {
  /** A client frame over this closes the connection with 1009 (Message Too Big). */
  maxFrameBytes: 32 * KB,
  /**
   * A client message (all its frames) or a PostToConnection body over this is
   * refused. The fan-out checks the same limit before posting, from the same
   * constant (functions/ cannot import infra/, so the number lives there).
   */
  maxMessageBytes: MAX_MESSAGE_BYTES,
  /** No traffic in either direction for this long closes the connection. */
  idleTimeoutMs: 10 * MINUTE_MS,
  /** Every connection is closed after this long, traffic or not. */
  maxConnectionMs: 120 * MINUTE_MS,
  /** The longest a route's Lambda integration may run (the Ws function's timeout must fit). */
  integrationTimeoutSeconds: 29,
} as const;

export const API_GATEWAY_HTTP = {
  /** The longest an HTTP API Lambda integration may run (the Http function's timeout must fit). */
  integrationTimeoutSeconds: 30,
} as const;

export const LAMBDA = {
  /** Largest request (and response) of a synchronous invocation: API Gateway's events to the handlers. */
  maxSyncPayloadBytes: 6 * KB * KB,
} as const;

/** API Gateway's fixed response bodies, byte for byte as clients receive them. */
export const API_GATEWAY_BODIES = {
  /** Stage throttle exceeded (HTTP 429). */
  tooManyRequests: '{"message":"Too Many Requests"}',
  /** JWT authorizer refused the request (HTTP 401). */
  unauthorized: '{"message":"Unauthorized"}',
  /** No route matches method and path (HTTP 404). */
  notFound: '{"message":"Not Found"}',
} as const;
