/**
 * The log epoch: which life of the store the logs belong to. Seqs start again
 * at 1 whenever the store is recreated (a new table, a deleted `.data/`, a
 * table restored from a backup or point-in-time), so a seq alone cannot tell
 * "already seen" from "new, in a new log". Every cursor and every event
 * carries the epoch; a client holding a position of another epoch reloads
 * instead of dropping the new log's events as duplicates.
 *
 * One item (`EPOCH#log`, keys/epoch.ts) holds a random id and the name of the
 * table it was written for. The first instance that needs it and finds none
 * writes one, conditionally (`attribute_not_exists`), so racing instances agree
 * on the winner's. A restored table is a copy under another name that carries
 * the original's item: the name no longer matches, so the first instance to
 * read it replaces the epoch, conditionally on the one it read. (A table
 * deleted and restored under its own name keeps the backup's epoch: the README
 * says to restore under a new name.) Each instance reads it once and caches it:
 * a store never changes its epoch under a running instance, since recreating
 * it means a new table (AWS: new configuration, new instances; locally: a restart).
 */
import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../store/errors.js';
import { LOG_EPOCH_KEY } from '../store/keys/epoch.js';
import type { LogStore } from './log-reader.js';

/** 12 random bytes, base64url: 16 characters, short enough to keep a four-domain cursor under 200. */
export const newEpochId = () => randomBytes(12).toString('base64url');

/** Attempts before giving up: each failed one means another instance wrote first, and the next read sees its epoch. */
const ATTEMPTS = 3;

/** An epoch and when it began (epoch ms; null for an item written before it said so). */
export interface EpochInfo {
  id: string;
  since: number | null;
}

export class LogEpoch {
  private cached: Promise<EpochInfo> | null = null;

  constructor(
    private readonly store: LogStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** This store's epoch: read (or created) once per instance, then cached. */
  async current(): Promise<string> {
    return (await this.info()).id;
  }

  /** The epoch and when it began: the fan-out tells a subscription's positions of an earlier life by it (sent-through.ts). */
  info(): Promise<EpochInfo> {
    if (!this.cached) {
      this.cached = this.resolve();
      // A failed read (throttled, say) is not cached: the next caller tries again.
      this.cached.catch(() => {
        this.cached = null;
      });
    }
    return this.cached;
  }

  private async resolve(): Promise<EpochInfo> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const item = await this.read();
      if (item && item.table === this.store.table) return { id: item.epoch, since: item.since };
      const written = await this.write(item?.epoch ?? null);
      if (written) return written;
    }
    throw new Error(`log epoch: ${ATTEMPTS} attempts to settle it lost to concurrent writers`);
  }

  private async read(): Promise<{ epoch: string; table: string; since: number | null } | null> {
    const out = await this.store.ddb.send(
      new GetCommand({ TableName: this.store.table, Key: LOG_EPOCH_KEY, ConsistentRead: true }),
    );
    const item = out.Item;
    if (!item) return null;
    const since = typeof item.createdAt === 'string' ? Date.parse(item.createdAt) : Number.NaN;
    return { epoch: String(item.epoch), table: String(item.table), since: Number.isFinite(since) ? since : null };
  }

  /** A new epoch over `replacing` (null: there is none yet); null when another instance wrote first. */
  private async write(replacing: string | null): Promise<EpochInfo | null> {
    const epoch = newEpochId();
    const createdAt = this.now();
    try {
      await this.store.ddb.send(
        new PutCommand({
          TableName: this.store.table,
          Item: {
            ...LOG_EPOCH_KEY,
            epoch,
            table: this.store.table,
            createdAt: createdAt.toISOString(),
            ...(replacing ? { replaced: replacing } : {}),
          },
          ...(replacing
            ? {
                ConditionExpression: 'epoch = :old',
                ExpressionAttributeValues: { ':old': replacing },
              }
            : { ConditionExpression: 'attribute_not_exists(PK)' }),
        }),
      );
      return { id: epoch, since: createdAt.getTime() };
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }
}
