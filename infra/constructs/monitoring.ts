/**
 * Alarms to an encrypted SNS topic (optional e-mail subscription) and one
 * dashboard. Thresholds assume "expected failures are never errors": any
 * function error, throttle, HTTP 5xx or failed stream batch is a bug or a
 * capacity problem somebody should look at. That includes the failures the
 * handlers answer instead of throwing (an INTERNAL error with HTTP 200, a
 * WebSocket message answered 500, stream batch item failures), counted from
 * the functions' logs by handled-failure-metrics.ts.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import type { IMetric } from 'aws-cdk-lib/aws-cloudwatch';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { HANDLED_FAILURES, type HandledFailure } from '../../functions/core/handled-failures.js';
import { handledFailureMetrics } from './handled-failure-metrics.js';

export interface MonitoringProps {
  stage: string;
  /** Each function, with the log group its handled failures are counted from. */
  functions: { name: string; fn: IFunction; logGroup: ILogGroup }[];
  /** The function consuming the hub table stream (IteratorAge). */
  streamFunction?: IFunction;
  deadLetterQueue: IQueue;
  httpApi: HttpApi;
  webSocketApiId: string;
  alarmEmail?: string;
}

/** Stream wake-ups older than this mean the projector is falling behind (screens see stale data). */
export const ITERATOR_AGE_ALARM_MS = 60_000;

export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // A customer managed key because CloudWatch must be allowed to use it in the
    // key policy, which the AWS managed aws/sns key does not permit.
    const key = new Key(this, 'TopicKey', {
      description: 'Guancheng Live alarm topic',
      enableKeyRotation: true,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'], // in a key policy `*` means this key
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    this.topic = new Topic(this, 'Alarms', {
      displayName: `Guancheng Live ${props.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const alarm = (id: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      a.addAlarmAction(new SnsAction(this.topic));
      a.addOkAction(new SnsAction(this.topic));
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };

    for (const { name, fn } of props.functions) {
      alarm(
        `${name}Errors`,
        fn.metricErrors(fiveMinutes),
        1,
        `${name} function errors (unhandled exceptions or timeouts)`,
      );
      alarm(`${name}Throttles`, fn.metricThrottles(fiveMinutes), 1, `${name} function throttled (account concurrency)`);
    }

    const failures = handledFailureMetrics(this, { stage: props.stage, functions: props.functions });
    for (const kind of Object.keys(failures) as HandledFailure[]) {
      const { metricName, description } = HANDLED_FAILURES[kind];
      alarm(metricName, failures[kind], 1, `${description} (no Lambda error)`);
    }

    const iteratorAge = props.streamFunction?.metric('IteratorAge', {
      period: Duration.minutes(1),
      statistic: 'Maximum',
    });
    if (iteratorAge)
      alarm('StreamIteratorAge', iteratorAge, ITERATOR_AGE_ALARM_MS, 'Projector is behind the hub table stream');

    const dlqVisible = props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    });
    alarm('StreamDeadLetters', dlqVisible, 1, 'Stream batches failed: run infra/replay-dlq.ts (README, Deploy to AWS)');

    const http5xx = props.httpApi.metricServerError(fiveMinutes);
    alarm('Http5xx', http5xx, 1, 'HTTP API returned 5xx');

    const wsMetric = (metricName: string) =>
      new Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.webSocketApiId },
        ...fiveMinutes,
      });

    const dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `guancheng-live-${props.stage}`,
    });
    dashboard.addWidgets(
      new TextWidget({ markdown: `# Guancheng Live (${props.stage})`, width: 24, height: 1 }),
      new GraphWidget({
        title: 'Invocations',
        left: props.functions.map(({ fn }) => fn.metricInvocations(fiveMinutes)),
        width: 8,
      }),
      new GraphWidget({
        title: 'Errors / throttles',
        left: props.functions.map(({ fn }) => fn.metricErrors(fiveMinutes)),
        right: props.functions.map(({ fn }) => fn.metricThrottles(fiveMinutes)),
        width: 8,
      }),
      new GraphWidget({
        title: 'Duration p95',
        left: props.functions.map(({ fn }) => fn.metricDuration({ period: Duration.minutes(5), statistic: 'p95' })),
        width: 8,
      }),
      new GraphWidget({
        title: 'HTTP API',
        left: [props.httpApi.metricCount(fiveMinutes), props.httpApi.metricClientError(fiveMinutes), http5xx],
        right: [props.httpApi.metricLatency({ period: Duration.minutes(5), statistic: 'p95' })],
        width: 8,
      }),
      new GraphWidget({
        title: 'WebSocket API',
        left: [wsMetric('ConnectCount'), wsMetric('MessageCount'), wsMetric('ExecutionError')],
        width: 8,
      }),
      new GraphWidget({
        title: 'Handled failures (from logs)',
        left: Object.values(failures),
        width: 8,
      }),
      new GraphWidget({
        title: 'Stream',
        left: iteratorAge ? [iteratorAge] : [],
        right: [dlqVisible],
        width: 8,
      }),
    );
  }
}
