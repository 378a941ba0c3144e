/**
 * Drops every read model and checkpoint and projects each log again from
 * seq 1. The log is the truth, so this is always safe; screens see empty
 * figures until it finishes (minutes at district scale), so run it in a
 * quiet hour. The sweep is a Scan filtered to RM#/CKPT# keys: a maintenance
 * job, not a request path.
 */
import { DOMAINS, type DomainName } from '../../../schema/model.js';
import type { LogStore } from '../log/log-reader.js';
import { batchDelete } from '../store/batch.js';
import { projectorCheckpointPks } from '../store/keys/checkpoints.js';
import { PREFIX } from '../store/keys/prefixes.js';
import { scanPages } from '../store/paging.js';
import type { ProjectionRun, Projector } from './projector.js';

export interface RebuildProgress {
  phase: 'drop' | 'project';
  domain?: DomainName;
  count: number;
}

export async function dropReadModels(store: LogStore, onProgress?: (p: RebuildProgress) => void): Promise<number> {
  // The projector's checkpoints only: the fan-out's (CKPT#fanout) says what subscribers
  // already received, and resetting it would send them everything again.
  const checkpoints = projectorCheckpointPks();
  let dropped = 0;
  for await (const page of scanPages(store.ddb, {
    TableName: store.table,
    FilterExpression: `begins_with(PK, :rm) OR PK IN (${checkpoints.map((_, i) => `:ck${i}`).join(', ')})`,
    ExpressionAttributeValues: {
      ':rm': PREFIX.readModel,
      ...Object.fromEntries(checkpoints.map((pk, i) => [`:ck${i}`, pk])),
    },
    ProjectionExpression: 'PK, SK',
  })) {
    await batchDelete(
      store,
      page.map((i) => ({ PK: i.PK as string, SK: i.SK as string })),
    );
    dropped += page.length;
    onProgress?.({ phase: 'drop', count: dropped });
  }
  return dropped;
}

export async function rebuildReadModels(
  store: LogStore,
  projector: Projector,
  onProgress?: (p: RebuildProgress) => void,
): Promise<Record<DomainName, ProjectionRun>> {
  await dropReadModels(store, onProgress);
  const runs = {} as Record<DomainName, ProjectionRun>;
  // Reference first: nothing depends on order across logs today, but streets are what screens label with.
  for (const domain of DOMAINS.slice().sort((a, b) => (a === 'reference' ? -1 : b === 'reference' ? 1 : 0))) {
    runs[domain] = await projector.catchUp(domain);
    onProgress?.({ phase: 'project', domain, count: runs[domain].applied });
  }
  return runs;
}
