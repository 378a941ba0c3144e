/**
 * Replays the stream projector's dead-letter queue.
 *
 *   npx tsx infra/replay-dlq.ts --queue-url <DeadLetterQueueUrl> --function <StreamFunctionName>
 *                               [--domains construction,sorting] [--max 1000] [--dry-run]
 *   npx tsx infra/replay-dlq.ts --local .data/failed-batches.jsonl [--data .data] [--domains ...] [--dry-run]
 *
 * A DLQ message only describes the failed batch (shard, sequence range), not
 * its records. None are needed: records are wake-ups and the projector reads
 * each log from its own checkpoint. So a replay invokes the Stream function
 * once with a synthetic wake-up record per domain; when it reports no batch
 * item failures every message received before the invocation is covered and
 * deleted. Running it twice is harmless (the checkpoint makes it idempotent).
 * Messages stay in the queue if the invocation fails, for the next attempt.
 *
 * `--local` does the same against the embedded runtime's on-failure
 * destination (a JSONL file of the same records, written by
 * infra/local/aws/event-source-mapping.ts): it opens the embedded store under
 * `--data` (stop `npm start` first: the store is single-process), invokes the
 * Stream handler with the wake-ups and, on success, moves the replayed lines
 * to `<file>.replayed`.
 */
import { pathToFileURL } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { Message } from '@aws-sdk/client-sqs';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { logPk, seqSk } from '../functions/core/store/keys/log.js';
import { DOMAINS, type DomainName } from '../schema/model.js';
import { markReplayed, readFailures } from './local/aws/failure-destination.js';

/** The part of Lambda's on-failure record for a stream batch that we report. */
export interface FailedBatchInfo {
  condition?: string;
  shardId?: string;
  startSequenceNumber?: string;
  endSequenceNumber?: string;
  approximateArrivalOfFirstRecord?: string;
  batchSize?: number;
}

export function parseFailure(body: string | undefined): FailedBatchInfo {
  try {
    const msg = JSON.parse(body ?? '{}');
    return { condition: msg.requestContext?.condition, ...(msg.DDBStreamBatchInfo ?? {}) };
  } catch {
    return {};
  }
}

/** A stream-shaped event the Stream handler treats like real wake-ups for these domains. */
export function wakeUpEvent(domains: readonly string[], now = Date.now()): DynamoDBStreamEvent {
  return {
    Records: domains.map((domain, i) => ({
      eventID: `replay-${now}-${i}`,
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      eventVersion: '1.1',
      dynamodb: {
        Keys: { PK: { S: logPk(domain as DomainName) }, SK: { S: seqSk(0) } },
        SequenceNumber: `replay-${now}-${i}`,
        StreamViewType: 'KEYS_ONLY',
        SizeBytes: 0,
      },
    })),
  };
}

interface Sender {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK clients' overloaded send, narrowed at the call sites
  send(command: any): Promise<any>;
}

export interface ReplayOptions {
  sqs: Sender;
  lambda: Sender;
  queueUrl: string;
  functionName: string;
  domains: readonly string[];
  max: number;
  dryRun: boolean;
  log: (line: string) => void;
}

export interface ReplayResult {
  received: number;
  deleted: number;
  ok: boolean;
}

export async function replay(o: ReplayOptions): Promise<ReplayResult> {
  const messages: Message[] = [];
  while (messages.length < o.max) {
    const res = await o.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: o.queueUrl,
        MaxNumberOfMessages: Math.min(10, o.max - messages.length),
        WaitTimeSeconds: 1,
        // Long enough to invoke and delete; otherwise they reappear for the next run.
        VisibilityTimeout: 300,
      }),
    );
    const batch: Message[] = res.Messages ?? [];
    if (batch.length === 0) break;
    messages.push(...batch);
  }
  for (const m of messages) o.log(describeFailure(parseFailure(m.Body)));
  if (messages.length === 0) {
    o.log('queue is empty, nothing to replay');
    return { received: 0, deleted: 0, ok: true };
  }
  if (o.dryRun) {
    o.log(`dry run: would wake ${o.domains.join(', ')} and delete ${messages.length} message(s)`);
    return { received: messages.length, deleted: 0, ok: true };
  }

  const res = await o.lambda.send(
    new InvokeCommand({
      FunctionName: o.functionName,
      InvocationType: 'RequestResponse',
      Payload: new TextEncoder().encode(JSON.stringify(wakeUpEvent(o.domains))),
    }),
  );
  const payload = res.Payload ? JSON.parse(new TextDecoder().decode(res.Payload)) : {};
  const failures: unknown[] = payload?.batchItemFailures ?? [];
  if (res.FunctionError || failures.length > 0) {
    o.log(
      `replay failed (${res.FunctionError ?? `${failures.length} domain(s) still failing`}); messages left in the queue. Check the Stream function's logs.`,
    );
    return { received: messages.length, deleted: 0, ok: false };
  }

  let deleted = 0;
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    const del = await o.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: o.queueUrl,
        Entries: chunk.map((m, j) => ({ Id: String(j), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
    deleted += del.Successful?.length ?? 0;
  }
  o.log(`replayed: woke ${o.domains.join(', ')}; deleted ${deleted} of ${messages.length} message(s)`);
  return { received: messages.length, deleted, ok: deleted === messages.length };
}

function describeFailure(f: FailedBatchInfo): string {
  return `failed batch: ${f.condition ?? '?'} shard ${f.shardId ?? '?'} seq ${f.startSequenceNumber ?? '?'}..${f.endSequenceNumber ?? '?'} (${f.batchSize ?? '?'} records, first at ${f.approximateArrivalOfFirstRecord ?? '?'})`;
}

export interface LocalReplayOptions {
  /** The embedded runtime's on-failure destination, e.g. `.data/failed-batches.jsonl`. */
  file: string;
  /** The Stream handler (as Lambda runs it). */
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  domains: readonly string[];
  dryRun: boolean;
  log: (line: string) => void;
}

/** Replays the local on-failure destination: one wake-up per domain, lines marked replayed only on success. */
export async function replayLocal(o: LocalReplayOptions): Promise<ReplayResult> {
  const pending = readFailures(o.file);
  for (const line of pending.lines) o.log(describeFailure(parseFailure(line)));
  if (pending.lines.length === 0) {
    o.log(`${o.file} has no failed batches, nothing to replay`);
    return { received: 0, deleted: 0, ok: true };
  }
  if (o.dryRun) {
    o.log(`dry run: would wake ${o.domains.join(', ')} and mark ${pending.lines.length} failed batch(es) replayed`);
    return { received: pending.lines.length, deleted: 0, ok: true };
  }
  let failures: unknown[];
  try {
    failures = (await o.handler(wakeUpEvent(o.domains))).batchItemFailures ?? [];
  } catch (err) {
    o.log(`replay failed (${(err as Error).message}); ${o.file} left as it was. Check the log.`);
    return { received: pending.lines.length, deleted: 0, ok: false };
  }
  if (failures.length > 0) {
    o.log(`replay failed (${failures.length} domain(s) still failing); ${o.file} left as it was. Check the log.`);
    return { received: pending.lines.length, deleted: 0, ok: false };
  }
  markReplayed(o.file, pending);
  o.log(`replayed: woke ${o.domains.join(', ')}; ${pending.lines.length} failed batch(es) moved to ${o.file}.replayed`);
  return { received: pending.lines.length, deleted: pending.lines.length, ok: true };
}

/** `--local`: the embedded runtime's store and Stream handler (projector and fan-out), without serving. */
async function mainLocal(file: string, domains: string[]): Promise<void> {
  const [{ startEmbedded }, { makeStreamHandler }, { createLogger }] = await Promise.all([
    import('./local/embedded.js'),
    import('../functions/core/stream/stream-handler.js'),
    import('../functions/core/logger.js'),
  ]);
  const logger = createLogger('warn', { runtime: 'replay-dlq' });
  const hub = await startEmbedded({ dataDir: arg('data') ?? '.data', port: 0, seed: false, logger });
  try {
    const result = await replayLocal({
      file,
      handler: makeStreamHandler({ projector: hub.runtime.hub.projector, fanOut: hub.realtime.fanOut, logger }),
      domains,
      dryRun: process.argv.includes('--dry-run'),
      log: (line) => console.log(line),
    });
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await hub.close();
  }
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const queueUrl = arg('queue-url');
  const functionName = arg('function');
  const local = arg('local');
  if (!local && (!queueUrl || !functionName)) {
    console.error(
      'usage: npx tsx infra/replay-dlq.ts --queue-url <url> --function <name> [--domains a,b] [--max n] [--dry-run]\n' +
        'Both values are stack outputs (DeadLetterQueueUrl, StreamFunctionName).\n' +
        '   or: npx tsx infra/replay-dlq.ts --local .data/failed-batches.jsonl [--data .data] [--domains a,b] [--dry-run]',
    );
    process.exit(2);
  }
  const domains = arg('domains')?.split(',') ?? [...DOMAINS];
  const unknown = domains.filter((d) => !(DOMAINS as readonly string[]).includes(d));
  if (unknown.length > 0) {
    console.error(`unknown domain(s): ${unknown.join(', ')}; known: ${DOMAINS.join(', ')}`);
    process.exit(2);
  }
  if (local) return mainLocal(local, domains);
  if (!queueUrl || !functionName) return;
  const result = await replay({
    sqs: new SQSClient({}),
    lambda: new LambdaClient({}),
    queueUrl,
    functionName,
    domains,
    max: Number(arg('max') ?? 1000),
    dryRun: process.argv.includes('--dry-run'),
    log: (line) => console.log(line),
  });
  process.exit(result.ok ? 0 : 1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
