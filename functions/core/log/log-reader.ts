/** Reading the log: the head, a range in seq order, one event. All reads are strongly consistent. */
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
import type { TableRef } from '../store/batch.js';
import { logPk, MAX_SEQ_SK, seqSk } from '../store/keys/log.js';
import { queryPages } from '../store/paging.js';
import { itemToEvent } from './log-items.js';

/** The hub table, where the logs are. */
export type LogStore = TableRef;

export async function readHead(store: LogStore, domain: DomainName): Promise<HubEventRecord | null> {
  return (await readLatest(store, domain, 1))[0] ?? null;
}

export async function readEvent(store: LogStore, domain: DomainName, seq: number): Promise<HubEventRecord | null> {
  const out = await store.ddb.send(
    new GetCommand({ TableName: store.table, Key: { PK: logPk(domain), SK: seqSk(seq) }, ConsistentRead: true }),
  );
  return out.Item ? itemToEvent(out.Item) : null;
}

/** The newest `limit` events, newest first. */
export async function readLatest(store: LogStore, domain: DomainName, limit: number): Promise<HubEventRecord[]> {
  const out = await store.ddb.send(
    new QueryCommand({
      TableName: store.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': logPk(domain) },
      ScanIndexForward: false,
      Limit: limit,
      ConsistentRead: true,
    }),
  );
  return (out.Items ?? []).map(itemToEvent);
}

/** Events with seq > after, in order, at most `limit`. */
export async function readAfter(
  store: LogStore,
  domain: DomainName,
  after: number,
  limit = Number.POSITIVE_INFINITY,
): Promise<HubEventRecord[]> {
  const events: HubEventRecord[] = [];
  for await (const page of queryPages(store.ddb, {
    TableName: store.table,
    KeyConditionExpression: 'PK = :pk AND SK > :after',
    ExpressionAttributeValues: { ':pk': logPk(domain), ':after': seqSk(after) },
    ConsistentRead: true,
    ...(Number.isFinite(limit) ? { Limit: Math.min(limit, 1000) } : {}),
  })) {
    for (const item of page) {
      events.push(itemToEvent(item));
      if (events.length >= limit) return events;
    }
  }
  return events;
}

/**
 * Events with `after` < seq ≤ `through` (the head when absent), newest first,
 * at most `limit`: the writer reads the newest part of a backlog first and
 * goes further back only when it must.
 */
export async function readNewest(
  store: LogStore,
  domain: DomainName,
  range: { after: number; through?: number },
  limit: number,
): Promise<HubEventRecord[]> {
  const hi = range.through === undefined ? MAX_SEQ_SK : seqSk(range.through);
  const events: HubEventRecord[] = [];
  if (range.through !== undefined && range.through <= range.after) return events;
  for await (const page of queryPages(store.ddb, {
    TableName: store.table,
    KeyConditionExpression: 'PK = :pk AND SK BETWEEN :lo AND :hi',
    ExpressionAttributeValues: { ':pk': logPk(domain), ':lo': seqSk(range.after + 1), ':hi': hi },
    ScanIndexForward: false,
    ConsistentRead: true,
    Limit: Math.min(limit, 1000),
  })) {
    for (const item of page) {
      events.push(itemToEvent(item));
      if (events.length >= limit) return events;
    }
  }
  return events;
}

/** Streams the whole log (or from `after`) page by page, raw items included, for verification. */
export async function* scanLog(store: LogStore, domain: DomainName, after = 0) {
  yield* queryPages(store.ddb, {
    TableName: store.table,
    KeyConditionExpression: 'PK = :pk AND SK > :after',
    ExpressionAttributeValues: { ':pk': logPk(domain), ':after': seqSk(after) },
    ConsistentRead: true,
  });
}
