/**
 * Structured JSON logs, one line per entry. Every line written while a request
 * is being handled carries that request's ids (`requestId`, and Lambda's
 * `awsRequestId` when it differs), so an `INTERNAL` error a person quotes
 * leads to every line of its request: the handler adapters open a request
 * scope (`inRequestScope`) and the logger reads it from AsyncLocalStorage,
 * because the services deep below (yoga's error masking, the write path) are
 * built once per instance and never see the request.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

/** The ids of the request being handled. */
export interface RequestScope {
  /** The id a client can see and quote: API Gateway's request id, else Lambda's. */
  requestId: string;
  /** Lambda's invocation id (its START/END/REPORT lines), when it differs from `requestId`. */
  awsRequestId?: string;
}

const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Runs one request's handling with its ids in scope. The id is API Gateway's
 * when the event has one, else Lambda's; the embedded runtime without either
 * gets a fresh UUID so an error can still be quoted.
 */
export function inRequestScope<T>(
  ids: { requestId?: string; awsRequestId?: string },
  run: () => Promise<T>,
): Promise<T> {
  const requestId = ids.requestId ?? ids.awsRequestId ?? randomUUID();
  const scope: RequestScope = { requestId };
  if (ids.awsRequestId && ids.awsRequestId !== requestId) scope.awsRequestId = ids.awsRequestId;
  return requestScope.run(scope, run);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return requestScope.getStore()?.requestId;
}

export function createLogger(
  level: Level = 'info',
  base: Record<string, unknown> = {},
  sink: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const emit = (l: Level, msg: string, fields?: Record<string, unknown>) => {
    if (ORDER[l] < ORDER[level]) return;
    const entry: Record<string, unknown> = {
      level: l,
      time: new Date().toISOString(),
      msg,
      ...base,
      ...requestScope.getStore(),
    };
    for (const [k, v] of Object.entries(fields ?? {})) {
      if (v !== undefined) entry[k] = v instanceof Error ? serializeError(v) : v;
    }
    sink(JSON.stringify(entry));
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger(level, { ...base, ...fields }, sink),
  };
}

export const silentLogger: Logger = createLogger('error', {}, () => {});

function serializeError(err: Error): Record<string, unknown> {
  const cause = (err as { cause?: unknown }).cause ?? (err as { originalError?: unknown }).originalError;
  return {
    name: err.name,
    message: err.message,
    stack: err.stack,
    ...(cause instanceof Error ? { cause: serializeError(cause) } : {}),
  };
}
