/** Lambda entry: projector and fan-out, woken by the hub table's stream. */

import { createRuntime } from './core/compose/http-runtime.js';
import { createRealtimeServices } from './core/compose/realtime.js';
import { loadConfig } from './core/config/config.js';
import { makeStreamHandler } from './core/stream/stream-handler.js';

const runtime = createRuntime(loadConfig());
const realtime = createRealtimeServices(runtime);

export const handler = makeStreamHandler({
  projector: runtime.hub.projector,
  fanOut: realtime.fanOut,
  logger: runtime.logger,
});
