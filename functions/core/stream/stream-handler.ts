/**
 * The DynamoDB Streams handler: records are wake-ups. For every domain whose
 * log got new items, bring the read models up to the head (projector), then
 * push to subscribers (fan-out), so screens see updated aggregates. A domain
 * that fails reports its records as batch item failures, so only it is
 * retried.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { DomainName } from '../../../schema/model.js';
import { logHandledFailure } from '../handled-failures.js';
import { inRequestScope, type Logger } from '../logger.js';
import type { Projector } from '../projections/projector.js';
import { domainOfLogPk } from '../store/keys/log.js';

export interface FanOut {
  /** Delivers every event of the domain not yet delivered. */
  deliver(domain: DomainName): Promise<void>;
}

export interface StreamDeps {
  projector: Projector;
  fanOut?: FanOut;
  logger: Logger;
}

export function domainOfRecord(record: DynamoDBRecord): DomainName | null {
  return domainOfLogPk(record.dynamodb?.Keys?.PK?.S ?? '');
}

export function makeStreamHandler(deps: StreamDeps) {
  const handle = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const byDomain = new Map<DomainName, DynamoDBRecord[]>();
    for (const r of event.Records ?? []) {
      const d = domainOfRecord(r);
      if (!d) continue;
      const list = byDomain.get(d) ?? [];
      list.push(r);
      byDomain.set(d, list);
    }
    const failures: { itemIdentifier: string }[] = [];
    await Promise.all(
      [...byDomain].map(async ([domain, records]) => {
        try {
          const run = await deps.projector.catchUp(domain);
          deps.logger.debug('projected', { domain, ...run });
          await deps.fanOut?.deliver(domain);
        } catch (err) {
          // Reported as batch item failures, not thrown: the failure's metric is what alarms.
          logHandledFailure(deps.logger, 'streamBatchFailure', 'stream processing failed', {
            domain,
            records: records.length,
            err,
          });
          for (const r of records) failures.push({ itemIdentifier: r.dynamodb?.SequenceNumber ?? r.eventID ?? '' });
        }
      }),
    );
    return { batchItemFailures: failures };
  };
  // Every log line of the invocation carries Lambda's request id (logger.ts).
  return (event: DynamoDBStreamEvent, context?: Partial<Pick<Context, 'awsRequestId'>>) =>
    inRequestScope({ awsRequestId: context?.awsRequestId }, () => handle(event));
}
