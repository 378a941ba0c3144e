/**
 * Every Lambda entry point, what it reads from the environment and which table
 * access it needs. The CDK stack (infra/) builds functions, environments and
 * least-privilege grants from this list, so adding a handler or a variable
 * here is the only change the stack needs.
 *
 * Key prefixes are the `PK` prefixes of table items (see core/store/tables.ts),
 * taken from the store's key module so a grant names exactly the keys the
 * code builds.
 */
import { ENV } from './core/config/config.js';
import { FANOUT_CHECKPOINT_KEY } from './core/store/keys/checkpoints.js';
import { PREFIX } from './core/store/keys/prefixes.js';

export type TableAction = 'read' | 'append' | 'write' | 'delete' | 'scan';

export interface TableGrant {
  table: 'hub' | 'connections';
  /**
   * read: GetItem, BatchGetItem, Query (also on indexes)
   * append: PutItem only (the log: conditional put, never update or delete)
   * write: PutItem, UpdateItem, BatchWriteItem (puts)
   * delete: DeleteItem, BatchWriteItem (deletes)
   * scan: Scan (no key condition exists for a scan, so only grant it with `*`;
   *   the sweeper needs it to find expired rows, which have no index)
   */
  actions: TableAction[];
  /** PK prefixes this grant is limited to; `*` means the whole table. */
  keyPrefixes: string[];
}

/**
 * The event source mapping of the hub stream (AWS::Lambda::EventSourceMapping).
 * The CDK stack (infra/constructs/stream-consumer.ts) and the embedded
 * runtime's emulation of it (infra/local/aws/event-source-mapping.ts) both read
 * these numbers, so a rehearsal retries and ages out exactly as AWS would.
 */
export interface StreamMapping {
  /** Most records per invocation. */
  batchSize: number;
  /** Retries of a failed batch before it goes to the on-failure destination. */
  retryAttempts: number;
  /** A record older than this is not retried: its batch goes to the on-failure destination. */
  maxRecordAgeSeconds: number;
  /** Split a failed batch in two and retry the halves separately. */
  bisectOnError: boolean;
  /** The handler answers `batchItemFailures`; only from the first failed record on is retried. */
  reportBatchItemFailures: boolean;
}

/** A WebSocket API route key served by a function. */
export type WsRoute = '$connect' | '$default' | '$disconnect';

/** An HTTP API route served by a function. */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  /** Reachable without a JWT (health checks). Everything else goes through the JWT authorizer. */
  public?: boolean;
}

export interface FunctionSpec {
  /** Logical name, used for construct ids. */
  name: string;
  /** Entry file relative to the repo root. */
  entry: string;
  description: string;
  /** Environment variables the handler's config reads (names from ENV). */
  env: string[];
  grants: TableGrant[];
  /** Needs execute-api:ManageConnections on the WebSocket API. */
  managesConnections?: boolean;
  timeoutSeconds: number;
  memoryMb: number;
  /** Routes of the HTTP API integrated with this function. */
  httpRoutes?: HttpRoute[];
  /**
   * Routes of the WebSocket API integrated with this function. One function
   * serves all three so the protocol state machine lives in one place; API
   * Gateway only supports authorizers on `$connect` (see infra/constructs/websocket-api.ts).
   */
  wsRoutes?: WsRoute[];
  /**
   * Woken by the hub table's stream, filtered to `LOG#` items (stream records
   * are wake-ups: the handler reads the log itself from its checkpoint).
   */
  hubStream?: boolean;
  /** Required with `hubStream`: how the stream's records are batched, retried and aged out. */
  streamMapping?: StreamMapping;
  /**
   * The Lambda REQUEST authorizer of the WebSocket `$connect` route: rejects a
   * bad `?token=`, admits a token-less connect as unauthenticated (the token
   * then arrives in `connection_init`).
   */
  wsAuthorizer?: boolean;
  /** Invoked by an EventBridge schedule every `rateMinutes` minutes. */
  schedule?: { rateMinutes: number };
  /**
   * Functions of this manifest it invokes synchronously (lambda:InvokeFunction on
   * exactly those; the name of each arrives in the variable `invokeEnv` names).
   */
  invokes?: Array<{ function: string; env: string }>;
  /**
   * Bundle AWS SDK v3 into the handler (the default, infra/constructs/handler-bundling.ts:
   * a faster cold start and the SDK version the tests ran) or, with `false`, import the
   * one the Node 22 Lambda runtime ships, for a far smaller bundle.
   */
  bundleAwsSdk?: boolean;
}

const base = [ENV.stage, ENV.hubTable, ENV.connectionsTable, ENV.jwksUrl, ENV.issuer, ENV.audience, ENV.logLevel];

/**
 * What the write path (core/domain/writes.ts: reports and admin mutations)
 * needs beyond reading: append to a log, reserve idempotency keys and, with
 * projectOnWrite, catch the read models up before it returns. Every function
 * that executes mutations gets exactly these, so the transports cannot drift.
 */
export const WRITE_PATH_GRANTS: TableGrant[] = [
  { table: 'hub', actions: ['append'], keyPrefixes: [PREFIX.log] },
  { table: 'hub', actions: ['write'], keyPrefixes: [PREFIX.idempotency, PREFIX.checkpoint, PREFIX.readModel] },
  // per-principal rate limits (core/limits/rate-limiter.ts): mutations here, subscribes and connections on the Ws
  { table: 'hub', actions: ['write'], keyPrefixes: [PREFIX.rateLimit] },
];

/**
 * Every function that resolves events or cursors reads the logs' epoch and, finding none (a new store) or one
 * written for another table (a restored copy), writes it (core/log/log-epoch.ts): its own prefix, nothing else.
 */
export const LOG_EPOCH_GRANT: TableGrant = { table: 'hub', actions: ['write'], keyPrefixes: [PREFIX.epoch] };

export const FUNCTIONS: FunctionSpec[] = [
  {
    name: 'Http',
    entry: 'functions/http.ts',
    description: 'GraphQL over HTTP (API Gateway HTTP API, payload v2)',
    env: [...base, ENV.webOrigin, ENV.projectOnWrite, ENV.introspection, ENV.limits],
    grants: [
      { table: 'hub', actions: ['read'], keyPrefixes: ['*'] },
      ...WRITE_PATH_GRANTS,
      // verifyLog stores its verified anchor so the next call checks only what is new
      { table: 'hub', actions: ['write'], keyPrefixes: [PREFIX.verification] },
      LOG_EPOCH_GRANT,
    ],
    httpRoutes: [
      { method: 'POST', path: '/graphql' },
      { method: 'GET', path: '/healthz', public: true },
    ],
    timeoutSeconds: 15,
    memoryMb: 1024,
  },
  {
    name: 'Stream',
    entry: 'functions/stream.ts',
    description: 'Projector and fan-out, woken by the hub table stream',
    env: [...base, ENV.wsManagementEndpoint, ENV.deliverFunction],
    grants: [
      { table: 'hub', actions: ['read'], keyPrefixes: ['*'] },
      { table: 'hub', actions: ['write'], keyPrefixes: [PREFIX.checkpoint, PREFIX.readModel] },
      LOG_EPOCH_GRANT,
      { table: 'connections', actions: ['read', 'delete'], keyPrefixes: ['*'] },
    ],
    managesConnections: true,
    // A group's shards beyond the first go to Deliver invocations (core/realtime/delivery/invoked-shards.ts).
    invokes: [{ function: 'Deliver', env: ENV.deliverFunction }],
    hubStream: true,
    streamMapping: {
      batchSize: 100,
      retryAttempts: 5,
      // A wake-up older than this is moot: the on-failure entry triggers a replay instead.
      maxRecordAgeSeconds: 3600,
      bisectOnError: true,
      reportBatchItemFailures: true,
    },
    timeoutSeconds: 60,
    memoryMb: 1024,
  },
  {
    name: 'Deliver',
    entry: 'functions/deliver.ts',
    description: 'Posts one shard of a fan-out group to its connections, invoked synchronously by the Stream function',
    env: [...base, ENV.wsManagementEndpoint],
    // What send-next does to a connection: remove it when gone (410), a subscription over the message limit.
    grants: [{ table: 'connections', actions: ['read', 'delete'], keyPrefixes: ['*'] }],
    managesConnections: true,
    // A shard of 250 connections × 25 events at 20 ms per post and 32 in flight takes ~4 s; each invocation
    // is also told to answer within the Stream pass's own time left (invoked-shards.ts), so this is a ceiling.
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  {
    name: 'Ws',
    entry: 'functions/ws.ts',
    description: 'graphql-transport-ws over API Gateway WebSocket, one protocol message per invocation',
    // A graphql-ws client sends mutations over the socket too: the Ws function runs the same write path as Http.
    env: [...base, ENV.wsManagementEndpoint, ENV.wsInitTimeoutMs, ENV.projectOnWrite, ENV.introspection, ENV.limits],
    grants: [
      { table: 'connections', actions: ['read', 'write', 'delete'], keyPrefixes: ['*'] },
      // back-fill from the log on subscribe with `after`
      { table: 'hub', actions: ['read'], keyPrefixes: ['*'] },
      // the back-fill's hand-over to live takes the fan-out's lease (see core/realtime/fan-out-checkpoint.ts)
      { table: 'hub', actions: ['write'], keyPrefixes: [FANOUT_CHECKPOINT_KEY.PK] },
      // mutations over WebSocket (`subscribe` with a mutation: core/realtime/delivery/operations.ts)
      ...WRITE_PATH_GRANTS,
      LOG_EPOCH_GRANT,
    ],
    managesConnections: true,
    wsRoutes: ['$connect', '$default', '$disconnect'],
    // API Gateway's integration limit: a `subscribe` with `after` back-fills from the log in this invocation.
    timeoutSeconds: 29,
    memoryMb: 1024,
  },
  {
    name: 'WsAuthorize',
    entry: 'functions/ws-authorize.ts',
    description: 'REQUEST authorizer of the WebSocket $connect route (verifies ?token= when present)',
    env: base,
    grants: [],
    wsAuthorizer: true,
    timeoutSeconds: 5,
    memoryMb: 512,
  },
  {
    name: 'Sweep',
    entry: 'functions/sweep.ts',
    description:
      'Deletes expired connections and subscriptions (DynamoDB TTL deletion lags) and closes connections that never sent connection_init (4408)',
    env: [...base, ENV.wsManagementEndpoint, ENV.wsInitTimeoutMs],
    grants: [{ table: 'connections', actions: ['read', 'scan', 'delete'], keyPrefixes: ['*'] }],
    managesConnections: true,
    schedule: { rateMinutes: 5 },
    // Every 5 minutes and off every request path, so a slower cold start costs nobody anything; without
    // the SDK (the Node 22 runtime ships v3) its bundle is its own code alone (tests/infra/sweep-bundle.test.ts).
    bundleAwsSdk: false,
    timeoutSeconds: 120,
    memoryMb: 512,
  },
];

/** The function the hub stream wakes, and its mapping settings. */
export function hubStreamFunction(
  functions: FunctionSpec[] = FUNCTIONS,
): FunctionSpec & { streamMapping: StreamMapping } {
  const spec = functions.find((f) => f.hubStream);
  if (!spec) throw new Error('No manifest function consumes the hub stream (hubStream: true)');
  if (!spec.streamMapping) throw new Error(`${spec.name}: hubStream needs streamMapping`);
  return spec as FunctionSpec & { streamMapping: StreamMapping };
}

/** A function's spec by logical name. */
export function functionSpec(name: string, functions: FunctionSpec[] = FUNCTIONS): FunctionSpec {
  const spec = functions.find((f) => f.name === name);
  if (!spec) throw new Error(`No manifest function named ${name}`);
  return spec;
}
