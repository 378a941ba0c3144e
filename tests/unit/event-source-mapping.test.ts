/** The emulated stream event source mapping: batch size, bisection, retries, record age, on-failure destination. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { hubStreamFunction } from '../../functions/manifest.js';
import { EventSourceMapping } from '../../infra/local/aws/event-source-mapping.js';
import { JsonlFailureDestination, MemoryFailureDestination } from '../../infra/local/aws/failure-destination.js';
import { createInvoker } from '../../infra/local/aws/invoke.js';
import { parseFailure } from '../../infra/replay-dlq.js';

const spec = hubStreamFunction();
const mapping = spec.streamMapping;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function record(n: number, arrivalMs = Date.now()): DynamoDBRecord {
  const seq = String(n).padStart(21, '0');
  return {
    eventID: seq,
    eventName: 'INSERT',
    dynamodb: {
      Keys: { PK: { S: 'LOG#sorting' }, SK: { S: String(n).padStart(12, '0') } },
      SequenceNumber: seq,
      ApproximateCreationDateTime: arrivalMs / 1000,
    },
  };
}
const seqs = (e: DynamoDBStreamEvent) => e.Records.map((r) => Number(r.dynamodb?.SequenceNumber));

describe('event source mapping (manifest settings)', () => {
  it('reads its settings from the manifest', () => {
    expect(mapping).toMatchObject({ bisectOnError: true, reportBatchItemFailures: true });
    expect(mapping.retryAttempts).toBeGreaterThan(0);
  });

  it('delivers at most batchSize records per invocation, in order', async () => {
    const seen: number[][] = [];
    const esm = new EventSourceMapping({
      mapping,
      invoke: async (e) => {
        seen.push(seqs(e));
        return { batchItemFailures: [] };
      },
      destination: new MemoryFailureDestination(),
    });
    esm.push(...Array.from({ length: mapping.batchSize * 2 + 5 }, (_, i) => record(i + 1)));
    await esm.idle();
    expect(seen.map((b) => b.length)).toEqual([mapping.batchSize, mapping.batchSize, 5]);
    expect(seen.flat()).toEqual(Array.from({ length: mapping.batchSize * 2 + 5 }, (_, i) => i + 1));
  });

  it('bisects a batch whose handler keeps failing, retries retryAttempts times, then writes it to the JSONL destination', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'esm-')), 'failed-batches.jsonl');
    const calls = new Map<number, number>();
    const sizes: number[] = [];
    const esm = new EventSourceMapping({
      mapping,
      invoke: async (e) => {
        sizes.push(e.Records.length);
        for (const s of seqs(e)) calls.set(s, (calls.get(s) ?? 0) + 1);
        throw new Error('projector down');
      },
      destination: new JsonlFailureDestination(file),
      retryDelayMs: () => 0,
    });
    esm.push(...Array.from({ length: 8 }, (_, i) => record(i + 1)));
    await esm.idle();
    // every record was tried once and retried exactly retryAttempts times
    expect([...calls.values()]).toEqual(Array(8).fill(1 + mapping.retryAttempts));
    expect(sizes[0]).toBe(8);
    expect(sizes).toContain(4);
    expect(sizes).toContain(1);
    expect(esm.stats.bisections).toBeGreaterThan(0);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const infos = lines.map(parseFailure);
    expect(infos.every((f) => f.condition === 'RetryAttemptsExhausted')).toBe(true);
    const covered = infos.flatMap((f) => {
      const out: number[] = [];
      for (let s = Number(f.startSequenceNumber); s <= Number(f.endSequenceNumber); s++) out.push(s);
      expect(out).toHaveLength(f.batchSize ?? 0);
      return out;
    });
    expect(covered).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const first = JSON.parse(lines[0]);
    expect(first).toMatchObject({
      version: '1.0',
      requestContext: { approximateInvokeCount: 1 + mapping.retryAttempts },
      responseContext: { functionError: 'Unhandled' },
      DDBStreamBatchInfo: { shardId: expect.any(String), streamArn: expect.any(String) },
    });
    expect(Date.parse(first.DDBStreamBatchInfo.approximateArrivalOfFirstRecord)).not.toBeNaN();
  });

  it('isolates a poisoned record by bisection; every other record is delivered', async () => {
    const delivered: number[] = [];
    const destination = new MemoryFailureDestination();
    const esm = new EventSourceMapping({
      mapping,
      invoke: async (e) => {
        if (seqs(e).includes(5)) throw new Error('poison');
        delivered.push(...seqs(e));
        return { batchItemFailures: [] };
      },
      destination,
      retryDelayMs: () => 0,
    });
    esm.push(...Array.from({ length: 20 }, (_, i) => record(i + 1)));
    await esm.idle();
    expect(delivered).toEqual(Array.from({ length: 20 }, (_, i) => i + 1).filter((n) => n !== 5));
    expect(destination.records.map((r) => r.DDBStreamBatchInfo)).toMatchObject([
      {
        startSequenceNumber: record(5).dynamodb?.SequenceNumber,
        endSequenceNumber: record(5).dynamodb?.SequenceNumber,
        batchSize: 1,
      },
    ]);
  });

  it('retries from the first reported batch item failure', async () => {
    const seen: number[][] = [];
    const esm = new EventSourceMapping({
      mapping,
      invoke: async (e): Promise<DynamoDBBatchResponse> => {
        seen.push(seqs(e));
        if (seen.length === 1)
          return { batchItemFailures: [{ itemIdentifier: e.Records[3].dynamodb?.SequenceNumber ?? '' }] };
        return { batchItemFailures: [] };
      },
      destination: new MemoryFailureDestination(),
      retryDelayMs: () => 0,
    });
    esm.push(...Array.from({ length: 6 }, (_, i) => record(i + 1)));
    await esm.idle();
    expect(seen).toEqual([
      [1, 2, 3, 4, 5, 6],
      [4, 5, 6],
    ]);
  });

  it('a timed-out invocation (compressed Stream deadline) is a failure; the retry succeeds', async () => {
    let n = 0;
    const invoke = createInvoker(
      async (e: DynamoDBStreamEvent) => {
        if (n++ === 0) await sleep(300); // past 60 s × 0.002 = 120 ms
        return { batchItemFailures: [], size: e.Records.length };
      },
      { spec, timeScale: 0.002 },
    );
    const destination = new MemoryFailureDestination();
    const esm = new EventSourceMapping({ mapping, invoke, destination, timeScale: 0.002 });
    esm.push(record(1), record(2));
    await esm.idle();
    expect(invoke.stats.timeouts).toBe(1);
    expect(esm.stats.invocations).toBe(3); // [1,2] timed out → bisected [1], [2]
    expect(destination.records).toEqual([]);
  });

  it('sends records older than maxRecordAge to the destination without invoking', async () => {
    const t = Date.now();
    const invoked: number[] = [];
    const destination = new MemoryFailureDestination();
    const esm = new EventSourceMapping({
      mapping,
      now: () => t,
      invoke: async (e) => {
        invoked.push(...seqs(e));
        return { batchItemFailures: [] };
      },
      destination,
    });
    const old = t - (mapping.maxRecordAgeSeconds + 1) * 1000;
    esm.push(record(1, old), record(2, old), record(3, t));
    await esm.idle();
    expect(invoked).toEqual([3]);
    expect(destination.records).toMatchObject([
      { requestContext: { condition: 'RecordAgeExceeded' }, DDBStreamBatchInfo: { batchSize: 2 } },
    ]);
  });
});
