/**
 * Composes the GraphQL HTTP app and what it stands on: the base (config,
 * logger, store client), the hub, the token verifier and the graphql-yoga app
 * over the Pothos schema. Only the Http entry and the embedded runtime (which
 * serves the same app locally) build it: yoga is the largest part of a
 * bundle, and no other function answers HTTP.
 */
import { schema } from '../../../schema/index.js';
import { createTokenVerifier, type TokenVerifier } from '../auth/verify-token.js';
import type { HubConfig } from '../config/config.js';
import { createGraphqlApp, type GraphqlApp } from '../http/graphql-app.js';
import { createRateLimiter } from '../limits/rate-limiter.js';
import { type Base, type BaseOverrides, composeBase } from './base.js';
import { composeHubOnBase, type Hub, type HubDeps } from './hub.js';

export interface HttpRuntime extends Base {
  hub: Hub;
  verifyToken: TokenVerifier;
  graphql: GraphqlApp;
}

export interface HttpRuntimeOverrides extends BaseOverrides {
  hub?: Partial<HubDeps>;
  /** Serve GraphiQL on GET (the embedded runtime; API Gateway has no GET route for it). */
  graphiql?: boolean;
}

export function composeHttpRuntime(config: HubConfig, overrides: HttpRuntimeOverrides = {}): HttpRuntime {
  const base = composeBase(config, overrides);
  const hub = composeHubOnBase(base, overrides.hub);
  const verifyToken = createTokenVerifier(config.auth);
  const graphql = createGraphqlApp({
    schema,
    services: hub.services,
    verifyToken,
    logger: base.logger,
    webOrigin: config.webOrigin,
    graphiql: overrides.graphiql ?? false,
    queryPolicy: { introspection: config.introspection ?? false },
    rateLimiter: createRateLimiter({ ddb: base.ddb, table: config.hubTable, limits: config.limits }),
  });
  return { ...base, hub, verifyToken, graphql };
}
