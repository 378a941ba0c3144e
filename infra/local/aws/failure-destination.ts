/**
 * The stream mapping's on-failure destination, locally: an append-only JSONL
 * file (default `.data/failed-batches.jsonl`), one line per failed batch,
 * shaped like the record Lambda sends to an SQS/SNS on-failure destination for
 * a DynamoDB stream (infra/replay-dlq.ts `parseFailure` reads both). Like the
 * AWS one it describes the batch (shard, sequence range, size, arrival), not
 * its records: records are wake-ups and the projector reads the log itself.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

/** Lambda's on-failure record for a DynamoDB stream batch. */
export interface OnFailureRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: FailureCondition;
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError?: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export interface FailureDestination {
  send(record: OnFailureRecord): Promise<void> | void;
}

/** Keeps records in memory (throwaway runs, tests). */
export class MemoryFailureDestination implements FailureDestination {
  readonly records: OnFailureRecord[] = [];
  send(record: OnFailureRecord): void {
    this.records.push(record);
  }
}

/** Appends one JSON line per failed batch. */
export class JsonlFailureDestination implements FailureDestination {
  constructor(readonly path: string) {}

  send(record: OnFailureRecord): void {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, `${JSON.stringify(record)}\n`);
  }
}

export interface PendingFailures {
  /** The raw lines (one on-failure record each). */
  lines: string[];
  /** Bytes of the file they were read from: anything after it arrived later. */
  size: number;
}

/** Reads the lines of a JSONL destination file (none when it does not exist). */
export function readFailures(path: string): PendingFailures {
  if (!existsSync(path)) return { lines: [], size: 0 };
  const content = readFileSync(path);
  const text = content.toString('utf8');
  // Only complete lines: a line being appended right now is left for the next run.
  const end = text.lastIndexOf('\n') + 1;
  return {
    lines: text
      .slice(0, end)
      .split('\n')
      .filter((l) => l.trim() !== ''),
    size: Buffer.byteLength(text.slice(0, end)),
  };
}

/**
 * Marks what was read as replayed: moves those bytes to `<path>.replayed`
 * (kept for the audit trail) and leaves in `path` only what was appended since.
 */
export function markReplayed(path: string, read: PendingFailures): void {
  if (read.size === 0) return;
  const content = readFileSync(path);
  appendFileSync(`${path}.replayed`, content.subarray(0, read.size));
  writeFileSync(path, content.subarray(read.size));
}
