/**
 * The embedded runtime's Lambda fleet: for every function in
 * functions/manifest.ts, a pool of instances (instance-pool.ts), each
 * composed as its Lambda entry composes itself (function-instances.ts) over
 * ITS OWN store client, guarded by that function's grants (iam-guard.ts), and
 * each invocation run under the function's deadline (invoke.ts). What the
 * gateway, the local server and the local stream call are the dispatchers
 * here; none of them holds an instance.
 *
 * Instances per function: Http and Ws 2 by default (AWS keeps many warm
 * environments, each with its own caches: two is the least that shows what
 * diverging caches do), Stream 1 (one shard consumer, parallelizationFactor 1),
 * Sweep 1 and WsAuthorize 1. On a burst, a function scales out with cold
 * starts up to `maxInstances` (default DEFAULT_MAX_INSTANCES; the Stream stays
 * at 1), then invocations queue (instance-pool.ts). A test that needs exactly
 * N instances sets both to N.
 */
import type { DynamoDBClient, DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import type {
  APIGatewayProxyStructuredResultV2,
  Context,
  DynamoDBBatchResponse,
  DynamoDBStreamEvent,
} from 'aws-lambda';
import { API_GATEWAY_HTTP } from '../../../functions/core/aws/service-limits.js';
import type { HubDeps } from '../../../functions/core/compose/hub.js';
import type { HubConfig } from '../../../functions/core/config/config.js';
import type { HttpHandler } from '../../../functions/core/http/lambda-http.js';
import type { Logger } from '../../../functions/core/logger.js';
import type { SweepResult } from '../../../functions/core/realtime/connections/sweeper.js';
import type { ConnectAuthRequest } from '../../../functions/core/realtime/protocol/connect-auth.js';
import type { WsHandler } from '../../../functions/core/realtime/protocol/ws-event.js';
import { documentClient } from '../../../functions/core/store/clients.js';
import { PREFIX } from '../../../functions/core/store/keys/prefixes.js';
import { type FunctionSpec, functionSpec } from '../../../functions/manifest.js';
import {
  composeDeliverInstance,
  composeHttpInstance,
  composeStreamInstance,
  composeSweepInstance,
  composeWsAuthorizeInstance,
  composeWsInstance,
  type InstanceEnv,
} from './function-instances.js';
import { type AccessRequest, guardDynamoClient } from './iam-guard.js';
import { InstancePool, type PoolSlot } from './instance-pool.js';
import { createInvoker, type Invoker, isLambdaTimeout } from './invoke.js';
import { localCredentialsFor } from './local-credentials.js';

export type FleetFunction = 'Http' | 'Ws' | 'Stream' | 'Deliver' | 'Sweep' | 'WsAuthorize';

export const DEFAULT_INSTANCES: Record<FleetFunction, number> = {
  Http: 2,
  Ws: 2,
  Stream: 1,
  Deliver: 1,
  Sweep: 1,
  WsAuthorize: 1,
};

/**
 * The most instances of a function by default: enough for the bursts the tests
 * and a demo make (a thousand screens connecting at once) without composing a
 * thousand hubs on a laptop; beyond it invocations queue.
 */
export const DEFAULT_MAX_INSTANCES = 16;

/**
 * The Deliver function's default most instances: a fan-out to 10,000 screens
 * invokes 39 at once (shards of 250, the first in the Stream), and an instance
 * is only a store client and a connection store.
 */
export const DEFAULT_MAX_DELIVER_INSTANCES = 64;

/** A function the event source mapping serves one batch at a time on one shard. */
const SINGLE: FleetFunction[] = ['Stream'];

export interface FleetOptions {
  config: HubConfig;
  logger: Logger;
  /** A new, unguarded store client (one per instance). */
  newClient(): DynamoDBClient;
  /** Called with every new client of a function that may append to the log (the local stream watches it). */
  watchAppends?(client: DynamoDBClient): void;
  /** Warm instances per function (Stream stays 1: one shard, parallelizationFactor 1). */
  instances?: Partial<Record<FleetFunction, number>>;
  /** Most instances per function (cold starts on a burst); default DEFAULT_MAX_INSTANCES, then invocations queue. */
  maxInstances?: Partial<Record<FleetFunction, number>>;
  /** Compresses every deadline (0.01: Http's 15 s in 150 ms). Default 1. */
  timeScale?: number;
  /** Passed to every hub (a test clock). */
  hub?: Partial<HubDeps>;
}

/** What a store client must allow middleware on (the SDK's stack). */
export type ClientMiddleware = (client: DynamoDBClient, functionName: FleetFunction, instanceId: string) => void;

interface Running<I, E, R> {
  id: string;
  value: I;
  client: DynamoDBClient;
  invoke: Invoker<E, R>;
}

export interface Denial {
  functionName: FleetFunction;
  instanceId: string;
  /** A store command's request, or an invoke's (the local Lambda API: `resource` is the target function). */
  request: AccessRequest | { action: 'lambda:InvokeFunction' | 'execute-api:ManageConnections'; resource: string };
  message: string;
}

/** HTTP API's answer when the integration times out: the route waited its 30 s maximum. */
export const HTTP_TIMEOUT_RESPONSE: APIGatewayProxyStructuredResultV2 = {
  statusCode: 503,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'Service Unavailable' }),
};

/** HTTP API's answer when the Lambda integration fails: the function threw, or Lambda ended it at its timeout. */
export const HTTP_ERROR_RESPONSE: APIGatewayProxyStructuredResultV2 = {
  statusCode: 500,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'Internal Server Error' }),
};

/**
 * What the HTTP API answers for a failed invocation. A Lambda timeout is a
 * function error ("Task timed out"), answered 500 like any other, as long as
 * the function's timeout ends it before the route's integration timeout (30 s
 * for HTTP APIs) would; only a function allowed to outlast the route would see
 * the route give up first, with 503. The Http function's 15 s fit, so a
 * timed-out request is a 500 (the stack test checks they fit).
 */
export function httpAnswerToFailure(err: unknown, spec: Pick<FunctionSpec, 'timeoutSeconds'>) {
  const routeGivesUpFirst = API_GATEWAY_HTTP.integrationTimeoutSeconds < spec.timeoutSeconds;
  return isLambdaTimeout(err) && routeGivesUpFirst ? HTTP_TIMEOUT_RESPONSE : HTTP_ERROR_RESPONSE;
}

/** Whether a function's grants let it write log items (its client must then wake the local stream). */
export function appendsToLog(spec: Pick<FunctionSpec, 'grants'>): boolean {
  return spec.grants.some(
    (g) =>
      g.table === 'hub' &&
      (g.actions.includes('append') || g.actions.includes('write')) &&
      g.keyPrefixes.some((p) => p === '*' || p === PREFIX.log),
  );
}

export class LambdaFleet {
  readonly http: InstancePool<Running<ReturnType<typeof composeHttpInstance>, Parameters<HttpHandler>[0], unknown>>;
  readonly ws: InstancePool<Running<ReturnType<typeof composeWsInstance>, Parameters<WsHandler>[0], unknown>>;
  readonly stream: InstancePool<Running<ReturnType<typeof composeStreamInstance>, DynamoDBStreamEvent, unknown>>;
  readonly deliverer: InstancePool<Running<ReturnType<typeof composeDeliverInstance>, unknown, unknown>>;
  readonly sweeper: InstancePool<Running<ReturnType<typeof composeSweepInstance>, void, SweepResult>>;
  readonly authorizer: InstancePool<
    Running<ReturnType<typeof composeWsAuthorizeInstance>, ConnectAuthRequest, unknown>
  >;
  /** Every AccessDeniedException the emulated IAM raised (a real AWS failure if a handler hit one). */
  readonly denials: Denial[] = [];
  private readonly middleware: { apply: ClientMiddleware; only?: FleetFunction }[] = [];
  private readonly clients = new Map<string, { client: DynamoDBClient; fn: FleetFunction }>();
  /** The Stream instance running the current batch (the mapping runs one at a time). */
  private streamSlot: PoolSlot<Running<ReturnType<typeof composeStreamInstance>, DynamoDBStreamEvent, unknown>> | null =
    null;

  constructor(private readonly options: FleetOptions) {
    this.http = this.pool('Http', composeHttpInstance);
    this.ws = this.pool('Ws', composeWsInstance);
    this.stream = this.pool('Stream', composeStreamInstance);
    this.deliverer = this.pool('Deliver', composeDeliverInstance);
    this.sweeper = this.pool('Sweep', composeSweepInstance);
    this.authorizer = this.pool('WsAuthorize', composeWsAuthorizeInstance);
  }

  /** The Http function, as the HTTP API invokes it: a timeout or a failure answers as API Gateway does. */
  readonly httpHandler: HttpHandler = async (event) => {
    try {
      return (await this.http.run((slot) => slot.instance.invoke(event))) as APIGatewayProxyStructuredResultV2;
    } catch (err) {
      this.options.logger.error('Http invocation failed', { err, timeout: isLambdaTimeout(err) });
      return httpAnswerToFailure(err, functionSpec('Http'));
    }
  };

  /**
   * The Ws function. A timeout or a failure rejects; the gateway (ws-gateway.ts) answers it as API
   * Gateway answers a failed integration: `$connect` refused with 500, a `$default` message dropped.
   */
  readonly wsHandler: WsHandler = (event) =>
    this.ws.run((slot) => slot.instance.invoke(event)) as ReturnType<WsHandler>;

  /** The `$connect` REQUEST authorizer (WsAuthorize). */
  readonly authorize = (request: ConnectAuthRequest) =>
    this.authorizer.run((slot) => slot.instance.invoke(request)) as ReturnType<
      ReturnType<typeof composeWsAuthorizeInstance>['handler']
    >;

  /**
   * A function invoked through the Lambda API (aws/lambda-api.ts), on its pool under its deadline.
   * Only functions other functions invoke are served: the rest have their own event sources here.
   */
  readonly invoke = (functionName: string, event: unknown): Promise<unknown> => {
    if (functionName !== 'Deliver') throw new Error(`${functionName} is not invoked through the Lambda API here`);
    return this.deliverer.run((slot) => slot.instance.invoke(event));
  };

  /** One scheduled run of the Sweep function. */
  readonly sweep = (): Promise<SweepResult> => this.sweeper.run((slot) => slot.instance.invoke(undefined));

  /**
   * The Stream function's handler for the local event source mapping, which
   * invokes it under the Stream deadline itself (local-stream.ts): this runs
   * the batch on the Stream instance, and `discardStreamInstance` is its
   * `onTimeout`.
   */
  readonly streamHandler = (event: DynamoDBStreamEvent, context?: Context): Promise<DynamoDBBatchResponse> =>
    this.stream.run(async (slot) => {
      this.streamSlot = slot;
      const handler = slot.instance.value.handler as (
        e: DynamoDBStreamEvent,
        c?: Context,
      ) => Promise<DynamoDBBatchResponse>;
      return handler(event, context);
    });

  readonly discardStreamInstance = () => {
    if (this.streamSlot) this.stream.discard(this.streamSlot);
  };

  /** Adds middleware to the store client of every instance, now and built later (tests observe commands). */
  useMiddleware(apply: ClientMiddleware, only?: FleetFunction) {
    this.middleware.push({ apply, only });
    for (const [id, { client, fn }] of this.clients) if (!only || only === fn) apply(client, fn, id);
  }

  private pool<I extends { handler: (event: never) => unknown }, E, R>(
    name: FleetFunction,
    compose: (env: InstanceEnv) => I,
  ): InstancePool<Running<I, E, R>> {
    const spec = functionSpec(name);
    const warm = SINGLE.includes(name) ? 1 : (this.options.instances?.[name] ?? DEFAULT_INSTANCES[name]);
    const defaultMax = name === 'Deliver' ? DEFAULT_MAX_DELIVER_INSTANCES : DEFAULT_MAX_INSTANCES;
    const max = SINGLE.includes(name) ? 1 : (this.options.maxInstances?.[name] ?? Math.max(warm, defaultMax));
    return new InstancePool<Running<I, E, R>>({
      name,
      warm,
      max,
      build: ({ id, discard }) => {
        const client = this.clientFor(name, spec, id);
        const value = compose({
          // Its own credentials name the function to the local APIs that check its rights (lambda-api.ts).
          config: { ...this.options.config, credentials: localCredentialsFor(name) },
          logger: this.options.logger.child({ function: name, instance: id }),
          ddb: documentClient(client),
          hub: this.options.hub,
        });
        // The context goes on to handlers that read it (request ids, remaining time), as Lambda passes it.
        const handler = value.handler as unknown as (event: E, context: Context) => Promise<R>;
        const invoke = createInvoker<E, R>((event, context) => handler(event, context), {
          spec,
          timeScale: this.options.timeScale,
          instanceId: id,
          // Lambda throws the environment away; its late result is discarded by the invoker.
          onTimeout: (err) => {
            this.options.logger.error('invocation timed out; instance discarded', { instance: id, err });
            discard();
          },
        });
        return { id, value, client, invoke };
      },
    });
  }

  private clientFor(name: FleetFunction, spec: FunctionSpec, instanceId: string): DynamoDBClient {
    const client = this.options.newClient();
    guardDynamoClient(client, {
      spec,
      tables: { hub: this.options.config.hubTable, connections: this.options.config.connectionsTable },
      onDenied: (error: DynamoDBServiceException, request) => {
        this.denials.push({ functionName: name, instanceId, request, message: error.message });
        this.options.logger.error('emulated IAM denied a store command (AccessDeniedException on AWS)', {
          function: name,
          instance: instanceId,
          action: request.action,
          leadingKeys: request.leadingKeys,
        });
      },
    });
    if (appendsToLog(spec)) this.options.watchAppends?.(client);
    this.clients.set(instanceId, { client, fn: name });
    for (const m of this.middleware) if (!m.only || m.only === name) m.apply(client, name, instanceId);
    return client;
  }
}
