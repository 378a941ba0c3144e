/**
 * Lambda entry: graphql-transport-ws over API Gateway WebSocket (`$connect`,
 * `$default`, `$disconnect`), one protocol message per invocation. It
 * composes the protocol over the connections and the delivery (operations
 * and back-fill on subscribe), which stand on the hub: no HTTP app.
 */
import { createTokenVerifier } from './core/auth/verify-token.js';
import { composeBase } from './core/compose/base.js';
import { composeConnections } from './core/compose/connections.js';
import { composeDelivery } from './core/compose/delivery.js';
import { composeHubOnBase } from './core/compose/hub.js';
import { composeWsProtocol } from './core/compose/ws-protocol.js';
import { loadConfig } from './core/config/config.js';

const base = composeBase(loadConfig());
const connections = composeConnections(base);
const delivery = composeDelivery(base, composeHubOnBase(base), connections);
const { wsHandler } = composeWsProtocol(base, connections, delivery, createTokenVerifier(base.config.auth));

export const handler = wsHandler;
