/**
 * The bulk seed's log writer and read models. The services run unchanged
 * (validation, entity ids, event types); only the append differs: the event
 * is built in memory by the writer's own builder (nextEvent: type, prev, hash
 * chain) on the writer's own head (DomainHead), and queued; `flush` writes
 * the queue with BatchWriteItem. That is sound only for a sole writer, which
 * the seed is: it runs before the hub serves anyone.
 */

import { ReadModels } from '../../../functions/core/domain/read-models.js';
import { eventToItem } from '../../../functions/core/log/log-items.js';
import type { LogStore } from '../../../functions/core/log/log-reader.js';
import { type AppendRequest, LogWriter } from '../../../functions/core/log/log-writer.js';
import { nextEvent } from '../../../functions/core/log/next-event.js';
import { mapLimit } from '../../../functions/core/map-limit.js';
import type { Item } from '../../../functions/core/projections/projection.js';
import { BATCH_WRITE_MAX, batchPut } from '../../../functions/core/store/batch.js';
import type { HubEventRecord } from '../../../schema/model.js';

/** BatchWrite calls in flight while flushing (the embedded store is one worker thread: a few keep it busy). */
const FLUSH_CONCURRENCY = 4;

export class SeedLogWriter extends LogWriter {
  private queued: HubEventRecord[] = [];
  private readonly clock: () => Date;

  constructor(
    private readonly logStore: LogStore,
    now: () => Date,
  ) {
    super(logStore, { now });
    this.clock = now;
  }

  /** Builds the event at head+1 and queues it; nothing is written until `flush`. */
  override async append(req: AppendRequest): Promise<HubEventRecord> {
    if (req.idempotencyKey) throw new Error('the bulk seed writer takes no idempotency keys (it has no retries)');
    const head = this.head(req.domain);
    if (!head.isLoaded) await head.load();
    const event = nextEvent(head, req, await head.latest(req.entityId), this.clock());
    head.ingest(event);
    this.queued.push(event);
    return event;
  }

  get pending(): number {
    return this.queued.length;
  }

  /**
   * Writes the queued events (unordered, several batches at once) and returns
   * them once all are stored. A crash halfway can leave gaps among them: the
   * seed trims those when it resumes (seed-repair.ts).
   */
  async flush(): Promise<HubEventRecord[]> {
    const events = this.queued;
    this.queued = [];
    const items = events.map(eventToItem);
    const slices: Item[][] = [];
    for (let i = 0; i < items.length; i += BATCH_WRITE_MAX) slices.push(items.slice(i, i + BATCH_WRITE_MAX));
    await mapLimit(slices, FLUSH_CONCURRENCY, (slice) => batchPut(this.logStore, slice));
    return events;
  }
}

/**
 * Read models whose point reads (a report's project, a street) are remembered
 * until `forget`: the seed forgets after each projection, the only thing that
 * changes them while it runs, so a remembered item is what a read would
 * return. It saves one read per report.
 */
export class SeedReadModels extends ReadModels {
  private readonly memo = new Map<string, Promise<Item | undefined>>();

  override get(PK: string, SK: string): Promise<Item | undefined> {
    const k = `${PK}\u0000${SK}`;
    let hit = this.memo.get(k);
    if (!hit) {
      hit = super.get(PK, SK);
      this.memo.set(k, hit);
    }
    return hit;
  }

  forget() {
    this.memo.clear();
  }
}
