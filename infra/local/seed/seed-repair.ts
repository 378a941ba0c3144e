/**
 * Undoing the torn end of an interrupted bulk seed. The seed writes each
 * flush of log items with unordered BatchWriteItem calls and starts the next
 * flush only when one is complete, so a crash can leave gaps only among the
 * items of its last flush: say 1..520, 540, 700. Those items past the first
 * gap were never projected or delivered (projection follows a complete flush,
 * and nobody is served while seeding), but a projector reading the log would
 * take them for the next events. So, before anything reads the logs at start,
 * every log of an unfinished seed is cut back to its gapless prefix; the seed
 * then rewrites the rest from there, with the chain continuing.
 */

import type { LogStore } from '../../../functions/core/log/log-reader.js';
import { batchDelete } from '../../../functions/core/store/batch.js';
import { logPk, seqSk } from '../../../functions/core/store/keys/log.js';
import { queryPages } from '../../../functions/core/store/paging.js';
import { DOMAINS, type DomainName } from '../../../schema/model.js';
import { readSeedMarker } from './seed-marker.js';

/** Deletes the items past the first gap of a domain's log; returns the seq the gapless prefix ends at. */
export async function trimToGaplessPrefix(store: LogStore, domain: DomainName): Promise<number> {
  let prefix = 0;
  const stray: number[] = [];
  for await (const page of queryPages(store.ddb, {
    TableName: store.table,
    KeyConditionExpression: 'PK = :pk',
    ExpressionAttributeValues: { ':pk': logPk(domain) },
    ProjectionExpression: 'seq',
    ConsistentRead: true,
  })) {
    for (const item of page) {
      const seq = item.seq as number;
      if (stray.length === 0 && seq === prefix + 1) prefix = seq;
      else stray.push(seq);
    }
  }
  await batchDelete(
    store,
    stray.map((seq) => ({ PK: logPk(domain), SK: seqSk(seq) })),
  );
  return prefix;
}

/** When a seed is in progress (a previous start stopped during it), trims every log to its gapless prefix. */
export async function repairInterruptedSeed(store: LogStore): Promise<Partial<Record<DomainName, number>>> {
  const marker = await readSeedMarker(store);
  if (marker?.status !== 'in-progress') return {};
  const trimmed: Partial<Record<DomainName, number>> = {};
  for (const d of DOMAINS) trimmed[d] = await trimToGaplessPrefix(store, d);
  return trimmed;
}
