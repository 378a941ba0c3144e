/**
 * Applies a domain's log to its read models in seq order from a checkpoint.
 *
 * A round: read the checkpoint, read up to `batchSize` events after it, load
 * every item they touch (one BatchGet per 100 keys), apply the events in
 * order in memory — so an item touched by many events is written once — then
 * write each changed item on the condition that it still has the seq it was
 * loaded with, and finally move the checkpoint. Items remember the last seq
 * applied to them, so replaying after a crash between item writes and the
 * checkpoint skips what is already there. A condition failure means another
 * projector got there first; the round starts again from the new state.
 *
 * Stream records only wake the projector: it reads the log itself, so
 * duplicated or out-of-order records cannot corrupt anything.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { BusyError } from '../../../schema/errors.js';
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
import { type LogStore, readAfter } from '../log/log-reader.js';
import { mapLimit } from '../map-limit.js';
import { batchGetMap } from '../store/batch.js';
import { isConditionFailure } from '../store/errors.js';
import { applyRound, planRound, readCheckpoint, saveCheckpoint } from './apply-round.js';
import { PROJECTIONS } from './index.js';
import type { Item, Projection } from './projection.js';

export interface ProjectorOptions {
  batchSize?: number;
  /** Parallel item writes per round. */
  writeConcurrency?: number;
  projections?: Record<DomainName, Projection>;
  /** Called after each round with the events it applied. */
  onApplied?: (domain: DomainName, events: HubEventRecord[]) => void;
}

export interface ProjectionRun {
  applied: number;
  rounds: number;
  itemWrites: number;
  checkpoint: number;
}

export class Projector {
  private readonly tails = new Map<DomainName, Promise<ProjectionRun>>();
  private readonly queued = new Map<DomainName, Promise<ProjectionRun>>();

  constructor(
    private readonly store: LogStore,
    private readonly options: ProjectorOptions = {},
  ) {}

  private get batchSize() {
    return this.options.batchSize ?? 500;
  }

  /**
   * Brings a domain's read models up to the log head. Calls while a run is in
   * progress share one follow-up run, so a burst of wake-ups costs two runs,
   * not one per wake-up.
   */
  catchUp(domain: DomainName): Promise<ProjectionRun> {
    const queued = this.queued.get(domain);
    if (queued) return queued;
    const prior = this.tails.get(domain);
    const run: Promise<ProjectionRun> = (prior ? prior.catch(() => undefined) : Promise.resolve()).then(() => {
      this.queued.delete(domain);
      return this.runToHead(domain);
    });
    this.queued.set(domain, run);
    this.tails.set(domain, run);
    const clear = () => {
      if (this.tails.get(domain) === run) this.tails.delete(domain);
    };
    run.then(clear, clear);
    return run;
  }

  checkpoint(domain: DomainName): Promise<{ seq: number; hash: string | null }> {
    return readCheckpoint(this.store, domain);
  }

  private async runToHead(domain: DomainName): Promise<ProjectionRun> {
    const total: ProjectionRun = { applied: 0, rounds: 0, itemWrites: 0, checkpoint: 0 };
    let conflicts = 0;
    for (;;) {
      try {
        const round = await this.round(domain);
        total.rounds++;
        total.applied += round.applied;
        total.itemWrites += round.itemWrites;
        total.checkpoint = round.checkpoint;
        // A short batch reached the head as of its read. Anything appended since
        // woke the projector again (stream record), so stop instead of paying
        // for an empty round on every write.
        if (round.applied < this.batchSize) return total;
      } catch (err) {
        if (!isConditionFailure(err)) throw err;
        if (++conflicts > 50) throw new BusyError(`The ${domain} projector keeps conflicting; it will retry`, err);
        await new Promise((r) => setTimeout(r, Math.random() * 20));
      }
    }
  }

  private async round(domain: DomainName) {
    const projection = (this.options.projections ?? PROJECTIONS)[domain];
    const ckpt = await this.checkpoint(domain);
    const events = await readAfter(this.store, domain, ckpt.seq, this.batchSize);
    if (events.length === 0) return { applied: 0, itemWrites: 0, checkpoint: ckpt.seq };

    const plan = planRound(projection, events);
    // Unprocessed keys are retried by the store helper; if it gives up (BusyError) the round fails
    // before writing anything, and the stream retries it.
    const loaded: Map<string, Item> = await batchGetMap(this.store, plan.keys, { consistentRead: true });
    const changed = applyRound(plan, loaded);

    await mapLimit([...changed.values()], this.options.writeConcurrency ?? 16, async ({ item, was }) => {
      await this.store.ddb.send(
        new PutCommand({
          TableName: this.store.table,
          Item: item,
          ConditionExpression: was === undefined ? 'attribute_not_exists(PK)' : 'seq = :was',
          ExpressionAttributeValues: was === undefined ? undefined : { ':was': was },
        }),
      );
    });

    const last = events[events.length - 1];
    await saveCheckpoint(this.store, domain, last, ckpt.seq);
    this.options.onApplied?.(domain, events);
    return { applied: events.length, itemWrites: changed.size, checkpoint: last.seq };
  }
}
