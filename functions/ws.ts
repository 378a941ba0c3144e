/**
 * Lambda entry: graphql-transport-ws over API Gateway WebSocket (`$connect`,
 * `$default`, `$disconnect`), one protocol message per invocation.
 */
import { loadConfig } from './core/config/config.js';
import { createRealtimeServices } from './core/realtime/create-realtime-services.js';
import { createRuntime } from './core/runtime.js';

const realtime = createRealtimeServices(createRuntime(loadConfig()));

export const handler = realtime.wsHandler;
