/**
 * Failures the code handles instead of throwing: the client gets an answer (an
 * `INTERNAL` GraphQL error with HTTP 200, a WebSocket `$default` answered 500,
 * a stream batch reported as item failures to be retried), so Lambda's
 * `Errors` metric never moves and no error alarm fires. Each is logged at
 * error level with a `failure` field naming its metric; the CDK stack
 * (infra/constructs/handled-failure-metrics.ts, monitoring.ts) turns every function's log lines into
 * metrics with CloudWatch Logs metric filters built from this table, and
 * alarms on them. Logs rather than EMF: the lines exist anyway (with the
 * request id a person quotes), and a filter costs no dependency, no bundle
 * size and no flush at the end of each invocation.
 */
import type { Logger } from './logger.js';

export const HANDLED_FAILURES = {
  /** An unexpected error answered as a GraphQL `INTERNAL` error (HTTP 200, a ws `error`/`next`, or HTTP 500). */
  internalError: {
    metricName: 'InternalErrors',
    description: 'INTERNAL GraphQL errors answered to clients (HTTP 200 or over WebSocket): see logs by requestId',
  },
  /** A WebSocket route invocation that failed and was answered 500 (the client's socket is closed 1011). */
  wsHandlerFailure: {
    metricName: 'WsHandlerFailures',
    description: 'WebSocket messages answered 500 (socket closed 1011) without a Lambda error',
  },
  /** A domain of a stream batch reported as batch item failures (retried, then the on-failure destination). */
  streamBatchFailure: {
    metricName: 'StreamBatchFailures',
    description: 'Stream batches partly failed (batch item failures; retried, then sent to the DLQ)',
  },
  /** A Deliver invocation that failed after it ran: its shard's connections were ended so their clients resume. */
  deliverInvocationFailed: {
    metricName: 'DeliverInvocationFailures',
    description: "Deliver invocations failed mid-shard (timeout, error): the shard's screens reconnect and resume",
  },
} as const;

export type HandledFailure = keyof typeof HANDLED_FAILURES;

/** The log field that names a handled failure's metric. */
export const FAILURE_FIELD = 'failure';

/** Logs a handled failure at error level, tagged so its metric filter counts it. */
export function logHandledFailure(
  logger: Logger,
  kind: HandledFailure,
  msg: string,
  fields: Record<string, unknown> = {},
): void {
  logger.error(msg, { ...fields, [FAILURE_FIELD]: HANDLED_FAILURES[kind].metricName });
}

/**
 * The CloudWatch Logs filter pattern (JSON form) that matches exactly the
 * lines `logHandledFailure` writes for `kind`.
 */
export function failureFilterPattern(kind: HandledFailure): string {
  return `{ ($.level = "error") && ($.${FAILURE_FIELD} = "${HANDLED_FAILURES[kind].metricName}") }`;
}
