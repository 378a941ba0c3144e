/**
 * One execution environment of each manifest function, composed exactly as
 * its Lambda entry composes itself at cold start (functions/http.ts, ws.ts,
 * stream.ts, deliver.ts, sweep.ts, ws-authorize.ts) — the same compose functions, in the
 * same order — but over the config the embedded runtime makes and the store
 * client the fleet hands in (guarded by that function's grants). Every call
 * builds fresh module state: a hub with its own cached log heads, a projector
 * with its own checkpoints in memory, a street cache, a token verifier.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayAuthorizerResult } from 'aws-lambda';
import { createTokenVerifier } from '../../../functions/core/auth/verify-token.js';
import { type Base, composeBase } from '../../../functions/core/compose/base.js';
import { type Connections, composeConnections } from '../../../functions/core/compose/connections.js';
import { composeDelivery, type Delivery } from '../../../functions/core/compose/delivery.js';
import { composeHttpRuntime, type HttpRuntime } from '../../../functions/core/compose/http-runtime.js';
import { composeHubOnBase, type Hub, type HubDeps } from '../../../functions/core/compose/hub.js';
import { composeShardRunner } from '../../../functions/core/compose/shard-runner.js';
import { composeWsProtocol } from '../../../functions/core/compose/ws-protocol.js';
import type { HubConfig } from '../../../functions/core/config/config.js';
import { type HttpHandler, makeHttpHandler } from '../../../functions/core/http/lambda-http.js';
import type { Logger } from '../../../functions/core/logger.js';
import type { SweepResult } from '../../../functions/core/realtime/connections/sweeper.js';
import { makeDeliverHandler } from '../../../functions/core/realtime/delivery/deliver-request.js';
import { SHARD_DEFAULTS } from '../../../functions/core/realtime/delivery/shards.js';
import { authorizeConnect, type ConnectAuthRequest } from '../../../functions/core/realtime/protocol/connect-auth.js';
import type { ProtocolDeps } from '../../../functions/core/realtime/protocol/context.js';
import type { WsHandler } from '../../../functions/core/realtime/protocol/ws-event.js';
import { makeStreamHandler } from '../../../functions/core/stream/stream-handler.js';

/** What an instance is composed over: what `loadConfig()` and the SDK give a Lambda at cold start. */
export interface InstanceEnv {
  config: HubConfig;
  logger: Logger;
  /** This instance's own store client, guarded by its function's grants. */
  ddb: DynamoDBDocumentClient;
  /** Hub overrides the embedded runtime passes to every hub (a test clock). */
  hub?: Partial<HubDeps>;
}

const baseOf = (env: InstanceEnv): Base => composeBase(env.config, { ddb: env.ddb, logger: env.logger });

export interface HttpInstance {
  runtime: HttpRuntime;
  handler: HttpHandler;
}

/** functions/http.ts, with GraphiQL on GET (the local server serves it; API Gateway has no GET route for it). */
export function composeHttpInstance(env: InstanceEnv): HttpInstance {
  const runtime = composeHttpRuntime(env.config, { ddb: env.ddb, logger: env.logger, graphiql: true, hub: env.hub });
  return { runtime, handler: makeHttpHandler(runtime.graphql, runtime.logger) };
}

export interface WsInstance {
  base: Base;
  connections: Connections;
  delivery: Delivery;
  protocol: ProtocolDeps;
  handler: WsHandler;
}

/** functions/ws.ts */
export function composeWsInstance(env: InstanceEnv): WsInstance {
  const base = baseOf(env);
  const connections = composeConnections(base);
  const delivery = composeDelivery(base, composeHubOnBase(base, env.hub), connections);
  const verifier = createTokenVerifier(base.config.auth);
  const { protocol, wsHandler } = composeWsProtocol(base, connections, delivery, verifier);
  return { base, connections, delivery, protocol, handler: wsHandler };
}

export interface StreamInstance {
  hub: Hub;
  delivery: Delivery;
  handler: ReturnType<typeof makeStreamHandler>;
}

/** functions/stream.ts */
export function composeStreamInstance(env: InstanceEnv): StreamInstance {
  const base = baseOf(env);
  const hub = composeHubOnBase(base, env.hub);
  const connections = composeConnections(base);
  const delivery = composeDelivery(base, hub, connections, { shards: composeShardRunner(base, connections) });
  const handler = makeStreamHandler({ projector: hub.projector, fanOut: delivery.fanOut, logger: base.logger });
  return { hub, delivery, handler };
}

export interface DeliverInstance {
  handler: ReturnType<typeof makeDeliverHandler>;
}

/** functions/deliver.ts */
export function composeDeliverInstance(env: InstanceEnv): DeliverInstance {
  const base = baseOf(env);
  const { store, socketFor } = composeConnections(base);
  const concurrency = SHARD_DEFAULTS.postsInFlight;
  return { handler: makeDeliverHandler({ store, socketFor, logger: base.logger, concurrency }) };
}

export interface SweepInstance {
  connections: Connections;
  handler: () => Promise<SweepResult>;
}

/** functions/sweep.ts */
export function composeSweepInstance(env: InstanceEnv): SweepInstance {
  const connections = composeConnections(baseOf(env));
  return { connections, handler: () => connections.sweep() };
}

export interface WsAuthorizeInstance {
  handler: (event: ConnectAuthRequest) => Promise<APIGatewayAuthorizerResult>;
}

/** functions/ws-authorize.ts (the verifier is built per instance and caches the issuer's keys in it). */
export function composeWsAuthorizeInstance(env: InstanceEnv): WsAuthorizeInstance {
  const verifier = createTokenVerifier(env.config.auth);
  return {
    handler: (event) => authorizeConnect(event, verifier, (reason) => env.logger.info('connect denied', { reason })),
  };
}
