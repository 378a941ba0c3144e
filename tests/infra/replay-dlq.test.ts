/** DLQ replay: one wake-up per domain, delete only after the projector reports success. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../functions/core/logger.js';
import { domainOfRecord, makeStreamHandler } from '../../functions/core/stream/stream-handler.js';
import { hubStreamFunction } from '../../functions/manifest.js';
import { JsonlFailureDestination, type MemoryFailureDestination } from '../../infra/local/aws/failure-destination.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { parseFailure, replay, replayLocal, wakeUpEvent } from '../../infra/replay-dlq.js';
import { ADMIN, startTestHub } from '../helpers/test-hub.js';

const failure = JSON.stringify({
  requestContext: { condition: 'RetryAttemptsExhausted' },
  DDBStreamBatchInfo: { shardId: 'shard-1', startSequenceNumber: '100', endSequenceNumber: '120', batchSize: 3 },
});

function fakes(invokeResult: { FunctionError?: string; failures?: unknown[] }, queued = 12) {
  const sent: unknown[] = [];
  let left = queued;
  const sqs = {
    async send(cmd: unknown) {
      sent.push(cmd);
      if (cmd instanceof ReceiveMessageCommand) {
        const n = Math.min(cmd.input.MaxNumberOfMessages ?? 1, left);
        left -= n;
        return { Messages: Array.from({ length: n }, (_, i) => ({ Body: failure, ReceiptHandle: `rh-${left + i}` })) };
      }
      if (cmd instanceof DeleteMessageBatchCommand) return { Successful: cmd.input.Entries };
      throw new Error('unexpected command');
    },
  };
  const invocations: unknown[] = [];
  const lambda = {
    async send(cmd: { input: { Payload: Uint8Array } }) {
      invocations.push(JSON.parse(new TextDecoder().decode(cmd.input.Payload)));
      const body = { batchItemFailures: invokeResult.failures ?? [] };
      return { FunctionError: invokeResult.FunctionError, Payload: new TextEncoder().encode(JSON.stringify(body)) };
    },
  };
  return { sqs, lambda, sent, invocations };
}

const base = {
  queueUrl: 'q',
  functionName: 'f',
  domains: ['sorting', 'housing'],
  max: 100,
  dryRun: false,
  log: () => {},
};

describe('replay-dlq', () => {
  it('builds wake-up records the stream handler maps back to their domains', () => {
    const event = wakeUpEvent(['construction', 'sorting', 'housing', 'reference']);
    expect(event.Records.map(domainOfRecord)).toEqual(['construction', 'sorting', 'housing', 'reference']);
  });

  it('reads the batch description from an on-failure message', () => {
    expect(parseFailure(failure)).toMatchObject({
      condition: 'RetryAttemptsExhausted',
      shardId: 'shard-1',
      batchSize: 3,
    });
    expect(parseFailure('not json')).toEqual({});
  });

  it('invokes once and deletes every received message when the projector succeeds', async () => {
    const f = fakes({});
    const result = await replay({ ...base, sqs: f.sqs, lambda: f.lambda });
    expect(result).toEqual({ received: 12, deleted: 12, ok: true });
    expect(f.invocations).toHaveLength(1);
    expect(f.sent.filter((c) => c instanceof DeleteMessageBatchCommand)).toHaveLength(2); // 10 + 2
  });

  it.each([[{ FunctionError: 'Unhandled' }], [{ failures: [{ itemIdentifier: 'replay-1' }] }]])(
    'keeps the messages when the replay fails: %o',
    async (outcome) => {
      const f = fakes(outcome);
      const result = await replay({ ...base, sqs: f.sqs, lambda: f.lambda });
      expect(result).toMatchObject({ deleted: 0, ok: false });
      expect(f.sent.some((c) => c instanceof DeleteMessageBatchCommand)).toBe(false);
    },
  );

  it('dry run touches nothing', async () => {
    const f = fakes({});
    const result = await replay({ ...base, sqs: f.sqs, lambda: f.lambda, dryRun: true });
    expect(result).toEqual({ received: 12, deleted: 0, ok: true });
    expect(f.invocations).toHaveLength(0);
  });
});

const REPORT = `mutation($input: SortingReportInput!) { reportSortingRate(input: $input) { event { seq } } }`;
const RATES = '{ sortingRates(date: "2026-11-01") { street coverageRate seq } }';

describe("replay-dlq --local (the embedded runtime's on-failure destination)", () => {
  it('a batch the stream handler keeps failing lands in the local destination; the replay projects what was missed', async () => {
    // Projection is left to the stream (projectOnWrite off), so wait for it after registering the streets.
    const hub = await startTestHub({ configure: { projectOnWrite: false } });
    try {
      for (const s of STREETS) await hub.runtime.hub.services.reference.upsertStreet(ADMIN, { ...s });
      await hub.stream.idle();
      const dir = mkdtempSync(join(tmpdir(), 'replay-local-'));
      const file = join(dir, 'failed-batches.jsonl');
      const [sorting, screen] = [await hub.token('department', 'sorting'), await hub.token('screen')];
      // The projector is down: every invocation throws.
      hub.stream.attach(async () => {
        throw new Error('projector down');
      });
      const before = hub.stream.stats.failedInvocations;
      const res = await hub.gql(
        REPORT,
        { input: { street: '410104001', date: '2026-11-01', coverageRate: 97.5, recoveryRate: 37.1 } },
        sorting,
      );
      expect(res.body.errors).toBeUndefined();
      await hub.stream.idle();
      expect(hub.stream.stats.failedInvocations - before).toBe(1 + hubStreamFunction().streamMapping.retryAttempts);
      const failed = (hub.stream.destination as MemoryFailureDestination).records;
      expect(failed).toHaveLength(1);
      expect(failed[0].requestContext.condition).toBe('RetryAttemptsExhausted');
      // What the embedded runtime writes to .data/failed-batches.jsonl:
      const dest = new JsonlFailureDestination(file);
      for (const r of failed) dest.send(r);
      expect((await hub.gql(RATES, {}, screen)).body.data).toEqual({ sortingRates: [] });

      const handler = makeStreamHandler({
        projector: hub.runtime.hub.projector,
        fanOut: hub.realtime.fanOut,
        logger: createLogger('error', {}, () => {}),
      });
      // A replay whose projector still fails leaves the file as it was.
      const lines: string[] = [];
      const down = await replayLocal({
        file,
        handler: async () => ({ batchItemFailures: [{ itemIdentifier: 'replay-0' }] }),
        domains: ['sorting'],
        dryRun: false,
        log: (l) => lines.push(l),
      });
      expect(down).toMatchObject({ received: 1, deleted: 0, ok: false });
      expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
      expect(lines[0]).toMatch(/failed batch: RetryAttemptsExhausted shard .* \(1 records, first at /);

      const result = await replayLocal({ file, handler, domains: ['sorting'], dryRun: false, log: () => {} });
      expect(result).toEqual({ received: 1, deleted: 1, ok: true });
      expect((await hub.gql(RATES, {}, screen)).body.data).toEqual({
        sortingRates: [{ street: '410104001', coverageRate: 97.5, seq: 1 }],
      });
      expect(readFileSync(file, 'utf8')).toBe('');
      expect(readFileSync(`${file}.replayed`, 'utf8').trim().split('\n').map(parseFailure)).toMatchObject([
        { condition: 'RetryAttemptsExhausted', batchSize: 1 },
      ]);
      // Nothing left: a second run is a no-op.
      expect(await replayLocal({ file, handler, domains: ['sorting'], dryRun: false, log: () => {} })).toEqual({
        received: 0,
        deleted: 0,
        ok: true,
      });
      expect(existsSync(file)).toBe(true);
    } finally {
      await hub.close();
    }
  });
});
