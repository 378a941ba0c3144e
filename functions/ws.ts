/**
 * Lambda entry: graphql-transport-ws over API Gateway WebSocket (`$connect`,
 * `$default`, `$disconnect`), one protocol message per invocation.
 */
import { loadConfig } from './core/config/config.js';
import { createRealtime } from './core/realtime/realtime.js';
import { createRuntime } from './core/runtime.js';

const realtime = createRealtime(createRuntime(loadConfig()));

export const handler = realtime.wsHandler;
