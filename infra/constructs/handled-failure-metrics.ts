/**
 * Metrics for the failures the handlers answer instead of throwing
 * (functions/core/handled-failures.ts): Lambda's `Errors` never sees them, so
 * each function's log group gets one CloudWatch Logs metric filter per kind,
 * matching the error-level lines tagged with that kind's metric name. Every
 * function gets every filter: whichever function ends up answering a kind
 * (an INTERNAL error can come from Http, Ws or a rendered fan-out payload) is
 * counted without this file knowing where the code lives.
 */
import { Duration } from 'aws-cdk-lib';
import { Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { FilterPattern, type ILogGroup, MetricFilter } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { failureFilterPattern, HANDLED_FAILURES, type HandledFailure } from '../../functions/core/handled-failures.js';

export interface HandledFailureMetricsProps {
  stage: string;
  functions: { name: string; logGroup: ILogGroup }[];
}

/** Where the filters publish: one namespace per stage, so stages sharing an account do not mix. */
export const failureMetricNamespace = (stage: string) => `GuanchengLive/${stage}`;

/** Creates the metric filters; returns each kind's metric (Sum over 5 minutes, all functions together). */
export function handledFailureMetrics(
  scope: Construct,
  props: HandledFailureMetricsProps,
): Record<HandledFailure, Metric> {
  const namespace = failureMetricNamespace(props.stage);
  const kinds = Object.keys(HANDLED_FAILURES) as HandledFailure[];
  for (const { name, logGroup } of props.functions) {
    for (const kind of kinds) {
      const { metricName } = HANDLED_FAILURES[kind];
      new MetricFilter(scope, `${name}${metricName}Filter`, {
        logGroup,
        filterPattern: FilterPattern.literal(failureFilterPattern(kind)),
        metricNamespace: namespace,
        metricName,
        metricValue: '1',
      });
    }
  }
  return Object.fromEntries(
    kinds.map((kind) => [
      kind,
      new Metric({
        namespace,
        metricName: HANDLED_FAILURES[kind].metricName,
        statistic: 'Sum',
        period: Duration.minutes(5),
      }),
    ]),
  ) as Record<HandledFailure, Metric>;
}
