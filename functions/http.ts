/** Lambda entry: GraphQL over API Gateway HTTP API (payload v2). */

import { createRuntime } from './core/compose/http-runtime.js';
import { loadConfig } from './core/config/config.js';
import { makeHttpHandler } from './core/http/lambda-http.js';

const runtime = createRuntime(loadConfig());

export const handler = makeHttpHandler(runtime.graphql, runtime.logger);
