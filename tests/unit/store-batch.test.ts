/**
 * The store helper's batches finish the job: what DynamoDB leaves unprocessed
 * (it does under throttling) is sent again under the one retry policy, and
 * when the policy runs out the caller gets BUSY, not a silently short answer.
 * A fake DocumentClient plays DynamoDB, so the partial answers are exact.
 */
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { batchDelete, batchGet, batchGetMap, batchPut, batchWrite, keyId } from '../../functions/core/store/batch.js';
import type { ItemKey } from '../../functions/core/store/keys/prefixes.js';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from '../../functions/core/store/retry.js';
import { BusyError } from '../../schema/errors.js';

const TABLE = 'hub';
// No real waiting: the delays are still computed and bounded, just tiny.
const FAST: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2 };

type Item = Record<string, unknown>;

/**
 * A table in memory whose BatchGet/BatchWrite process at most `perCall` keys
 * for the first `stingyCalls` calls (the rest come back unprocessed), and
 * everything afterwards; `throttleCalls` calls throw a throttling error first.
 */
function fakeTable(opts: { stingyCalls?: number; perCall?: number; throttleCalls?: number } = {}) {
  const rows = new Map<string, Item>();
  const calls: { kind: 'get' | 'write'; size: number; consistent?: boolean }[] = [];
  let stingy = opts.stingyCalls ?? 0;
  let throttles = opts.throttleCalls ?? 0;
  const ddb = {
    async send(command: unknown) {
      if (throttles > 0) {
        throttles--;
        calls.push({ kind: command instanceof BatchGetCommand ? 'get' : 'write', size: 0 });
        throw Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
      }
      const take = stingy-- > 0 ? (opts.perCall ?? 1) : Number.POSITIVE_INFINITY;
      if (command instanceof BatchGetCommand) {
        const input = command.input as BatchGetCommandInput;
        const request = input.RequestItems![TABLE];
        const keys = request.Keys as ItemKey[];
        calls.push({ kind: 'get', size: keys.length, consistent: request.ConsistentRead });
        if (keys.length > 100) throw Object.assign(new Error('Too many keys'), { name: 'ValidationException' });
        const done = keys.slice(0, take);
        const left = keys.slice(done.length);
        return {
          Responses: { [TABLE]: done.map((k) => rows.get(keyId(k))).filter(Boolean) },
          UnprocessedKeys: left.length ? { [TABLE]: { Keys: left, ConsistentRead: request.ConsistentRead } } : {},
        };
      }
      if (command instanceof BatchWriteCommand) {
        const input = command.input as BatchWriteCommandInput;
        const requests = input.RequestItems![TABLE];
        calls.push({ kind: 'write', size: requests.length });
        if (requests.length > 25) throw Object.assign(new Error('Too many items'), { name: 'ValidationException' });
        const done = requests.slice(0, take);
        for (const r of done) {
          if (r.PutRequest) rows.set(keyId(r.PutRequest.Item as ItemKey), r.PutRequest.Item as Item);
          if (r.DeleteRequest) rows.delete(keyId(r.DeleteRequest.Key as ItemKey));
        }
        const left = requests.slice(done.length);
        return { UnprocessedItems: left.length ? { [TABLE]: left } : {} };
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
  };
  return { store: { ddb: ddb as unknown as DynamoDBDocumentClient, table: TABLE }, rows, calls };
}

const key = (i: number): ItemKey => ({ PK: 'RM#E#sorting#410104001', SK: `2023-01-${String(i).padStart(3, '0')}` });
const item = (i: number): Item => ({ ...key(i), seq: i });

describe('batchGet', () => {
  it('returns every item when UnprocessedKeys comes back twice before the rest', async () => {
    const t = fakeTable({ stingyCalls: 2, perCall: 1 });
    for (let i = 0; i < 5; i++) t.rows.set(keyId(key(i)), item(i));
    const got = await batchGet(
      t.store,
      [0, 1, 2, 3, 4].map((i) => key(i)),
      { consistentRead: true, retry: FAST },
    );
    expect(got.map((i) => i.seq).sort()).toEqual([0, 1, 2, 3, 4]);
    // 5 keys, then the 4 left unprocessed, then the 3 left: the retry asks only for what is missing.
    expect(t.calls.map((c) => c.size)).toEqual([5, 4, 3]);
    expect(t.calls.every((c) => c.consistent === true)).toBe(true);
  });

  it('splits into calls of 100 keys, drops duplicate keys and leaves absent items out', async () => {
    const t = fakeTable();
    for (let i = 0; i < 250; i += 2) t.rows.set(keyId(key(i)), item(i));
    const keys = Array.from({ length: 250 }, (_, i) => key(i));
    const got = await batchGetMap(t.store, [...keys, key(0), key(2)], { retry: FAST });
    expect(t.calls.map((c) => c.size)).toEqual([100, 100, 50]);
    expect(got.size).toBe(125);
    expect(got.get(keyId(key(248)))?.seq).toBe(248);
    expect(got.has(keyId(key(249)))).toBe(false);
  });

  it('raises BUSY after the policy runs out, instead of returning a short answer', async () => {
    const t = fakeTable({ stingyCalls: 100, perCall: 1 });
    for (let i = 0; i < 10; i++) t.rows.set(keyId(key(i)), item(i));
    const err = await batchGet(
      t.store,
      Array.from({ length: 10 }, (_, i) => key(i)),
      { retry: FAST },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BusyError);
    expect((err as BusyError).code).toBe('BUSY');
    expect((err as BusyError).message).toMatch(/5 keys still unprocessed after 5 attempts/);
    expect(t.calls).toHaveLength(FAST.maxAttempts);
  });

  it('retries a throttled call under the same policy', async () => {
    const t = fakeTable({ throttleCalls: 2 });
    t.rows.set(keyId(key(1)), item(1));
    expect(await batchGet(t.store, [key(1)], { retry: FAST })).toEqual([item(1)]);
    expect(t.calls).toHaveLength(3);
  });

  it('passes other errors through at once, without retrying them', async () => {
    let sends = 0;
    const broken = {
      table: TABLE,
      ddb: {
        send: async () => {
          sends++;
          throw Object.assign(new Error('bad'), { name: 'ValidationException' });
        },
      } as unknown as DynamoDBDocumentClient,
    };
    await expect(batchGet(broken, [key(1)], { retry: FAST })).rejects.toMatchObject({ name: 'ValidationException' });
    expect(sends).toBe(1);
  });
});

describe('batchWrite', () => {
  it('writes every item when UnprocessedItems comes back twice before the rest', async () => {
    const t = fakeTable({ stingyCalls: 2, perCall: 2 });
    await batchPut(
      t.store,
      Array.from({ length: 7 }, (_, i) => item(i)),
      { retry: FAST },
    );
    expect(t.rows.size).toBe(7);
    expect(t.calls.map((c) => c.size)).toEqual([7, 5, 3]);
  });

  it('splits into calls of 25 and mixes puts and deletes', async () => {
    const t = fakeTable();
    for (let i = 0; i < 30; i++) t.rows.set(keyId(key(i)), item(i));
    await batchWrite(
      t.store,
      [
        ...Array.from({ length: 30 }, (_, i) => ({ delete: key(i) })),
        ...Array.from({ length: 30 }, (_, i) => ({ put: item(100 + i) })),
      ],
      { retry: FAST },
    );
    expect(t.calls.map((c) => c.size)).toEqual([25, 25, 10]);
    expect([...t.rows.values()].map((i) => i.seq).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 30 }, (_, i) => 100 + i),
    );
  });

  it('deletes by key only, whatever else the caller passes along', async () => {
    const t = fakeTable();
    t.rows.set(keyId(key(1)), item(1));
    await batchDelete(t.store, [{ ...key(1), extra: 'ignored' } as ItemKey], { retry: FAST });
    expect(t.rows.size).toBe(0);
  });

  it('raises BUSY after the policy runs out', async () => {
    const t = fakeTable({ stingyCalls: 100, perCall: 1 });
    const err = await batchPut(
      t.store,
      Array.from({ length: 8 }, (_, i) => item(i)),
      { retry: FAST },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BusyError);
    expect((err as BusyError).code).toBe('BUSY');
    expect(t.calls).toHaveLength(FAST.maxAttempts);
    // What the store did take stays taken: a retry of the whole call is harmless (puts and deletes are idempotent).
    expect(t.rows.size).toBe(FAST.maxAttempts);
  });

  it('does nothing for nothing', async () => {
    const t = fakeTable();
    await batchWrite(t.store, [], { retry: FAST });
    expect(await batchGet(t.store, [], { retry: FAST })).toEqual([]);
    expect(t.calls).toHaveLength(0);
  });
});

describe('the retry policy', () => {
  it('waits nothing before the first call, then a jittered delay under a doubling bound capped at maxDelayMs', () => {
    const top = { ...DEFAULT_RETRY, random: () => 0.999999 };
    expect(backoffDelay(top, 0)).toBe(0);
    const bounds = [1, 2, 3, 4, 5, 6, 7].map((a) => Math.round(backoffDelay(top, a)));
    expect(bounds).toEqual([25, 50, 100, 200, 400, 800, 800]);
    expect(backoffDelay({ ...DEFAULT_RETRY, random: () => 0 }, 5)).toBe(0);
    expect(backoffDelay({ ...DEFAULT_RETRY, random: () => 0.5 }, 3)).toBe(50);
  });

  it('keeps the whole default backoff well inside the shortest handler timeout', () => {
    const top = { ...DEFAULT_RETRY, random: () => 1 };
    let total = 0;
    for (let a = 1; a < DEFAULT_RETRY.maxAttempts; a++) total += backoffDelay(top, a);
    expect(total).toBeLessThan(5_000);
  });
});
