/**
 * Everything a handler needs, built once per cold start from the config:
 * clients, the hub, the token verifier and the GraphQL app. The embedded
 * runtime builds the same thing from a config it makes itself.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { schema } from '../../../schema/index.js';
import { createTokenVerifier, type TokenVerifier } from '../auth/verify-token.js';
import type { HubConfig } from '../config/config.js';
import { createGraphqlApp, type GraphqlApp } from '../http/graphql-app.js';
import { createLogger, type Logger } from '../logger.js';
import { createDynamoClient, documentClient } from '../store/clients.js';
import { createHub, type Hub, type HubDeps } from './hub.js';

export interface Runtime {
  config: HubConfig;
  ddb: DynamoDBDocumentClient;
  hub: Hub;
  verifyToken: TokenVerifier;
  graphql: GraphqlApp;
  logger: Logger;
}

export interface RuntimeOverrides {
  ddb?: DynamoDBDocumentClient;
  logger?: Logger;
  hub?: Partial<HubDeps>;
  graphiql?: boolean;
}

export function createRuntime(config: HubConfig, overrides: RuntimeOverrides = {}): Runtime {
  const logger = overrides.logger ?? createLogger(config.logLevel, { stage: config.stage });
  const ddb = overrides.ddb ?? documentClient(createDynamoClient(config));
  const hub = createHub({
    ddb,
    hubTable: config.hubTable,
    projectOnWrite: config.projectOnWrite,
    logger,
    ...overrides.hub,
  });
  const verifyToken = createTokenVerifier(config.auth);
  const graphql = createGraphqlApp({
    schema,
    services: hub.services,
    verifyToken,
    logger,
    webOrigin: config.webOrigin,
    graphiql: overrides.graphiql ?? false,
  });
  return { config, ddb, hub, verifyToken, graphql, logger };
}
