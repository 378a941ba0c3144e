/** Lambda entry: projector and fan-out, woken by the hub table's stream. */
import { loadConfig } from './core/config/config.js';
import { createRuntime } from './core/runtime.js';
import { makeStreamHandler } from './core/stream/stream-handler.js';

const runtime = createRuntime(loadConfig());

export const handler = makeStreamHandler({ projector: runtime.hub.projector, logger: runtime.logger });
