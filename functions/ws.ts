/**
 * Lambda entry: graphql-transport-ws over API Gateway WebSocket (`$connect`,
 * `$default`, `$disconnect`), one protocol message per invocation.
 */

import { createRuntime } from './core/compose/http-runtime.js';
import { createRealtimeServices } from './core/compose/realtime.js';
import { loadConfig } from './core/config/config.js';

const realtime = createRealtimeServices(createRuntime(loadConfig()));

export const handler = realtime.wsHandler;
