/**
 * Issue 11: idempotency reservations expire. Each `IDEM#` row carries
 * `expiresAt` (the hub table's TTL attribute) 24 h after its first use; within
 * the window a retry returns the original event, after it the same key is a
 * new request (TTL lags, so an expired row is overwritten as if absent).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_WINDOW_MS } from '../../functions/core/log/idempotency-window.js';
import { type AppendRequest, LogWriter } from '../../functions/core/log/log-writer.js';
import { idempotencyKey } from '../../functions/core/store/keys/idempotency.js';
import { HUB_TABLE } from '../../functions/core/store/tables.js';
import { startTestStore, type TestStore } from '../helpers/test-store.js';

const request = (value: number): AppendRequest => ({
  domain: 'housing',
  actor: { sub: 'reporter-1', role: 'department', dept: 'housing' },
  entityId: 'H-1:2026-01-01',
  data: { deliveredUnits: value },
  type: { first: 'TestReported', correction: 'TestCorrected' },
  idempotencyKey: 'window-key',
});

describe('the idempotency window', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(() => t.close());

  it('stamps expiresAt 24 h on, returns the original within the window and appends anew after it', async () => {
    expect(HUB_TABLE.ttlAttribute).toBe('expiresAt');
    let now = new Date('2026-11-01T08:00:00Z');
    const writer = new LogWriter(t.store, { now: () => now });
    const first = await writer.append(request(10));
    const row = await t.store.ddb.send(
      new GetCommand({ TableName: t.store.table, Key: idempotencyKey('reporter-1', 'window-key') }),
    );
    expect(row.Item?.expiresAt).toBe(Math.floor((now.getTime() + IDEMPOTENCY_WINDOW_MS) / 1000));

    now = new Date(now.getTime() + IDEMPOTENCY_WINDOW_MS - 60_000);
    const retried = await writer.append(request(10));
    expect(retried.seq).toBe(first.seq);

    now = new Date(now.getTime() + 120_000);
    const after = await writer.append(request(10));
    expect(after.seq).toBe(first.seq + 1);
    // The new use starts a new window.
    const again = await writer.append(request(10));
    expect(again.seq).toBe(after.seq);
  });
});
