/**
 * The fan-out's checkpoint and lease: one item in the hub table,
 * `CKPT#fanout / CKPT` (the Stream function's `CKPT#` write grant covers it).
 *
 *   d_<domain>  last seq fully delivered to live subscribers (the "vector")
 *   w_<domain>  wake-ups requested for the domain (incremented by deliver())
 *   c_<domain>  the wake count a finished pass covered
 *   owner, leaseUntil (epoch ms)  who is delivering right now
 *
 * Only the lease holder delivers, so cursors built from the vector are
 * consistent across domains (see fan-out.ts). A caller that finds the lease
 * taken has already counted its wake-up; it waits until the holder's pass
 * covered it (c ≥ its wake) or the lease is free or expired, then takes over.
 * A holder that dies just lets its lease expire. The back-fill's hand-over to
 * live takes the same lease (backfill.ts).
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DOMAINS, type DomainName } from '../../../../schema/model.js';
import { isConditionFailure } from '../../store/errors.js';
import { FANOUT_CHECKPOINT_KEY } from '../../store/keys/checkpoints.js';

export type Vector = Record<DomainName, number>;

export interface CheckpointState {
  delivered: Vector;
  wakes: Vector;
  covered: Vector;
  owner: string | null;
  leaseUntil: number;
}

export interface CheckpointOptions {
  /** How long a lease lasts without renewal (every saved batch renews it). Default 30 s. */
  leaseMs?: number;
  /** Polling interval while waiting for the lease. Default 25 ms. */
  pollMs?: number;
  /** Give up waiting for the lease after this long. Default 2 × leaseMs. */
  maxWaitMs?: number;
  now?: () => number;
}

/** The lease was taken over (it expired): stop delivering. */
export class LeaseLostError extends Error {
  constructor(owner: string) {
    super(`Fan-out lease of ${owner} was lost`);
    this.name = 'LeaseLostError';
  }
}

/** Waiting for the lease took longer than the caller allowed. */
export class LeaseWaitTimeoutError extends Error {
  constructor(heldBy: string | null, waitedMs: number) {
    super(`Timed out after ${waitedMs} ms waiting for the fan-out lease (held by ${heldBy})`);
    this.name = 'LeaseWaitTimeoutError';
  }
}

const zero = (): Vector => Object.fromEntries(DOMAINS.map((d) => [d, 0])) as Vector;

function toState(item: Record<string, unknown> | undefined): CheckpointState {
  const pick = (prefix: string) => {
    const v = zero();
    for (const d of DOMAINS) v[d] = (item?.[`${prefix}_${d}`] as number | undefined) ?? 0;
    return v;
  };
  return {
    delivered: pick('d'),
    wakes: pick('w'),
    covered: pick('c'),
    owner: (item?.owner as string | undefined) ?? null,
    leaseUntil: (item?.leaseUntil as number | undefined) ?? 0,
  };
}

export class FanOutCheckpoint {
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    options: CheckpointOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
    this.maxWaitMs = options.maxWaitMs ?? 2 * this.leaseMs;
    this.now = options.now ?? Date.now;
  }

  async read(): Promise<CheckpointState> {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: FANOUT_CHECKPOINT_KEY, ConsistentRead: true }),
    );
    return toState(out.Item);
  }

  /** Counts a wake-up for the domain; returns the new count. */
  async wake(domain: DomainName): Promise<number> {
    const out = await this.ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: FANOUT_CHECKPOINT_KEY,
        UpdateExpression: 'SET #w = if_not_exists(#w, :zero) + :one',
        ExpressionAttributeNames: { '#w': `w_${domain}` },
        ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return out.Attributes?.[`w_${domain}`] as number;
  }

  /**
   * Takes the lease if it is free, expired or already ours — and nobody else
   * asked for it first (`want`, see `acquire`); null otherwise.
   */
  async tryAcquire(owner: string, clearWant = false): Promise<CheckpointState | null> {
    const now = this.now();
    try {
      const out = await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: FANOUT_CHECKPOINT_KEY,
          // A served `want` is cleared, or it would hold the fan-out off for up to a second.
          UpdateExpression: `SET #owner = :me, leaseUntil = :until${clearWant ? ' REMOVE #want, wantUntil' : ''}`,
          ConditionExpression:
            '(attribute_not_exists(#owner) OR leaseUntil < :now OR #owner = :me) AND (attribute_not_exists(wantUntil) OR wantUntil < :now OR #want = :me)',
          ExpressionAttributeNames: { '#owner': 'owner', '#want': 'want' },
          ExpressionAttributeValues: { ':me': owner, ':until': now + this.leaseMs, ':now': now },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toState(out.Attributes);
    } catch (err) {
      if (isConditionFailure(err)) return null;
      throw err;
    }
  }

  /**
   * Waits for the lease. Returns null instead when `satisfied` holds for the
   * checkpoint while waiting (another holder did the work). With `priority`
   * (the back-fill hand-over, which is short) the waiter marks itself as
   * wanting the lease for a second, so back-to-back fan-out passes cannot
   * starve it. `maxWaitMs` bounds this wait (default: the checkpoint's), so a
   * caller with a deadline gives up in time: LeaseWaitTimeoutError.
   */
  async acquire(
    owner: string,
    satisfied?: (state: CheckpointState) => boolean,
    options: { priority?: boolean; maxWaitMs?: number } = {},
  ): Promise<CheckpointState | null> {
    const started = this.now();
    const maxWaitMs = options.maxWaitMs ?? this.maxWaitMs;
    for (;;) {
      const state = await this.tryAcquire(owner, options.priority);
      if (state) return state;
      if (options.priority) {
        await this.ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: FANOUT_CHECKPOINT_KEY,
            UpdateExpression: 'SET #want = :me, wantUntil = :until',
            ExpressionAttributeNames: { '#want': 'want' },
            ExpressionAttributeValues: { ':me': owner, ':until': this.now() + 1000 },
          }),
        );
      }
      await new Promise((r) => setTimeout(r, Math.min(this.pollMs, maxWaitMs)));
      const seen = await this.read();
      if (satisfied?.(seen)) return null;
      const waited = this.now() - started;
      if (waited >= maxWaitMs) {
        // A `want` left behind would hold the fan-out off for a second for nobody.
        if (options.priority) await this.dropWant(owner);
        throw new LeaseWaitTimeoutError(seen.owner, waited);
      }
    }
  }

  private async dropWant(owner: string): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: FANOUT_CHECKPOINT_KEY,
          UpdateExpression: 'REMOVE #want, wantUntil',
          ConditionExpression: '#want = :me',
          ExpressionAttributeNames: { '#want': 'want' },
          ExpressionAttributeValues: { ':me': owner },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /**
   * Saves delivered positions and renews the lease; LeaseLostError if it is no
   * longer ours. Answers whether a back-fill is waiting for the lease (its
   * `want`), so a long pass can yield at this consistent point (pass-lease.ts).
   */
  async save(owner: string, delivered: Partial<Vector>): Promise<{ wanted: boolean }> {
    const item = await this.update(owner, delivered, {}, false);
    const want = item?.want as string | undefined;
    return { wanted: want !== undefined && want !== owner && ((item?.wantUntil as number) ?? 0) >= this.now() };
  }

  /** Saves positions and covered wake counts, and gives the lease up (and any `want` of ours). */
  async release(owner: string, delivered: Partial<Vector> = {}, covered: Partial<Vector> = {}): Promise<void> {
    await this.update(owner, delivered, covered, true);
  }

  private async update(
    owner: string,
    delivered: Partial<Vector>,
    covered: Partial<Vector>,
    release: boolean,
  ): Promise<Record<string, unknown> | undefined> {
    const names: Record<string, string> = { '#owner': 'owner' };
    const values: Record<string, unknown> = { ':me': owner };
    const sets: string[] = [];
    for (const [prefix, vector] of [
      ['d', delivered],
      ['c', covered],
    ] as const) {
      for (const [d, v] of Object.entries(vector)) {
        names[`#${prefix}_${d}`] = `${prefix}_${d}`;
        values[`:${prefix}_${d}`] = v;
        sets.push(`#${prefix}_${d} = :${prefix}_${d}`);
      }
    }
    if (!release) {
      values[':until'] = this.now() + this.leaseMs;
      sets.push('leaseUntil = :until');
    }
    const expression = [sets.length ? `SET ${sets.join(', ')}` : '', release ? 'REMOVE #owner, leaseUntil' : ''].join(
      ' ',
    );
    try {
      const out = await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: FANOUT_CHECKPOINT_KEY,
          UpdateExpression: expression.trim(),
          ConditionExpression: '#owner = :me',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: release ? 'NONE' : 'ALL_NEW',
        }),
      );
      return out.Attributes;
    } catch (err) {
      if (isConditionFailure(err)) throw new LeaseLostError(owner);
      throw err;
    }
  }
}
