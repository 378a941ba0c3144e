/**
 * A writer's view of one domain's log: the cached head (so an uncontended
 * append is a single conditional put) and the latest value of the entities
 * touched since the projector's checkpoint (so a correction's `prev` is exact
 * without reading the whole backlog). Valid as long as the cached head is the
 * real head, which a successful put at head+1 proves; a failed put triggers
 * `catchUp`.
 *
 * The backlog (events after the checkpoint, not yet projected) can be large:
 * a failing projector or a bulk import leaves thousands of events behind it.
 * So the view never reads it whole. It knows the range (knownFrom, head] and
 * holds the latest value of every entity touched in it; a load reads only the
 * newest page, and `latest()` reads further back, a page at a time, only for
 * an entity it has not seen yet (pages stay known, so each is read once).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { BusyError } from '../../../schema/errors.js';
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
// The projector's checkpoint and entity items are read by key, from the store's key map: the log
// does not depend on the projections that are built from it.
import { checkpointKey } from '../store/keys/checkpoints.js';
import { entityItemKey } from '../store/keys/entity-items.js';
import { GENESIS_HASH } from './hash.js';
import { type LogStore, readEvent, readNewest } from './log-reader.js';

export interface EntityValue {
  seq: number;
  data: Record<string, unknown>;
}

export interface HeadLimits {
  /** Events per read of the backlog (one Query, two at most on 1 MB pages). */
  page: number;
  /** Past this many tail entries the view checks whether the checkpoint moved, to drop what it projected. */
  maxTail: number;
  /**
   * Backlog pages one `latest()` reads before it answers BUSY (progress is
   * kept, so a retry goes on where it stopped): 20 pages stay well inside the
   * Http function's timeout even on a cold partition.
   */
  pagesPerCall: number;
}

export const HEAD_LIMITS: Readonly<HeadLimits> = Object.freeze({ page: 1000, maxTail: 5000, pagesPerCall: 20 });

export class DomainHead {
  headSeq = 0;
  headHash = GENESIS_HASH;
  /** The projector's checkpoint as last read: entity items hold every event up to it. */
  private base = 0;
  /** `tail` holds the latest value of every entity touched in (knownFrom, headSeq]; base ≤ knownFrom. */
  private knownFrom = 0;
  private tail = new Map<string, EntityValue>();
  private loaded = false;
  /** Tail size at which the next checkpoint check happens (not on every append while projection is stuck). */
  private pruneAt: number;
  private readonly limits: HeadLimits;

  constructor(
    private readonly store: LogStore,
    readonly domain: DomainName,
    limits: Partial<HeadLimits> = {},
  ) {
    this.limits = { ...HEAD_LIMITS, ...limits };
    this.pruneAt = this.limits.maxTail;
  }

  get isLoaded() {
    return this.loaded;
  }

  /** Reads the projector checkpoint and the newest page after it: a bounded number of reads, whatever the backlog. */
  async load(): Promise<void> {
    const ckpt = await this.readCheckpoint();
    this.base = ckpt.seq;
    this.knownFrom = ckpt.seq;
    this.tail.clear();
    this.pruneAt = this.limits.maxTail;
    this.headSeq = ckpt.seq;
    this.headHash = ckpt.hash ?? GENESIS_HASH;
    if (ckpt.seq > 0 && !ckpt.hash) {
      const at = await readEvent(this.store, this.domain, ckpt.seq);
      this.headHash = at?.hash ?? GENESIS_HASH;
    }
    // catchUp never calls load() back: a reload cannot loop on an unmoved checkpoint.
    await this.catchUp();
    this.loaded = true;
  }

  /** Reads events after the cached head (someone else appended), newest first, one page at most. */
  async catchUp(): Promise<void> {
    const newest = await readNewest(this.store, this.domain, { after: this.headSeq }, this.limits.page);
    if (newest.length === 0) return;
    const oldest = newest[newest.length - 1];
    if (oldest.seq === this.headSeq + 1) {
      for (let i = newest.length - 1; i >= 0; i--) this.ingest(newest[i]);
      return;
    }
    // More than a page was appended since our head: what we hold is older than a range we have not
    // read, so it could be stale. Keep only the newest page; latest() reads further back on demand.
    this.tail.clear();
    this.pruneAt = this.limits.maxTail;
    for (const e of newest) if (!this.tail.has(e.entityId)) this.tail.set(e.entityId, { seq: e.seq, data: e.data });
    this.headSeq = newest[0].seq;
    this.headHash = newest[0].hash;
    this.knownFrom = oldest.seq - 1;
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
    await this.pruneIfProjected();
    const cached = this.tail.get(entityId);
    if (cached) return cached;
    for (let pages = 0; this.knownFrom > this.base; pages++) {
      if (pages >= this.limits.pagesPerCall) {
        throw new BusyError(
          `The ${this.domain} read models are ${this.headSeq - this.base} events behind the log; ` +
            'nothing was written, retry (each retry reads further back)',
        );
      }
      const found = await this.readBackPage(entityId);
      if (found) return found;
    }
    // Loaded from the very start of the log: the tail holds every event, so absent means never set.
    if (this.base === 0) return null;
    // Not touched after the checkpoint: the projected entity item holds every event up to it.
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

  /** Extends the known range one page further back; returns the entity's value if that page has it. */
  private async readBackPage(entityId: string): Promise<EntityValue | null> {
    const lo = Math.max(this.base, this.knownFrom - this.limits.page);
    const events = await readNewest(this.store, this.domain, { after: lo, through: this.knownFrom }, this.limits.page);
    for (const e of events) {
      // Everything already held is newer than this page: it wins.
      const held = this.tail.get(e.entityId);
      if (!held || held.seq < e.seq) this.tail.set(e.entityId, { seq: e.seq, data: e.data });
    }
    this.knownFrom = lo;
    return this.tail.get(entityId) ?? null;
  }

  /**
   * Bounds memory: once the tail is large, drop what the projector has applied
   * since (its entity items hold it now). Only a moved checkpoint changes
   * anything; an unmoved one is checked again a page of appends later.
   */
  private async pruneIfProjected(): Promise<void> {
    if (this.tail.size <= this.pruneAt) return;
    const ckpt = await this.readCheckpoint();
    // Never past our own head: entity items beyond it belong to events we have not seen.
    const base = Math.min(ckpt.seq, this.headSeq);
    if (base > this.base) {
      this.base = base;
      this.knownFrom = Math.max(this.knownFrom, base);
      for (const [id, v] of this.tail) if (v.seq <= base) this.tail.delete(id);
    }
    this.pruneAt = Math.max(this.limits.maxTail, this.tail.size + this.limits.page);
  }

  private async readCheckpoint(): Promise<{ seq: number; hash: string | null }> {
    const out = await this.store.ddb.send(
      new GetCommand({ TableName: this.store.table, Key: checkpointKey(this.domain), ConsistentRead: true }),
    );
    return { seq: (out.Item?.seq as number | undefined) ?? 0, hash: (out.Item?.hash as string | undefined) ?? null };
  }

  /** For tests and diagnostics. */
  get tailSize() {
    return this.tail.size;
  }
  get checkpointBase() {
    return this.base;
  }
  /** Lowest seq of the range the tail covers, minus one (the checkpoint once the backlog is read). */
  get knownFromSeq() {
    return this.knownFrom;
  }
}
