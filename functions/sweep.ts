/**
 * Lambda entry, on a schedule: closes connections that never sent
 * `connection_init` in time (4408) and deletes expired connection rows.
 */
import { loadConfig } from './core/config/config.js';
import { createRealtimeServices } from './core/realtime/create-realtime-services.js';
import { createRuntime } from './core/runtime.js';

const realtime = createRealtimeServices(createRuntime(loadConfig()));

export const handler = async () => realtime.sweep();
