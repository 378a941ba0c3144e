/**
 * Lambda entry, on a schedule: closes connections that never sent
 * `connection_init` in time (4408) and deletes expired connection rows. It
 * composes the connections room alone (store, management-API sockets,
 * sweeper): no hub, no schema, no GraphQL.
 */
import { composeBase } from './core/compose/base.js';
import { composeConnections } from './core/compose/connections.js';
import { loadConfig } from './core/config/config.js';

const connections = composeConnections(composeBase(loadConfig()));

export const handler = async () => connections.sweep();
