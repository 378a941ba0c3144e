/**
 * `npm start`: the hub with demo data on the embedded store at http://localhost:4000.
 *   npm start -- --memory      throwaway store
 *   npm start -- --port 4100   another port (or PORT=4100)
 *   npm start -- --no-seed     start empty
 *   npm start -- --instances Http=4,Ws=3   warm Lambda instances per function (default Http 2, Ws 2)
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../functions/core/logger.js';
import { DEFAULT_INSTANCES, type FleetFunction } from './aws/fleet.js';
import { startEmbedded } from './embedded.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({
  options: {
    memory: { type: 'boolean', default: false },
    port: { type: 'string' },
    'no-seed': { type: 'boolean', default: false },
    'data-dir': { type: 'string', default: '.data' },
    instances: { type: 'string' },
  },
});
const instances = parseInstances(values.instances);
const port = Number(values.port ?? process.env.PORT ?? 4000);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be a port number (got ${values.port ?? process.env.PORT})`);
  process.exit(2);
}

const logger = createLogger((process.env.LOG_LEVEL as 'info') ?? 'warn', { runtime: 'embedded' });
const started = Date.now();
console.log(
  `Guancheng Live 管城运行监测 — starting (${values.memory ? 'in-memory store' : `store in ${values['data-dir']}/store`})`,
);
let lastLine = '';
const hub = await startEmbedded({
  dataDir: values['data-dir'],
  memory: values.memory,
  port,
  seed: !values['no-seed'],
  logger,
  instances,
  onListening: (url) => console.log(`  listening on ${url} (/healthz answers 503 until the demo data is in)`),
  onSeedProgress: (p) => {
    const line = `  seeding demo data: ${p.domain} ${p.done}/${p.total}`;
    if (line !== lastLine) console.log(line);
    lastLine = line;
  },
}).catch((err: Error & { code?: string }) => {
  if (err.code === 'EADDRINUSE')
    console.error(`Port ${port} is in use: stop the other server or run npm start -- --port 4100`);
  else console.error(err);
  process.exit(1);
});
if (hub.seed?.seeded)
  console.log(`  seeded ${hub.seed.events} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
else if (hub.seed) console.log(`  demo data: ${hub.seed.reason}`);
console.log(`Ready on ${hub.url}
  GraphQL + GraphiQL  ${hub.url}/graphql
  Health              ${hub.url}/healthz
  Screen              ${hub.url}/
  Tokens              npm run token -- screen | department --dept sorting | auditor | admin`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping — finishing projections, closing the store…`);
  await hub.close();
  console.log('stopped cleanly');
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

/** `Http=4,Ws=3` → { Http: 4, Ws: 3 }; exits with a usage line on anything else. */
function parseInstances(spec: string | undefined): Partial<Record<FleetFunction, number>> | undefined {
  if (!spec) return undefined;
  const out: Partial<Record<FleetFunction, number>> = {};
  for (const part of spec.split(',')) {
    const [name, n] = part.split('=');
    const count = Number(n);
    if (!(name in DEFAULT_INSTANCES) || !Number.isInteger(count) || count < 1) {
      console.error(`--instances takes Name=count pairs of ${Object.keys(DEFAULT_INSTANCES).join(', ')} (got ${part})`);
      process.exit(2);
    }
    out[name as FleetFunction] = count;
  }
  return out;
}
