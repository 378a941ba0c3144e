/**
 * Wires the Stream function (projector + fan-out) to the hub table's stream.
 *
 * Records are wake-ups: the handler reads the log itself from its checkpoint,
 * so only `LOG#` items need to wake it (event filter), duplicates and order do
 * not matter, and a poisoned batch is bisected, retried a bounded number of
 * times, then described in the on-failure queue. Replaying that queue
 * (infra/replay-dlq.ts) re-invokes the function with a synthetic wake-up per
 * domain; the checkpoint makes it idempotent.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { hubStreamFunction } from '../../functions/manifest.js';
import { LOG_PREFIX } from './table-grants.js';

const MAPPING = hubStreamFunction().streamMapping;

/** The manifest's stream mapping (functions/manifest.ts `streamMapping`) in CDK terms. */
export const STREAM_SETTINGS = {
  batchSize: MAPPING.batchSize,
  /** After this many failed retries the batch goes to the DLQ. */
  retryAttempts: MAPPING.retryAttempts,
  /** A wake-up older than this is moot: the DLQ entry triggers a replay instead. */
  maxRecordAge: Duration.seconds(MAPPING.maxRecordAgeSeconds),
  bisectBatchOnError: MAPPING.bisectOnError,
  reportBatchItemFailures: MAPPING.reportBatchItemFailures,
} as const;

export interface StreamConsumerProps {
  table: ITable;
  fn: IFunction;
}

export class StreamConsumer extends Construct {
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    this.deadLetterQueue = new Queue(this, 'FailedBatches', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // Longest SQS allows: time to notice the alarm and replay.
      retentionPeriod: Duration.days(14),
    });

    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter (on-failure) destination of the stream mapping; it has no DLQ of its own.',
    });

    props.fn.addEventSource(
      new DynamoEventSource(props.table, {
        // TRIM_HORIZON so a mapping created after writes still wakes the projector for them.
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: STREAM_SETTINGS.batchSize,
        bisectBatchOnError: STREAM_SETTINGS.bisectBatchOnError,
        retryAttempts: STREAM_SETTINGS.retryAttempts,
        maxRecordAge: STREAM_SETTINGS.maxRecordAge,
        reportBatchItemFailures: STREAM_SETTINGS.reportBatchItemFailures,
        // One consumer per shard keeps per-domain order (the projector does not rely on it, fan-out latency does).
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.deadLetterQueue),
        filters: [FilterCriteria.filter({ dynamodb: { Keys: { PK: { S: FilterRule.beginsWith(LOG_PREFIX) } } } })],
      }),
    );
    // grantStreamRead (called by the event source) adds dynamodb:ListStreams on `*`.
    if (props.fn.role)
      Validations.of(props.fn.role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'dynamodb:ListStreams, added by the DynamoDB event source, has no resource-level scoping; it lists stream ARNs, not items. Item and stream-record actions are scoped to the table and stream ARNs (tests/infra assert no data action has Resource *).',
      });
  }
}
