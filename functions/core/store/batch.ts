/**
 * BatchGet (100 keys a call) and BatchWrite (25 requests a call) that finish
 * the job: DynamoDB may return part of a batch as UnprocessedKeys /
 * UnprocessedItems (it does under throttling), and those are sent again under
 * the store's one retry policy (retry.ts) until none is left, or the caller
 * gets a BusyError. Dropping them would silently lose items: a street missing
 * from the dashboard, a subscription row left behind.
 */
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  BatchWriteCommand,
  type BatchWriteCommandOutput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { isThrottle } from './errors.js';
import type { ItemKey } from './keys/prefixes.js';
import type { Item } from './paging.js';
import { backoffDelay, DEFAULT_RETRY, exhausted, type RetryPolicy, sleep } from './retry.js';

/** A table and the client to reach it. */
export interface TableRef {
  ddb: DynamoDBDocumentClient;
  table: string;
}

/** DynamoDB's limits per call. */
export const BATCH_GET_MAX = 100;
export const BATCH_WRITE_MAX = 25;

export interface BatchGetOptions {
  consistentRead?: boolean;
  /** Attributes to return (a ProjectionExpression and its names); all when absent. */
  projection?: { expression: string; names?: Record<string, string> };
  retry?: RetryPolicy;
}

export type WriteRequest = { put: Item } | { delete: ItemKey };

/** One string per key, for maps and sets of keys. */
export const keyId = (key: { PK: unknown; SK: unknown }) => `${String(key.PK)}\u0000${String(key.SK)}`;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * Sends `pending` until nothing is left: `call` returns what the store left
 * unprocessed. A throttled call leaves everything pending and counts as an
 * attempt; any other error is the caller's.
 */
async function untilProcessed<T>(
  pending: T[],
  policy: RetryPolicy,
  what: string,
  call: (batch: T[]) => Promise<T[]>,
): Promise<void> {
  let lastThrottle: unknown;
  for (let attempt = 0; attempt < policy.maxAttempts && pending.length > 0; attempt++) {
    if (attempt > 0) await sleep(backoffDelay(policy, attempt));
    try {
      pending = await call(pending);
    } catch (err) {
      if (!isThrottle(err)) throw err;
      lastThrottle = err;
    }
  }
  if (pending.length > 0) throw exhausted(what, pending.length, policy, lastThrottle);
}

/** Every item that exists among `keys` (absent ones are simply not returned), in no particular order. */
export async function batchGet(store: TableRef, keys: ItemKey[], options: BatchGetOptions = {}): Promise<Item[]> {
  // A batch may not name a key twice (ValidationException).
  const unique = [...new Map(keys.map((k) => [keyId(k), { PK: k.PK, SK: k.SK }])).values()];
  const found: Item[] = [];
  for (const chunk of chunks(unique, BATCH_GET_MAX)) {
    await untilProcessed(chunk, options.retry ?? DEFAULT_RETRY, 'keys', async (batch) => {
      const out: BatchGetCommandOutput = await store.ddb.send(
        new BatchGetCommand({
          RequestItems: {
            [store.table]: {
              Keys: batch,
              ConsistentRead: options.consistentRead,
              ProjectionExpression: options.projection?.expression,
              ExpressionAttributeNames: options.projection?.names,
            },
          },
        }),
      );
      found.push(...((out.Responses?.[store.table] ?? []) as Item[]));
      return (out.UnprocessedKeys?.[store.table]?.Keys ?? []) as ItemKey[];
    });
  }
  return found;
}

/** `batchGet`, keyed by `keyId`. */
export async function batchGetMap(
  store: TableRef,
  keys: ItemKey[],
  options: BatchGetOptions = {},
): Promise<Map<string, Item>> {
  const items = await batchGet(store, keys, options);
  return new Map(items.map((item) => [keyId(item as unknown as ItemKey), item]));
}

type RawWriteRequest = NonNullable<NonNullable<BatchWriteCommandOutput['UnprocessedItems']>[string]>[number];

function toRaw(r: WriteRequest): RawWriteRequest {
  return 'put' in r
    ? { PutRequest: { Item: r.put } }
    : { DeleteRequest: { Key: { PK: r.delete.PK, SK: r.delete.SK } } };
}

/** Puts and deletes, 25 a call, all of them done when this resolves (unordered; no conditions, as in DynamoDB). */
export async function batchWrite(
  store: TableRef,
  requests: WriteRequest[],
  options: { retry?: RetryPolicy } = {},
): Promise<void> {
  for (const chunk of chunks(requests.map(toRaw), BATCH_WRITE_MAX)) {
    await untilProcessed(chunk, options.retry ?? DEFAULT_RETRY, 'writes', async (batch) => {
      const out: BatchWriteCommandOutput = await store.ddb.send(
        new BatchWriteCommand({ RequestItems: { [store.table]: batch } }),
      );
      return out.UnprocessedItems?.[store.table] ?? [];
    });
  }
}

export const batchPut = (store: TableRef, items: Item[], options?: { retry?: RetryPolicy }) =>
  batchWrite(
    store,
    items.map((put) => ({ put })),
    options,
  );

export const batchDelete = (store: TableRef, keys: ItemKey[], options?: { retry?: RetryPolicy }) =>
  batchWrite(
    store,
    keys.map((key) => ({ delete: key })),
    options,
  );
