/**
 * Drops every read model and checkpoint and projects each log again from
 * seq 1. The log is the truth, so this is always safe; screens see empty
 * figures until it finishes (minutes at district scale), so run it in a
 * quiet hour. The sweep is a Scan filtered to RM#/CKPT# keys: a maintenance
 * job, not a request path.
 */
import { BatchWriteCommand, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { DOMAINS, type DomainName } from '../../../schema/model.js';
import { checkpointKey } from '../log/keys.js';
import type { LogStore } from '../log/log-reader.js';
import type { ProjectionRun, Projector } from './projector.js';

export interface RebuildProgress {
  phase: 'drop' | 'project';
  domain?: DomainName;
  count: number;
}

export async function dropReadModels(store: LogStore, onProgress?: (p: RebuildProgress) => void): Promise<number> {
  let dropped = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page: ScanCommandOutput = await store.ddb.send(
      new ScanCommand({
        TableName: store.table,
        // The projector's checkpoints only: the fan-out's (CKPT#fanout) says what subscribers
        // already received, and resetting it would send them everything again.
        FilterExpression: `begins_with(PK, :rm) OR PK IN (${DOMAINS.map((_, i) => `:ck${i}`).join(', ')})`,
        ExpressionAttributeValues: {
          ':rm': 'RM#',
          ...Object.fromEntries(DOMAINS.map((d, i) => [`:ck${i}`, checkpointKey(d).PK])),
        },
        ProjectionExpression: 'PK, SK',
        ExclusiveStartKey: start,
      }),
    );
    const keys = (page.Items ?? []).map((i) => ({ PK: i.PK, SK: i.SK }));
    for (let i = 0; i < keys.length; i += 25) {
      let requests = keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } }));
      for (let tries = 0; requests.length > 0; tries++) {
        if (tries > 10) throw new Error('The store kept refusing deletes; run the rebuild again');
        const out = await store.ddb.send(new BatchWriteCommand({ RequestItems: { [store.table]: requests } }));
        requests = (out.UnprocessedItems?.[store.table] ?? []) as typeof requests;
        if (requests.length) await new Promise((r) => setTimeout(r, 20 * 2 ** tries));
      }
    }
    dropped += keys.length;
    onProgress?.({ phase: 'drop', count: dropped });
    start = page.LastEvaluatedKey;
  } while (start);
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
