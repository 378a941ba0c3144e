/**
 * Applying a run of events the caller already holds to the read models in
 * bulk: the projector's round (apply-round.ts: same projections, same
 * in-memory application, same checkpoint) with the changed items written by
 * BatchWriteItem, 25 a call and several calls at once, instead of one
 * conditional put each.
 *
 * Only for a caller that is the domain's sole projector, such as the embedded
 * demo seed before the hub serves anyone: the unconditional writes cannot
 * detect a concurrent projector. A crash halfway leaves items at or past
 * their events' seq and the checkpoint behind them, so any later round or
 * bulk apply from the checkpoint skips what is already there, exactly as
 * after a crashed projector round.
 */
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
import { type LogStore, readAfter } from '../log/log-reader.js';
import { mapLimit } from '../map-limit.js';
import { BATCH_WRITE_MAX, batchGetMap, batchPut } from '../store/batch.js';
import { applyRound, planRound, readCheckpoint, saveCheckpoint } from './apply-round.js';
import { PROJECTIONS } from './index.js';
import type { Projection } from './projection.js';

export interface BulkApplyOptions {
  /** BatchWrite calls in flight at once. Default 4. */
  concurrency?: number;
  projections?: Record<DomainName, Projection>;
}

export interface BulkApplyResult {
  applied: number;
  itemWrites: number;
  checkpoint: number;
}

/**
 * Applies `events` (consecutive seqs of `domain`'s log, already written) from
 * the checkpoint on. Events at or below the checkpoint are skipped; events
 * between the checkpoint and the first one given are read from the log, so a
 * caller resuming after a crash need not know how far projection got.
 */
export async function bulkApply(
  store: LogStore,
  domain: DomainName,
  events: HubEventRecord[],
  options: BulkApplyOptions = {},
): Promise<BulkApplyResult> {
  const ckpt = await readCheckpoint(store, domain);
  let run = events.filter((e) => e.seq > ckpt.seq);
  if (run.length === 0) return { applied: 0, itemWrites: 0, checkpoint: ckpt.seq };
  if (run[0].seq > ckpt.seq + 1) {
    const missing = await readAfter(store, domain, ckpt.seq, run[0].seq - ckpt.seq - 1);
    run = [...missing, ...run];
  }
  run.forEach((e, i) => {
    if (e.seq !== ckpt.seq + 1 + i)
      throw new Error(`bulkApply: ${domain} events must be consecutive from seq ${ckpt.seq + 1} (found ${e.seq})`);
  });
  const plan = planRound((options.projections ?? PROJECTIONS)[domain], run);
  const loaded = await batchGetMap(store, plan.keys, { consistentRead: true });
  const changed = [...applyRound(plan, loaded).values()].map((c) => c.item);
  const slices: (typeof changed)[] = [];
  for (let i = 0; i < changed.length; i += BATCH_WRITE_MAX) slices.push(changed.slice(i, i + BATCH_WRITE_MAX));
  await mapLimit(slices, options.concurrency ?? 4, (slice) => batchPut(store, slice));
  // Only once every item is written: the checkpoint never passes an item that is not there.
  await saveCheckpoint(store, domain, run[run.length - 1], ckpt.seq);
  return { applied: run.length, itemWrites: changed.length, checkpoint: run[run.length - 1].seq };
}
