/**
 * Builds a large, valid log fast: events chained with the real hash function
 * and written straight to the store with batchPut (several batches in
 * parallel), skipping the writer's one-put-per-event path. What verifyLog and
 * the writer read back is exactly what the writer would have written.
 */
import { eventHash, GENESIS_HASH } from '../../functions/core/log/hash.js';
import { eventToItem } from '../../functions/core/log/log-items.js';
import type { LogStore } from '../../functions/core/log/log-reader.js';
import { batchPut } from '../../functions/core/store/batch.js';
import type { DomainName, HubEventRecord } from '../../schema/model.js';

export interface ChainOptions {
  /** The event the chain continues from (seq and hash); the genesis when absent. */
  after?: { seq: number; hash: string };
  /** Entity id of the i-th event built (0-based); distinct by default. */
  entityId?: (i: number) => string;
  /** Data of the i-th event. */
  data?: (i: number) => Record<string, unknown>;
  /** The previous value recorded in the i-th event. */
  prev?: (i: number) => Record<string, unknown> | null;
  at?: (i: number) => string;
}

const ACTOR = { sub: 'bulk-import', role: 'department' as const, dept: 'sorting' as const };

/** A realistic sorting report (a street's day): its log item is about 0.7 KB. */
export function sortingReport(i: number): Record<string, unknown> {
  const day = new Date(Date.UTC(2020, 0, 1) + (i % 3650) * 86_400_000).toISOString().slice(0, 10);
  return {
    street: `4101040${String(1 + (i % 12)).padStart(2, '0')}`,
    date: day,
    coverageRate: 90 + (i % 100) / 10,
    recoveryRate: 30 + (i % 80) / 10,
    reportedBy: '管城回族区城市管理局 生活垃圾分类工作专班',
    note: `第${i}次填报：分类覆盖率与回收利用率按街道日报汇总，数据已经街道办事处复核确认。`,
  };
}

/** `count` events of `domain`, gapless and chained. */
export function chainEvents(domain: DomainName, count: number, options: ChainOptions = {}): HubEventRecord[] {
  const events: HubEventRecord[] = [];
  let seq = options.after?.seq ?? 0;
  let prevHash = options.after?.hash ?? GENESIS_HASH;
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < count; i++) {
    seq++;
    const body = {
      seq,
      domain,
      type: 'SortingRateReported',
      entityId: options.entityId?.(i) ?? `bulk-${seq}`,
      at: options.at?.(i) ?? new Date(start + seq * 1000).toISOString(),
      actor: ACTOR,
      data: options.data?.(i) ?? sortingReport(seq),
      prev: options.prev?.(i) ?? null,
    };
    const hash = eventHash(prevHash, body);
    events.push({ ...body, prevHash, hash });
    prevHash = hash;
  }
  return events;
}

export interface WriteOptions {
  /** Batch streams at a time (default 8). */
  parallel?: number;
  /**
   * Keep the index attributes (default true). Without them the items are in
   * no index, which halves the write time of a huge log; verifyLog and the
   * writer read the table itself, never the indexes.
   */
  indexes?: boolean;
}

/** Writes events as log items, several batch streams at a time. */
export async function writeLog(store: LogStore, events: HubEventRecord[], options: WriteOptions = {}): Promise<void> {
  const parallel = options.parallel ?? 8;
  const items = events.map((e) => {
    const item = eventToItem(e);
    if (options.indexes === false) for (const k of ['GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK']) delete item[k];
    return item;
  });
  const share = Math.ceil(items.length / parallel);
  await Promise.all(
    Array.from({ length: parallel }, (_, p) => batchPut(store, items.slice(p * share, (p + 1) * share))),
  );
}

/** Builds and writes `count` events after `after`; returns them. */
export async function buildLog(
  store: LogStore,
  domain: DomainName,
  count: number,
  options: ChainOptions & WriteOptions = {},
): Promise<HubEventRecord[]> {
  const events = chainEvents(domain, count, options);
  await writeLog(store, events, options);
  return events;
}

/** A report whose log item is about 1.2 KB, the size the estimate of the log's ceiling assumes. */
export function largeReport(i: number): Record<string, unknown> {
  return { ...sortingReport(i), remarks: '复核意见：'.concat('数据与台账一致。'.repeat(18)) };
}
