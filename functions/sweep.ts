/**
 * Lambda entry, on a schedule: closes connections that never sent
 * `connection_init` in time (4408) and deletes expired connection rows.
 */

import { createRuntime } from './core/compose/http-runtime.js';
import { createRealtimeServices } from './core/compose/realtime.js';
import { loadConfig } from './core/config/config.js';

const realtime = createRealtimeServices(createRuntime(loadConfig()));

export const handler = async () => realtime.sweep();
