/**
 * `npm run rebuild`: drops every read model of the embedded store and
 * rebuilds it from the logs. Stop `npm start` first (the store is a folder
 * one process opens at a time).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { composeHub } from '../../functions/core/compose/hub.js';
import { rebuildReadModels } from '../../functions/core/projections/rebuild.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { ensureTables, localDynamoClient, startDynalite } from './dynalite-store.js';
import { LOCAL_TABLES } from './embedded.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string', default: '.data' } } });
const dir = join(values['data-dir'] ?? '.data', 'store');
mkdirSync(dir, { recursive: true });
let store: Awaited<ReturnType<typeof startDynalite>>;
try {
  store = await startDynalite({ path: dir });
} catch (err) {
  console.error(`Cannot open the store in ${dir}: is npm start still running? (${(err as Error).message})`);
  process.exit(1);
}
const client = localDynamoClient(store);
await ensureTables(client, LOCAL_TABLES);
const hub = composeHub({ ddb: documentClient(client), hubTable: LOCAL_TABLES.hubTable });
const started = Date.now();
const runs = await rebuildReadModels(hub.store, hub.projector, (p) => {
  if (p.phase === 'drop') console.log(`  dropped ${p.count} read-model items`);
  else console.log(`  ${p.domain}: projected ${p.count} events`);
});
const total = Object.values(runs).reduce((s, r) => s + r.applied, 0);
console.log(`rebuilt read models from ${total} events in ${((Date.now() - started) / 1000).toFixed(1)} s`);
await store.close();
