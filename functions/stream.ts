/**
 * Lambda entry: projector and fan-out, woken by the hub table's stream. It
 * composes the hub (the projector), the connections and the delivery, which
 * executes subscription selections with graphql's `execute`: no HTTP app, no
 * protocol.
 */
import { composeBase } from './core/compose/base.js';
import { composeConnections } from './core/compose/connections.js';
import { composeDelivery } from './core/compose/delivery.js';
import { composeHubOnBase } from './core/compose/hub.js';
import { composeShardRunner } from './core/compose/shard-runner.js';
import { loadConfig } from './core/config/config.js';
import { makeStreamHandler } from './core/stream/stream-handler.js';

const base = composeBase(loadConfig());
const hub = composeHubOnBase(base);
const connections = composeConnections(base);
// Shards beyond the first go to Deliver invocations when DELIVER_FUNCTION is set.
const { fanOut } = composeDelivery(base, hub, connections, { shards: composeShardRunner(base, connections) });

export const handler = makeStreamHandler({ projector: hub.projector, fanOut, logger: base.logger });
