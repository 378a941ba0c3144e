/**
 * DynamoDB Streams for the embedded runtime. dynalite has no streams, so a
 * middleware on the store client notes every successful write to a log item
 * and the dispatcher invokes the same stream handler Lambda runs on AWS, with
 * a stream-shaped event. Records that arrive while a batch is being handled
 * are delivered together in the next one (as a stream shard batches), failed
 * records are retried with backoff, and nothing is dropped while the process
 * lives; after a restart the projector catches up from its checkpoint anyway.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { Logger } from '../../functions/core/logger.js';
import { isLogPk } from '../../functions/core/store/keys/log.js';

const WRITES: Record<string, 'INSERT' | 'MODIFY' | 'REMOVE'> = {
  PutItemCommand: 'INSERT',
  UpdateItemCommand: 'MODIFY',
  DeleteItemCommand: 'REMOVE',
};

const attrString = (v: unknown): string | undefined =>
  typeof v === 'string'
    ? v
    : typeof (v as { S?: unknown } | undefined)?.S === 'string'
      ? (v as { S: string }).S
      : undefined;

type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;

export class LocalStream {
  private queue: DynamoDBRecord[] = [];
  private running = false;
  private sequence = 0;
  private idleWaiters: (() => void)[] = [];
  private retries = new Map<string, number>();
  private handler: StreamHandler | null = null;
  /** Largest batch handed to the handler, for the benchmark. */
  maxBatch = 0;
  invocations = 0;

  constructor(
    private readonly tableName: string,
    private readonly logger: Logger,
    private readonly maxRetries = 8,
  ) {}

  /** Sets the handler woken by log writes. */
  attach(handler: StreamHandler) {
    this.handler = handler;
  }

  /** Watches a store client for writes to log items of the hub table. */
  watch(client: DynamoDBClient) {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as {
          TableName?: string;
          Item?: Record<string, unknown>;
          Key?: Record<string, unknown>;
        };
        const command = (context as { commandName?: string }).commandName ?? '';
        const keys = input.Item ?? input.Key;
        // At this step the document client's input may or may not be marshalled yet.
        const pk = attrString(keys?.PK);
        const sk = attrString(keys?.SK);
        if (input.TableName === this.tableName && pk && isLogPk(pk) && sk && WRITES[command]) {
          this.push(WRITES[command], { PK: { S: pk }, SK: { S: sk } });
        }
        return result;
      },
      { step: 'initialize', name: 'localStreamCapture' },
    );
  }

  push(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', keys: Record<string, AttributeValue>) {
    const seq = String(++this.sequence).padStart(21, '0');
    this.queue.push({
      eventID: seq,
      eventName,
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      awsRegion: 'local',
      dynamodb: {
        Keys: keys as never,
        SequenceNumber: seq,
        StreamViewType: 'KEYS_ONLY',
        ApproximateCreationDateTime: Date.now() / 1000,
      },
      eventSourceARN: `arn:aws:dynamodb:local:000000000000:table/${this.tableName}/stream/local`,
    });
    this.schedule();
  }

  /** Resolves when every record so far has been handled. */
  idle(): Promise<void> {
    if (!this.running && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private schedule(delayMs = 0) {
    if (this.running) return;
    this.running = true;
    setTimeout(() => void this.drain(), delayMs);
  }

  private async drain() {
    while (this.queue.length > 0 && this.handler) {
      const batch = this.queue.splice(0, 1000);
      this.maxBatch = Math.max(this.maxBatch, batch.length);
      this.invocations++;
      let failed: DynamoDBRecord[] = [];
      try {
        const result = await this.handler({ Records: batch });
        const ids = new Set(result.batchItemFailures.map((f) => f.itemIdentifier));
        failed = batch.filter((r) => ids.has(r.dynamodb?.SequenceNumber ?? ''));
      } catch (err) {
        this.logger.error('stream handler threw; retrying the batch', { err });
        failed = batch;
      }
      if (failed.length > 0) {
        const retry = failed.filter((r) => {
          const id = r.dynamodb?.SequenceNumber ?? '';
          const n = (this.retries.get(id) ?? 0) + 1;
          this.retries.set(id, n);
          if (n > this.maxRetries)
            this.logger.error('stream record dropped after retries; the next write wakes the projector again', { id });
          return n <= this.maxRetries;
        });
        this.queue.unshift(...retry);
        if (retry.length > 0) {
          await new Promise((r) =>
            setTimeout(
              r,
              Math.min(2000, 50 * 2 ** Math.min(6, this.retries.get(retry[0].dynamodb?.SequenceNumber ?? '') ?? 1)),
            ),
          );
        }
      } else {
        for (const r of batch) this.retries.delete(r.dynamodb?.SequenceNumber ?? '');
      }
    }
    this.running = false;
    if (this.queue.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }
}
