/**
 * Walks a stretch of a domain's hash chain, page by page, from a point known
 * to be good (a seq and its hash; seq 0 and the genesis hash for the start)
 * until the head, an upper seq, a bad item or a deadline. Any edited, deleted
 * or inserted item breaks the walk: an edit changes a hash, a deletion leaves
 * a gap, an insertion puts an unexpected key or seq in the sequence, a forged
 * hash breaks the next link.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainName } from '../../../schema/model.js';
import { logPk, MAX_SEQ_SK, seqSk } from '../store/keys/log.js';
import { eventHash } from './hash.js';
import { itemToEvent } from './log-items.js';
import type { LogStore } from './log-reader.js';

/** A verified point of the chain. */
export interface ChainPoint {
  seq: number;
  hash: string;
}

export interface ChainFault {
  seq: number;
  reason: string;
}

export interface ChainWalk {
  /** The last good point reached. */
  through: ChainPoint;
  /** Events whose hash was recomputed. */
  checked: number;
  fault: ChainFault | null;
  /** The walk reached its end (the head, or `until`) rather than the deadline or a fault. */
  done: boolean;
}

export interface WalkOptions {
  /** Stop after this seq (the head when absent). */
  until?: number;
  /**
   * Epoch ms: no page is started that would end after it (judging by the last
   * page). At least one page is always read, so every call progresses.
   */
  deadline: number;
  now?: () => number;
  /** Items per Query (the deadline is checked between pages). */
  pageSize?: number;
}

/** Small pages keep the deadline fine-grained: 250 items are ~0.3 MB, one Query on AWS. */
export const VERIFY_PAGE = 250;

export async function walkChain(
  store: LogStore,
  domain: DomainName,
  from: ChainPoint,
  options: WalkOptions,
): Promise<ChainWalk> {
  const now = options.now ?? Date.now;
  let through = from;
  let checked = 0;
  const result = (fault: ChainFault | null, done: boolean): ChainWalk => ({ through, checked, fault, done });
  if (options.until !== undefined && from.seq >= options.until) return result(null, true);
  // One key condition for every page: a start key must fall inside the range it continues.
  const lo = seqSk(from.seq + 1);
  const hi = options.until === undefined ? MAX_SEQ_SK : seqSk(options.until);
  let start: Record<string, unknown> | undefined;
  do {
    const pageStart = now();
    const out = await store.ddb.send(
      new QueryCommand({
        TableName: store.table,
        KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
        ExpressionAttributeValues: { ':pk': logPk(domain), ':lo': lo, ':hi': hi },
        ConsistentRead: true,
        Limit: options.pageSize ?? VERIFY_PAGE,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of out.Items ?? []) {
      const expected = through.seq + 1;
      const fault = checkItem(item, expected, through.hash);
      if (fault) return result(fault, false);
      through = { seq: expected, hash: item.hash as string };
      checked++;
    }
    start = out.LastEvaluatedKey;
    // Checked between pages only (a page is never half verified), and a page that would not end by the
    // deadline, judging by the last one, is not started.
    const at = now();
    if (start && at + (at - pageStart) >= options.deadline) return result(null, false);
  } while (start);
  if (options.until !== undefined && through.seq < options.until) {
    return result({ seq: through.seq + 1, reason: `seq ${through.seq + 1} is missing` }, false);
  }
  return result(null, true);
}

/** Why an item is not the link that belongs at `expected` after `prevHash`, or null if it is. */
function checkItem(item: Record<string, unknown>, expected: number, prevHash: string): ChainFault | null {
  if (item.SK !== seqSk(expected)) {
    const seqInKey = Number(item.SK);
    if (Number.isInteger(seqInKey) && seqInKey > expected)
      return { seq: expected, reason: `seq ${expected} is missing` };
    return { seq: expected, reason: `unexpected item ${String(item.SK)} where seq ${expected} belongs` };
  }
  const event = itemToEvent(item);
  if (event.seq !== expected) return { seq: expected, reason: `item ${expected} claims seq ${String(item.seq)}` };
  if (event.prevHash !== prevHash) return { seq: expected, reason: `prevHash does not link to seq ${expected - 1}` };
  if (eventHash(prevHash, event) !== event.hash) return { seq: expected, reason: 'content does not match its hash' };
  return null;
}
