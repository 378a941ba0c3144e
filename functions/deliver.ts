/**
 * Lambda entry: posts one shard of a fan-out group, invoked synchronously by
 * the Stream function (core/realtime/delivery/invoked-shards.ts). It composes
 * the connections room only (store and management-API sockets): no schema,
 * no executor, no hub. The request and its checks: deliver-request.ts.
 */
import { composeBase } from './core/compose/base.js';
import { composeConnections } from './core/compose/connections.js';
import { loadConfig } from './core/config/config.js';
import { makeDeliverHandler } from './core/realtime/delivery/deliver-request.js';
import { SHARD_DEFAULTS } from './core/realtime/delivery/shards.js';

const base = composeBase(loadConfig());
const { store, socketFor } = composeConnections(base);

export const handler = makeDeliverHandler({
  store,
  socketFor,
  logger: base.logger,
  concurrency: SHARD_DEFAULTS.postsInFlight,
});
