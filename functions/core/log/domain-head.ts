/**
 * A writer's view of one domain's log: the cached head (so an uncontended
 * append is a single conditional put) and the latest value of every entity
 * touched since the projector's checkpoint (so a correction's `prev` needs at
 * most one read). Valid as long as the cached head is the real head, which a
 * successful put at head+1 proves; a failed put triggers `catchUp`.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
// The projector's checkpoint and entity items are read by key, from the store's key map: the log
// does not depend on the projections that are built from it.
import { checkpointKey } from '../store/keys/checkpoints.js';
import { entityItemKey } from '../store/keys/entity-items.js';
import { GENESIS_HASH } from './hash.js';
import { type LogStore, readAfter, readEvent } from './log-reader.js';

export interface EntityValue {
  seq: number;
  data: Record<string, unknown>;
}

/** Past this many tail entries the view reloads from a newer checkpoint. */
const MAX_TAIL = 5000;

export class DomainHead {
  headSeq = 0;
  headHash = GENESIS_HASH;
  private base = 0;
  private tail = new Map<string, EntityValue>();
  private loaded = false;

  constructor(
    private readonly store: LogStore,
    readonly domain: DomainName,
  ) {}

  get isLoaded() {
    return this.loaded;
  }

  /** Reads the projector checkpoint, then every event after it. */
  async load(): Promise<void> {
    const ckpt = await this.store.ddb.send(
      new GetCommand({ TableName: this.store.table, Key: checkpointKey(this.domain), ConsistentRead: true }),
    );
    const base = (ckpt.Item?.seq as number | undefined) ?? 0;
    this.base = base;
    this.tail.clear();
    this.headSeq = base;
    this.headHash = (ckpt.Item?.hash as string | undefined) ?? GENESIS_HASH;
    if (base > 0 && !ckpt.Item?.hash) {
      const at = await readEvent(this.store, this.domain, base);
      this.headHash = at?.hash ?? GENESIS_HASH;
    }
    await this.catchUp();
    this.loaded = true;
  }

  /** Reads events after the cached head (someone else appended). */
  async catchUp(): Promise<void> {
    const events = await readAfter(this.store, this.domain, this.headSeq);
    for (const e of events) this.ingest(e);
    if (this.tail.size > MAX_TAIL) await this.load();
  }

  ingest(e: HubEventRecord): void {
    if (e.seq <= this.headSeq) return; // already known
    if (e.seq !== this.headSeq + 1) {
      // Not contiguous with what we hold: our view is stale, reload lazily.
      this.loaded = false;
      return;
    }
    this.headSeq = e.seq;
    this.headHash = e.hash;
    this.tail.set(e.entityId, { seq: e.seq, data: e.data });
  }

  /** The latest value of an entity as of the cached head, or null if it never had one. */
  async latest(entityId: string): Promise<EntityValue | null> {
    const cached = this.tail.get(entityId);
    if (cached) return cached;
    // Loaded from the very start of the log: the tail holds every event, so absent means never set.
    if (this.base === 0) return null;
    // Not touched after the checkpoint we loaded: the projected entity item
    // holds every event up to that checkpoint, so it is the answer.
    const out = await this.store.ddb.send(
      new GetCommand({
        TableName: this.store.table,
        Key: entityItemKey(this.domain, entityId),
        ConsistentRead: true,
        ProjectionExpression: 'seq, #d',
        ExpressionAttributeNames: { '#d': 'data' },
      }),
    );
    if (!out.Item) return null;
    return { seq: out.Item.seq as number, data: out.Item.data as Record<string, unknown> };
  }

  /** For tests and diagnostics. */
  get tailSize() {
    return this.tail.size;
  }
  get checkpointBase() {
    return this.base;
  }
}
