/** Lambda entry: GraphQL over API Gateway HTTP API (payload v2). */
import { loadConfig } from './core/config/config.js';
import { makeHttpHandler } from './core/http/lambda-http.js';
import { createRuntime } from './core/runtime.js';

const runtime = createRuntime(loadConfig());

export const handler = makeHttpHandler(runtime.graphql, runtime.logger);
