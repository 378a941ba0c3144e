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
 *
 * Who goes next: a waiting back-fill marks `want` (renewed while it polls),
 * which keeps passes off: resumes wait for a slice of a pass, not all of it. A
 * waiting pass marks its `turn`: from `turnAt` (a slice after it began to wait)
 * back-fills keep off, so back-to-back resumes (a wall of screens idle-closed
 * at once) cannot starve the pass and every live screen. Marks lapse in 1 s.
 */
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DOMAINS, type DomainName } from '../../../../schema/model.js';
import { isConditionFailure } from '../../store/errors.js';
import { FANOUT_CHECKPOINT_KEY } from '../../store/keys/checkpoints.js';
import { LeaseLostError, LeaseWaitTimeoutError } from './lease-errors.js';

export { LeaseLostError, LeaseWaitTimeoutError };

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
  /** How long a waiting pass lets back-fills go first before its turn (default 1 s, a pass's slice). */
  turnAfterMs?: number;
  now?: () => number;
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
  private readonly turnAfterMs: number;
  private readonly now: () => number;

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    options: CheckpointOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 25;
    this.maxWaitMs = options.maxWaitMs ?? 2 * this.leaseMs;
    this.turnAfterMs = options.turnAfterMs ?? 1000;
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
   * Takes the lease if it is free, expired or already ours — and nobody goes
   * first: a back-fill's `want` keeps a pass off unless the pass's turn has
   * come; a pass's turn that has come keeps back-fills off. Null otherwise.
   */
  async tryAcquire(owner: string, as: 'pass' | 'backfill' = 'pass'): Promise<CheckpointState | null> {
    const now = this.now();
    const free = '(attribute_not_exists(#owner) OR leaseUntil < :now OR #owner = :me)';
    const noWant = '(attribute_not_exists(wantUntil) OR wantUntil < :now OR #want = :me)';
    const turnHasCome = '(#turn = :me AND turnAt <= :now)';
    const noTurnInForce = '(attribute_not_exists(turnUntil) OR turnUntil < :now OR :now < turnAt)';
    try {
      const out = await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: FANOUT_CHECKPOINT_KEY,
          // What was waited for is served: a `want` or a turn left behind would hold the others off for nobody.
          UpdateExpression: `SET #owner = :me, leaseUntil = :until REMOVE ${as === 'backfill' ? '#want, wantUntil' : '#turn, turnAt, turnUntil'}`,
          ConditionExpression:
            as === 'backfill'
              ? `${free} AND ${noWant} AND ${noTurnInForce}`
              : `${free} AND (${noWant} OR ${turnHasCome})`,
          ExpressionAttributeNames: { '#owner': 'owner', '#want': 'want', ...(as === 'pass' && { '#turn': 'turn' }) },
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
   * wanting the lease, so back-to-back fan-out passes cannot starve it; a pass
   * marks its turn, `turnAfterMs` after it began to wait, so back-to-back
   * back-fills cannot starve the pass. `maxWaitMs` bounds this wait (default:
   * the checkpoint's), so a caller with a deadline gives up in time:
   * LeaseWaitTimeoutError.
   */
  async acquire(
    owner: string,
    satisfied?: (state: CheckpointState) => boolean,
    options: { priority?: boolean; maxWaitMs?: number; turnAfterMs?: number } = {},
  ): Promise<CheckpointState | null> {
    const started = this.now();
    const maxWaitMs = options.maxWaitMs ?? this.maxWaitMs;
    const as = options.priority ? 'backfill' : 'pass';
    const turnAt = started + (options.turnAfterMs ?? this.turnAfterMs);
    for (;;) {
      const state = await this.tryAcquire(owner, as);
      if (state) return state;
      await this.markWaiting(owner, as, turnAt);
      await new Promise((r) => setTimeout(r, Math.min(this.pollMs, maxWaitMs)));
      const seen = await this.read();
      if (satisfied?.(seen)) {
        await this.dropMark(owner, as);
        return null;
      }
      const waited = this.now() - started;
      if (waited >= maxWaitMs) {
        await this.dropMark(owner, as);
        throw new LeaseWaitTimeoutError(seen.owner, waited);
      }
    }
  }

  /** Renews a waiter's mark for a second: a back-fill's `want`; a pass's turn (unless another pass's is in force). */
  private async markWaiting(owner: string, as: 'pass' | 'backfill', turnAt: number): Promise<void> {
    const now = this.now();
    const mark =
      as === 'backfill'
        ? { UpdateExpression: 'SET #m = :me, wantUntil = :until', ExpressionAttributeNames: { '#m': 'want' } }
        : {
            UpdateExpression: 'SET #m = :me, turnAt = :at, turnUntil = :until',
            ConditionExpression: 'attribute_not_exists(turnUntil) OR turnUntil < :now OR #m = :me',
            ExpressionAttributeNames: { '#m': 'turn' },
          };
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: FANOUT_CHECKPOINT_KEY,
          ...mark,
          ExpressionAttributeValues: {
            ':me': owner,
            ':until': now + 1000,
            ...(as === 'pass' && { ':at': turnAt, ':now': now }),
          },
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
    }
  }

  /** A mark left behind by a waiter that stopped waiting would hold the others off for a second for nobody. */
  private async dropMark(owner: string, as: 'pass' | 'backfill'): Promise<void> {
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: FANOUT_CHECKPOINT_KEY,
          UpdateExpression: as === 'backfill' ? 'REMOVE #m, wantUntil' : 'REMOVE #m, turnAt, turnUntil',
          ConditionExpression: '#m = :me',
          ExpressionAttributeNames: { '#m': as === 'backfill' ? 'want' : 'turn' },
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
    const vectors = { d: delivered, c: covered };
    for (const [prefix, vector] of Object.entries(vectors)) {
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
    const remove = release ? 'REMOVE #owner, leaseUntil' : '';
    const expression = [sets.length ? `SET ${sets.join(', ')}` : '', remove].join(' ');
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
