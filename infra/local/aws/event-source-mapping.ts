/**
 * Lambda's event source mapping for a DynamoDB stream shard, emulated with the
 * settings in functions/manifest.ts (`streamMapping` of the Stream function):
 *
 * - records are delivered in order, at most `batchSize` per invocation; those
 *   arriving during an invocation wait for the next one (as a shard batches);
 * - a failed invocation (the handler threw or timed out: invoke it through the
 *   deadline invoker) is retried; with `bisectOnError` a batch of two or more
 *   is split in halves, retried first half first;
 * - with `reportBatchItemFailures`, a response naming failed records completes
 *   the records before the first of them and retries from it (an identifier
 *   not in the batch fails the whole batch, as on Lambda);
 * - each record counts the invocations it failed in; once one exceeds
 *   1 + `retryAttempts`, its batch is described to the on-failure destination
 *   (`RetryAttemptsExhausted`) and skipped; records older than
 *   `maxRecordAgeSeconds` are skipped the same way (`RecordAgeExceeded`);
 * - the shard is blocked while a batch is retried (no later record overtakes it).
 *
 * `timeScale` compresses the record age and the retry backoff like the deadlines.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamMapping } from '../../../functions/manifest.js';
import type { FailureCondition, FailureDestination, OnFailureRecord } from './failure-destination.js';

export interface EventSourceMappingOptions {
  mapping: StreamMapping;
  /** The stream function, invoked with a deadline (see invoke.ts); may throw or time out. */
  invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  destination: FailureDestination;
  functionArn?: string;
  streamArn?: string;
  shardId?: string;
  /** Epoch ms (record ages); default Date.now. */
  now?: () => number;
  timeScale?: number;
  /** Wait before retry number `attempt` (1-based); default 100 ms doubling to 5 s, times timeScale. */
  retryDelayMs?: (attempt: number) => number;
  /** Told about every batch sent to the destination and every failed invocation. */
  onEvent?: (event: MappingEvent) => void;
}

export type MappingEvent =
  | { kind: 'invocation-failed'; batchSize: number; error?: unknown; failedRecords: number; attempt: number }
  | { kind: 'bisected'; sizes: [number, number] }
  | { kind: 'sent-to-destination'; condition: FailureCondition; batchSize: number; attempts: number };

export interface MappingStats {
  invocations: number;
  maxBatch: number;
  failedInvocations: number;
  bisections: number;
  batchesToDestination: number;
  recordsToDestination: number;
}

const seqOf = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? r.eventID ?? '';
const arrivalMs = (r: DynamoDBRecord, fallback: number) => {
  const t = r.dynamodb?.ApproximateCreationDateTime;
  return typeof t === 'number' ? t * 1000 : fallback;
};

export class EventSourceMapping {
  private queue: DynamoDBRecord[] = [];
  /** Batches being retried, ahead of the queue. */
  private pending: DynamoDBRecord[][] = [];
  private failures = new Map<string, number>();
  private running = false;
  private idleWaiters: (() => void)[] = [];
  readonly stats: MappingStats = {
    invocations: 0,
    maxBatch: 0,
    failedInvocations: 0,
    bisections: 0,
    batchesToDestination: 0,
    recordsToDestination: 0,
  };

  constructor(private readonly options: EventSourceMappingOptions) {
    if (!(options.mapping.batchSize >= 1)) throw new Error('batchSize must be at least 1');
  }

  push(...records: DynamoDBRecord[]): void {
    this.queue.push(...records);
    if (this.running) return;
    this.running = true;
    setTimeout(() => void this.drain(), 0);
  }

  /** Resolves when every record so far is handled or sent to the destination. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private delay(attempt: number): number {
    const scale = this.options.timeScale ?? 1;
    return this.options.retryDelayMs?.(attempt) ?? Math.min(5000, 100 * 2 ** (attempt - 1)) * scale;
  }

  private async drain(): Promise<void> {
    try {
      for (;;) {
        const next = this.pending.shift() ?? this.queue.splice(0, this.options.mapping.batchSize);
        if (next.length === 0) break;
        await this.handle(next);
      }
    } finally {
      this.running = false;
      if (this.queue.length > 0) this.push();
      else {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const w of waiters) w();
      }
    }
  }

  private async handle(records: DynamoDBRecord[]): Promise<void> {
    const { mapping } = this.options;
    const maxAgeMs = mapping.maxRecordAgeSeconds * 1000 * (this.options.timeScale ?? 1);
    const now = this.now();
    const expired = records.filter((r) => now - arrivalMs(r, now) > maxAgeMs);
    let batch = records;
    if (expired.length > 0) {
      await this.toDestination(
        expired,
        'RecordAgeExceeded',
        Math.max(0, ...expired.map((r) => this.failures.get(seqOf(r)) ?? 0)),
      );
      batch = records.filter((r) => !expired.includes(r));
      if (batch.length === 0) return;
    }

    this.stats.invocations++;
    this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
    let failed: DynamoDBRecord[];
    let error: unknown;
    let threw = false;
    try {
      const response = await this.options.invoke({ Records: batch });
      failed = mapping.reportBatchItemFailures ? this.partialFailures(batch, response) : [];
    } catch (err) {
      threw = true;
      error = err;
      failed = batch;
    }
    for (const r of batch.slice(0, batch.length - failed.length)) this.failures.delete(seqOf(r));
    if (failed.length === 0) return;

    this.stats.failedInvocations++;
    const attempts = Math.max(
      ...failed.map((r) => {
        const n = (this.failures.get(seqOf(r)) ?? 0) + 1;
        this.failures.set(seqOf(r), n);
        return n;
      }),
    );
    this.options.onEvent?.({
      kind: 'invocation-failed',
      batchSize: batch.length,
      error,
      failedRecords: failed.length,
      attempt: attempts,
    });
    if (attempts > mapping.retryAttempts) {
      await this.toDestination(failed, 'RetryAttemptsExhausted', attempts, threw ? 'Unhandled' : undefined);
      return;
    }
    await new Promise((r) => setTimeout(r, this.delay(attempts)));
    if (threw && mapping.bisectOnError && failed.length > 1) {
      const half = Math.ceil(failed.length / 2);
      this.stats.bisections++;
      this.options.onEvent?.({ kind: 'bisected', sizes: [half, failed.length - half] });
      this.pending.unshift(failed.slice(0, half), failed.slice(half));
    } else {
      this.pending.unshift(failed);
    }
  }

  /** The records to retry for a partial-failure response: from the first one named on. */
  private partialFailures(batch: DynamoDBRecord[], response: DynamoDBBatchResponse | undefined): DynamoDBRecord[] {
    const ids = (response?.batchItemFailures ?? []).map((f) => f?.itemIdentifier);
    if (ids.length === 0) return [];
    const positions = ids.map((id) => batch.findIndex((r) => id !== '' && seqOf(r) === id));
    if (positions.some((p) => p < 0)) return batch;
    return batch.slice(Math.min(...positions));
  }

  private async toDestination(
    records: DynamoDBRecord[],
    condition: FailureCondition,
    attempts: number,
    functionError?: string,
  ): Promise<void> {
    const now = this.now();
    const first = records[0];
    const last = records[records.length - 1];
    const record: OnFailureRecord = {
      requestContext: {
        requestId: randomUUID(),
        functionArn: this.options.functionArn ?? 'arn:aws:lambda:local:local:function:Stream',
        condition,
        approximateInvokeCount: attempts,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', ...(functionError ? { functionError } : {}) },
      version: '1.0',
      timestamp: new Date(now).toISOString(),
      DDBStreamBatchInfo: {
        shardId: this.options.shardId ?? 'shardId-local-000000000000',
        startSequenceNumber: seqOf(first),
        endSequenceNumber: seqOf(last),
        approximateArrivalOfFirstRecord: new Date(arrivalMs(first, now)).toISOString(),
        approximateArrivalOfLastRecord: new Date(arrivalMs(last, now)).toISOString(),
        batchSize: records.length,
        streamArn:
          this.options.streamArn ?? first.eventSourceARN ?? 'arn:aws:dynamodb:local:local:table/hub/stream/local',
      },
    };
    for (const r of records) this.failures.delete(seqOf(r));
    this.stats.batchesToDestination++;
    this.stats.recordsToDestination += records.length;
    this.options.onEvent?.({ kind: 'sent-to-destination', condition, batchSize: records.length, attempts });
    await this.options.destination.send(record);
  }
}
