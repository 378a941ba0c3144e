/**
 * The DynamoDB Streams handler: records are wake-ups. For every domain whose
 * log got new items, bring the read models up to the head (projector), then
 * push to subscribers (fan-out), so screens see updated aggregates. A domain
 * that fails reports its records as batch item failures, so only it is
 * retried. A fan-out that stopped before the invocation's deadline with work
 * left (pass-lease.ts) reports the domain's last record only: the event
 * source mapping hands it back, and that wake-up continues the delivery from
 * the checkpoint. That is the normal course of a big fan-out, not a failure.
 */
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { DomainName } from '../../../schema/model.js';
import { logHandledFailure } from '../handled-failures.js';
import { inRequestScope, type Logger } from '../logger.js';
import type { Projector } from '../projections/projector.js';
import { domainOfLogPk } from '../store/keys/log.js';

export interface FanOut {
  /**
   * Delivers every event of the domain not yet delivered, stopping in time
   * for the invocation's deadline (`remainingMs`, the Lambda context's) with
   * an error named DeliveryUnfinishedError when work is left.
   */
  deliver(domain: DomainName, remainingMs?: () => number): Promise<void>;
}

export interface StreamDeps {
  projector: Projector;
  fanOut?: FanOut;
  logger: Logger;
}

export function domainOfRecord(record: DynamoDBRecord): DomainName | null {
  return domainOfLogPk(record.dynamodb?.Keys?.PK?.S ?? '');
}

const recordId = (r: DynamoDBRecord) => r.dynamodb?.SequenceNumber ?? r.eventID ?? '';

export function makeStreamHandler(deps: StreamDeps) {
  const handle = async (event: DynamoDBStreamEvent, remainingMs?: () => number): Promise<DynamoDBBatchResponse> => {
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
          await deps.fanOut?.deliver(domain, remainingMs);
        } catch (err) {
          const last = records[records.length - 1];
          if ((err as Error).name === 'DeliveryUnfinishedError') {
            deps.logger.info('delivery continues in the next invocation', { domain, why: (err as Error).message });
            failures.push({ itemIdentifier: recordId(last) });
            return;
          }
          // Reported as batch item failures, not thrown: the failure's metric is what alarms.
          logHandledFailure(deps.logger, 'streamBatchFailure', 'stream processing failed', {
            domain,
            records: records.length,
            err,
          });
          for (const r of records) failures.push({ itemIdentifier: recordId(r) });
        }
      }),
    );
    return { batchItemFailures: failures };
  };
  // Every log line of the invocation carries Lambda's request id (logger.ts).
  return (event: DynamoDBStreamEvent, context?: Partial<Pick<Context, 'awsRequestId' | 'getRemainingTimeInMillis'>>) =>
    inRequestScope({ awsRequestId: context?.awsRequestId }, () =>
      handle(event, context?.getRemainingTimeInMillis?.bind(context)),
    );
}
