/**
 * Issue 8, failure 5: failures the handlers answer instead of throwing raise
 * an alarm. The synthesized template has, per function log group, one metric
 * filter per handled failure and one alarm per failure metric to the topic;
 * and each filter pattern in the template, evaluated as CloudWatch Logs
 * evaluates a JSON filter, matches the line the real code path logs for that
 * failure (and no other failure's line, and no ordinary error line).
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toContractError } from '../../functions/core/errors/contract-errors.js';
import { HANDLED_FAILURES, type HandledFailure } from '../../functions/core/handled-failures.js';
import { createLogger, inRequestScope } from '../../functions/core/logger.js';
import { invokedShards } from '../../functions/core/realtime/delivery/invoked-shards.js';
import { emptyOutcome } from '../../functions/core/realtime/delivery/shards.js';
import type { ProtocolDeps } from '../../functions/core/realtime/protocol/context.js';
import { makeWsHandler } from '../../functions/core/realtime/protocol/ws-event.js';
import { logPk } from '../../functions/core/store/keys/log.js';
import { makeStreamHandler } from '../../functions/core/stream/stream-handler.js';
import { FUNCTIONS } from '../../functions/manifest.js';
import { failureMetricNamespace } from '../../infra/constructs/handled-failure-metrics.js';
import { readStackConfig } from '../../infra/stack-config.js';
import { resourcesOfType, synthHubStack } from './synth-stack.js';

const s = synthHubStack();
const stage = readStackConfig((key) => s.app.node.tryGetContext(key)).stage;
const KINDS = Object.keys(HANDLED_FAILURES) as HandledFailure[];

/**
 * CloudWatch Logs' JSON filter for the form the stack uses:
 * `{ ($.a = "x") && ($.b = "y") }` matches when every named field equals its
 * string. Any other construct throws, so a pattern this cannot read fails the test.
 */
function jsonFilterMatches(pattern: string, line: string): boolean {
  const conjunct = /\(\s*\$\.([\w.]+)\s*=\s*"([^"]*)"\s*\)/g;
  const rest = pattern.replace(conjunct, '').replace(/&&/g, '').trim();
  if (rest !== '{}' && rest.replace(/\s/g, '') !== '{}') throw new Error(`unsupported filter pattern: ${pattern}`);
  const event = JSON.parse(line) as Record<string, unknown>;
  return [...pattern.matchAll(conjunct)].every(([, path, value]) => {
    const v = path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], event);
    return v === value;
  });
}

/** The lines the real code writes for each handled failure, and for an ordinary error. */
async function loggedLines(): Promise<Record<HandledFailure | 'ordinary', string[]>> {
  const lines: string[] = [];
  const logger = createLogger('error', { stage }, (l) => lines.push(l));
  const take = () => lines.splice(0);

  await inRequestScope({ requestId: 'r-1' }, async () => {
    toContractError(new Error('DynamoDB said no'), logger);
  });
  const internalError = take();

  const deps = {
    store: {
      getConnection: async () => {
        throw new Error('connections table unreachable');
      },
    },
    socketFor: () => ({ send: async () => {}, close: async () => {} }),
    logger,
    now: Date.now,
    initTimeoutMs: 1000,
  } as unknown as ProtocolDeps;
  const ws = await makeWsHandler(deps)({
    requestContext: { routeKey: '$default', eventType: 'MESSAGE', connectionId: 'c', requestId: 'r-2' },
    body: '{"type":"ping"}',
  });
  expect(ws.statusCode).toBe(500);
  const wsHandlerFailure = take();

  const stream = makeStreamHandler({
    projector: {
      catchUp: async () => {
        throw new Error('projection failed');
      },
    } as never,
    logger,
  });
  const record = { eventID: '1', dynamodb: { SequenceNumber: '42', Keys: { PK: { S: logPk('sorting') } } } };
  const result = await stream({ Records: [record] } as DynamoDBStreamEvent, { awsRequestId: 'r-3' });
  expect(result.batchItemFailures).toEqual([{ itemIdentifier: '42' }]);
  const streamBatchFailure = take();

  // A Deliver invocation that failed after it ran (a timeout): its shard's connections resume.
  const timedOut = { FunctionError: 'Unhandled', Payload: Buffer.from('{"errorType":"Sandbox.Timedout"}') };
  const shards = invokedShards({
    lambda: { send: async () => timedOut } as never,
    functionName: 'Deliver',
    here: async () => ({ ...emptyOutcome(), through: 1 }),
    store: { removeConnection: async () => {} } as never,
    socketFor: () => ({ send: async () => {}, close: async () => {} }),
    logger,
  });
  const job = {
    events: [{ domain: 'sorting' as const, seq: 1 }],
    payloads: ['{}'],
    posts: [[['c', 's', 0, undefined]]],
  };
  await shards([job, job] as never);
  const deliverInvocationFailed = take();

  logger.error('post failed; closing the connection so its client resumes', { connectionId: 'c' });
  const ordinary = take();
  return { internalError, wsHandlerFailure, streamBatchFailure, deliverInvocationFailed, ordinary };
}

describe('alarms on handled failures', () => {
  const filters = resourcesOfType(s.json, 'AWS::Logs::MetricFilter').map(([, r]) => r.Properties ?? {});
  const alarms = resourcesOfType(s.json, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties ?? {});
  const [[topicId]] = resourcesOfType(s.json, 'AWS::SNS::Topic');
  const logGroupOf = (name: string) =>
    s.stack.getLogicalId(s.stack.handlers.get(name)?.logGroup.node.defaultChild as never);

  it.each(KINDS)('%s: a metric filter on every function log group, and an alarm to the topic', (kind) => {
    const { metricName } = HANDLED_FAILURES[kind];
    const mine = filters.filter((f) => f.MetricTransformations?.[0]?.MetricName === metricName);
    expect(mine.map((f) => f.LogGroupName?.Ref).sort()).toEqual(FUNCTIONS.map((f) => logGroupOf(f.name)).sort());
    for (const f of mine) {
      expect(f.MetricTransformations).toEqual([
        { MetricNamespace: failureMetricNamespace(stage), MetricName: metricName, MetricValue: '1' },
      ]);
    }
    const alarm = alarms.filter((a) => a.MetricName === metricName && a.Namespace === failureMetricNamespace(stage));
    expect(alarm).toHaveLength(1);
    expect(alarm[0]).toMatchObject({
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: topicId }],
    });
  });

  it("each filter pattern in the template matches exactly its failure's log lines", async () => {
    const lines = await loggedLines();
    for (const kind of KINDS) expect(lines[kind], kind).toHaveLength(1);
    expect(lines.ordinary).toHaveLength(1);
    for (const kind of KINDS) {
      const patterns = new Set(
        filters
          .filter((f) => f.MetricTransformations?.[0]?.MetricName === HANDLED_FAILURES[kind].metricName)
          .map((f) => f.FilterPattern as string),
      );
      expect(patterns.size).toBe(1);
      const [pattern] = patterns;
      for (const [other, otherLines] of Object.entries(lines)) {
        expect(jsonFilterMatches(pattern, otherLines[0]), `${kind} filter on the ${other} line`).toBe(other === kind);
      }
    }
  });

  it('the failure lines carry the request id of their invocation', async () => {
    const lines = await loggedLines();
    expect(JSON.parse(lines.internalError[0]).requestId).toBe('r-1');
    expect(JSON.parse(lines.wsHandlerFailure[0]).requestId).toBe('r-2');
    expect(JSON.parse(lines.streamBatchFailure[0]).requestId).toBe('r-3');
  });
});
