/**
 * Lambda entry: GraphQL over API Gateway HTTP API (payload v2). The only
 * function that builds the graphql-yoga app (core/compose/http-runtime.ts).
 */
import { composeHttpRuntime } from './core/compose/http-runtime.js';
import { loadConfig } from './core/config/config.js';
import { makeHttpHandler } from './core/http/lambda-http.js';

const runtime = composeHttpRuntime(loadConfig());

export const handler = makeHttpHandler(runtime.graphql, runtime.logger);
