/**
 * Composes the connections room: the connection store (the connections
 * table), the sockets (the API Gateway management API) and the sweeper. This
 * is all the Sweep entry builds, so its bundle holds neither the schema nor a
 * GraphQL executor; the delivery and the protocol stand on it.
 */
import { ConfigError } from '../../../schema/errors.js';
import { apiGatewaySockets, createManagementClient } from '../realtime/connections/apigw-socket.js';
import type { ConnectionStore } from '../realtime/connections/connection-store.js';
import { DynamoConnectionStore } from '../realtime/connections/dynamo-connection-store.js';
import { retryingSockets } from '../realtime/connections/retrying-socket.js';
import type { SocketFactory } from '../realtime/connections/socket.js';
import { type SweepResult, sweep } from '../realtime/connections/sweeper.js';
import type { Base } from './base.js';

export interface ConnectionsOptions {
  /** Default: the management API at config.wsManagementEndpoint. */
  socketFor?: SocketFactory;
  now?: () => number;
}

export interface Connections {
  store: ConnectionStore;
  socketFor: SocketFactory;
  now: () => number;
  /** One pass of the sweeper: init timeouts (4408) closed, expired rows deleted. */
  sweep(): Promise<SweepResult>;
}

export function composeConnections(base: Base, options: ConnectionsOptions = {}): Connections {
  const { config, ddb, logger } = base;
  const now = options.now ?? Date.now;
  // Throttled posts are retried here, once for every caller (retrying-socket.ts).
  const socketFor = retryingSockets(options.socketFor ?? managementApiSockets(base));
  const store = new DynamoConnectionStore(ddb, config.connectionsTable, now);
  return { store, socketFor, now, sweep: () => sweep({ store, socketFor, logger, now }) };
}

function managementApiSockets({ config }: Base): SocketFactory {
  if (!config.wsManagementEndpoint)
    throw new ConfigError('WS_MANAGEMENT_ENDPOINT is required to reach WebSocket clients');
  return apiGatewaySockets(createManagementClient(config.wsManagementEndpoint, config.region, config.credentials));
}
