/**
 * DynamoDB Streams for the embedded runtime. dynalite has no streams, so a
 * middleware on the store client notes every successful write to a log item
 * and the local event source mapping (infra/local/aws/event-source-mapping.ts)
 * invokes the same stream handler Lambda runs on AWS, with a stream-shaped
 * event, under the Stream function's deadline and with its mapping settings
 * from functions/manifest.ts: batches of at most `batchSize`, bisected and
 * retried `retryAttempts` times on failure, aged out after
 * `maxRecordAgeSeconds`, then described in the on-failure destination
 * (`.data/failed-batches.jsonl` when a path is given), which
 * `infra/replay-dlq.ts --local` replays. After a restart the projector catches
 * up from its checkpoint anyway (the embedded start wakes every domain).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { Logger } from '../../functions/core/logger.js';
import { isLogPk } from '../../functions/core/store/keys/log.js';
import { type FunctionSpec, hubStreamFunction, type StreamMapping } from '../../functions/manifest.js';
import { EventSourceMapping, type MappingStats } from './aws/event-source-mapping.js';
import {
  type FailureDestination,
  JsonlFailureDestination,
  MemoryFailureDestination,
} from './aws/failure-destination.js';
import { createInvoker, type InvokerOptions } from './aws/invoke.js';

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

export interface LocalStreamOptions {
  /** The stream function's spec (timeout, mapping); default the manifest's hubStream function. */
  spec?: FunctionSpec & { streamMapping: StreamMapping };
  /** Compresses the deadline, record age and retry backoff (tests). Default 1. */
  timeScale?: number;
  /** On-failure destination: a JSONL path (e.g. `.data/failed-batches.jsonl`) or a destination; default in memory. */
  destination?: string | FailureDestination;
  /** Overrides the retry backoff (tests). */
  retryDelayMs?: (attempt: number) => number;
  /** Passed to the deadline invoker (e.g. recycle the instance on a timeout). */
  onTimeout?: InvokerOptions['onTimeout'];
}

export class LocalStream {
  private sequence = 0;
  private handler: StreamHandler | null = null;
  private readonly mapping: EventSourceMapping;
  readonly destination: FailureDestination;
  readonly spec: FunctionSpec & { streamMapping: StreamMapping };

  constructor(
    private readonly tableName: string,
    private readonly logger: Logger,
    options: LocalStreamOptions = {},
  ) {
    this.spec = options.spec ?? hubStreamFunction();
    this.destination =
      typeof options.destination === 'string'
        ? new JsonlFailureDestination(options.destination)
        : (options.destination ?? new MemoryFailureDestination());
    const invoke = createInvoker<DynamoDBStreamEvent, DynamoDBBatchResponse>(
      (event) => {
        if (!this.handler) throw new Error('no stream handler attached');
        return this.handler(event);
      },
      { spec: this.spec, timeScale: options.timeScale, onTimeout: options.onTimeout },
    );
    this.mapping = new EventSourceMapping({
      mapping: this.spec.streamMapping,
      invoke,
      destination: this.destination,
      timeScale: options.timeScale,
      retryDelayMs: options.retryDelayMs,
      streamArn: `arn:aws:dynamodb:local:local:table/${tableName}/stream/local`,
      functionArn: `arn:aws:lambda:local:local:function:${this.spec.name}`,
      onEvent: (e) => {
        if (e.kind === 'invocation-failed')
          this.logger.error('stream invocation failed; the mapping retries the batch', {
            err: e.error,
            batchSize: e.batchSize,
            failedRecords: e.failedRecords,
            attempt: e.attempt,
          });
        else if (e.kind === 'sent-to-destination')
          this.logger.error('stream batch sent to the on-failure destination; replay it with infra/replay-dlq.ts', {
            condition: e.condition,
            batchSize: e.batchSize,
            attempts: e.attempts,
          });
      },
    });
  }

  /** Largest batch handed to the handler, for the benchmark. */
  get maxBatch(): number {
    return this.mapping.stats.maxBatch;
  }

  get invocations(): number {
    return this.mapping.stats.invocations;
  }

  get stats(): MappingStats {
    return this.mapping.stats;
  }

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
    this.mapping.push({
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
      eventSourceARN: `arn:aws:dynamodb:local:local:table/${this.tableName}/stream/local`,
    });
  }

  /** Resolves when every record so far has been handled (or sent to the on-failure destination). */
  idle(): Promise<void> {
    return this.mapping.idle();
  }
}
