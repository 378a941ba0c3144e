/**
 * Acceptance 3: a crash injected after each step of the write path, then a
 * retry with the same idempotency key, yields exactly one event per key and
 * the original result — retried by the same process, or by another one once
 * the first attempt's lease has run out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAfter } from '../../functions/core/log/log-reader.js';
import { type AppendRequest, LogWriter, type WriteStep } from '../../functions/core/log/log-writer.js';
import { verifyLog } from '../../functions/core/log/verify-log.js';
import { BusyError, ConflictError } from '../../schema/errors.js';
import { startTestStore, type TestStore } from '../helpers/test-store.js';

const STEPS: WriteStep[] = ['reserved', 'appended', 'completed'];

class Crash extends Error {}

function request(key: string, value = 1): AppendRequest {
  return {
    domain: 'housing',
    actor: { sub: 'reporter-1', role: 'department', dept: 'housing' },
    entityId: `H-1:${key}`,
    data: { deliveredUnits: value },
    type: { first: 'TestReported', correction: 'TestCorrected' },
    idempotencyKey: key,
  };
}

/** A writer that crashes once at `step` for `key`. */
function crashingWriter(t: TestStore, step: WriteStep, key: string, options = {}) {
  let crashed = false;
  return new LogWriter(t.store, {
    ...options,
    faults: (s, req) => {
      if (!crashed && s === step && req.idempotencyKey === key) {
        crashed = true;
        throw new Crash(`injected crash after ${s}`);
      }
    },
  });
}

describe('idempotent writes survive a crash at every step', () => {
  let t: TestStore;
  beforeAll(async () => {
    t = await startTestStore();
  });
  afterAll(() => t.close());

  const countKey = async (key: string) =>
    (await readAfter(t.store, 'housing', 0)).filter((e) => e.idempotencyKey === key).length;

  for (const step of STEPS) {
    it(`same process retries after a crash after "${step}"`, async () => {
      const key = `same-${step}`;
      const writer = crashingWriter(t, step, key);
      await expect(writer.append(request(key))).rejects.toBeInstanceOf(Crash);
      const retried = await writer.append(request(key));
      const again = await writer.append(request(key));
      expect(await countKey(key)).toBe(1);
      expect(again).toEqual(retried);
    });

    it(`another process retries after a crash after "${step}" once the lease is over`, async () => {
      const key = `other-${step}`;
      const first = crashingWriter(t, step, key);
      await expect(first.append(request(key))).rejects.toBeInstanceOf(Crash);
      const later = new LogWriter(t.store, { now: () => new Date(Date.now() + 60_000) });
      const retried = await later.append(request(key));
      expect(await countKey(key)).toBe(1);
      // The original attempt, had it answered, returns the same event too.
      expect(await new LogWriter(t.store).append(request(key))).toEqual(retried);
    });
  }

  it('a retry while the first attempt may still be running is BUSY, not a duplicate', async () => {
    const key = 'in-flight';
    const first = crashingWriter(t, 'reserved', key);
    await expect(first.append(request(key))).rejects.toBeInstanceOf(Crash);
    await expect(new LogWriter(t.store).append(request(key))).rejects.toBeInstanceOf(BusyError);
    expect(await countKey(key)).toBe(0);
  });

  it('a key reused for different data is a CONFLICT', async () => {
    const writer = new LogWriter(t.store);
    await writer.append(request('reused', 5));
    await expect(writer.append(request('reused', 6))).rejects.toBeInstanceOf(ConflictError);
    expect(await countKey('reused')).toBe(1);
  });

  it('the chain stays valid through all of it', async () => {
    expect((await verifyLog(t.store, 'housing')).ok).toBe(true);
  });
});
