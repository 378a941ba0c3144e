/**
 * The auditor's view of the log: filtered, paginated reads and verification.
 * Entity and actor filters use their indexes; the time range and type filter
 * the scanned range, which is bounded per call (pageInfo says where to go on).
 */
import { BadInputError } from '../../../schema/errors.js';
import type { DomainName, EventFilter, EventPage, HubEventRecord, VerifyLogOptions } from '../../../schema/model.js';
import type { AuditService } from '../../../schema/services.js';
import { functionSpec } from '../../manifest.js';
import { itemToEvent } from '../log/log-items.js';
import { type LogStore, readEvent } from '../log/log-reader.js';
import { verifyLog } from '../log/verify-log.js';
import { actorIndexPk, actorIndexSk, entityIndexPk, logPk, MAX_SEQ_SK, seqSk } from '../store/keys/log.js';
import { queryPages } from '../store/paging.js';
import { requireNonNegative } from './validate.js';

const MAX_FIRST = 500;
/** Items examined per call when filters leave most of them out. */
const SCAN_BUDGET = 5000;

function checkTime(field: string, v: string | null | undefined): string | null {
  if (v == null) return null;
  if (Number.isNaN(Date.parse(v))) throw new BadInputError(field, `must be an ISO date-time (got ${v})`);
  return new Date(v).toISOString();
}

export function auditService(store: LogStore): AuditService {
  return {
    async events(filter: EventFilter): Promise<EventPage> {
      const first = filter.first ?? 100;
      if (!Number.isInteger(first) || first < 1 || first > MAX_FIRST)
        throw new BadInputError('first', `must be between 1 and ${MAX_FIRST} (got ${first})`);
      const after = filter.after == null ? 0 : requireNonNegative('after', filter.after);
      if (!Number.isInteger(after)) throw new BadInputError('after', 'must be a whole seq number');
      const from = checkTime('from', filter.from);
      const to = checkTime('to', filter.to);
      if (from && to && from > to) throw new BadInputError('from', 'must not be after to');

      const before = filter.before == null ? null : requireNonNegative('before', filter.before);
      if (before !== null && !Number.isInteger(before)) throw new BadInputError('before', 'must be a whole seq number');
      if (before !== null && before <= after + 1) return { events: [], hasNextPage: false, endSeq: null };
      // One seq window for every index, read in either direction.
      const lo = seqSk(after + 1);
      const hi = before === null ? MAX_SEQ_SK : seqSk(before - 1);
      const values: Record<string, unknown> = {};
      let index: string | undefined;
      let key: string;
      if (filter.entityId) {
        index = 'byEntity';
        key = 'GSI1PK = :pk AND GSI1SK BETWEEN :lo AND :hi';
        values[':pk'] = entityIndexPk(filter.domain, filter.entityId);
        values[':lo'] = lo;
        values[':hi'] = hi;
      } else if (filter.actor) {
        index = 'byActor';
        key = 'GSI2PK = :pk AND GSI2SK BETWEEN :lo AND :hi';
        values[':pk'] = actorIndexPk(filter.actor);
        values[':lo'] = actorIndexSk(filter.domain, lo);
        values[':hi'] = actorIndexSk(filter.domain, hi);
      } else {
        key = 'PK = :pk AND SK BETWEEN :lo AND :hi';
        values[':pk'] = logPk(filter.domain);
        values[':lo'] = lo;
        values[':hi'] = hi;
      }
      const wanted = { from, to, type: filter.type, actor: filter.actor, entityId: filter.entityId };

      // Stop at the first match beyond the page: finding it is what says there is a next page.
      // endSeq is the last item examined, so the next page starts right after it.
      const events: HubEventRecord[] = [];
      let examined = 0;
      let lastSeq: number | null = null;
      let more = false;
      scan: for await (const page of queryPages(store.ddb, {
        TableName: store.table,
        IndexName: index,
        KeyConditionExpression: key,
        ExpressionAttributeValues: values,
        ConsistentRead: index ? undefined : true,
        ScanIndexForward: !filter.newestFirst,
        Limit: Math.min(1000, first + 1),
      })) {
        for (const item of page) {
          const match = matches(item, wanted);
          if (match && events.length === first) {
            more = true;
            break scan;
          }
          if (match) events.push(itemToEvent(item));
          examined++;
          lastSeq = item.seq as number;
          if (examined >= SCAN_BUDGET) {
            more = true;
            break scan;
          }
        }
      }
      return { events, hasNextPage: more, endSeq: lastSeq };
    },

    event: async (domain: DomainName, seq: number) => {
      // Seqs start at 1; a negative one is a mistake to name, not an event to look for.
      if (!Number.isSafeInteger(seq) || seq < 1)
        throw new BadInputError('seq', `must be a seq number ≥ 1 (got ${seq})`);
      return readEvent(store, domain, seq);
    },
    verifyLog: (domain: DomainName, options: VerifyLogOptions = {}) =>
      verifyLog(store, domain, { deadline: verifyDeadline(options.remainingMs), full: options.full ?? false }),
  };
}

/** The Http function's timeout, from the manifest the stack deploys it with. */
const HTTP_TIMEOUT_MS = functionSpec('Http').timeoutSeconds * 1000;
/** The share of the time left that verifyLog may use; the rest answers the request (and saves the anchor). */
const VERIFY_SHARE = 0.75;

/**
 * When verifyLog must stop reading: a share of the invocation's time left,
 * or of a whole Http invocation when the caller does not know (no Lambda context).
 */
export function verifyDeadline(remainingMs?: number | null, now = Date.now()): number {
  return now + Math.max(0, remainingMs ?? HTTP_TIMEOUT_MS) * VERIFY_SHARE;
}

/** Filters applied in code rather than as a FilterExpression, so the scan budget counts what was read. */
function matches(
  item: Record<string, unknown>,
  f: { from: string | null; to: string | null; type?: string | null; actor?: string | null; entityId?: string | null },
): boolean {
  if (f.type && item.type !== f.type) return false;
  if (f.from && (item.at as string) < f.from) return false;
  if (f.to && (item.at as string) > f.to) return false;
  if (f.actor && (item.actor as { sub: string }).sub !== f.actor) return false;
  if (f.entityId?.includes(':') && item.entityId !== f.entityId) return false;
  return true;
}
