/** DLQ replay: one wake-up per domain, delete only after the projector reports success. */
import { DeleteMessageBatchCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { domainOfRecord } from '../../functions/core/stream/stream-handler.js';
import { parseFailure, replay, wakeUpEvent } from '../../infra/replay-dlq.js';

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
