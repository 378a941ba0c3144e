/**
 * Issue 8, failure 2: verifyLog read the whole log in one Http invocation.
 * Now it stores a verified (seq, hash) anchor and a call checks what is new,
 * within a deadline; a full re-verification from seq 1 runs over as many
 * calls as it needs. Tampering stays detected: in the new part, at the end,
 * at the anchor, in a rewritten prefix, and (by the full pass) inside the
 * anchored part. Small pages and a deadline already past make every call read
 * exactly one page, so paging and resuming are exercised on small logs.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventToItem } from '../../functions/core/log/log-items.js';
import { type VerifyOptions, verifyLog } from '../../functions/core/log/verify-log.js';
import { logPk, seqSk } from '../../functions/core/store/keys/log.js';
import type { HubEventRecord } from '../../schema/model.js';
import { buildLog, chainEvents, writeLog } from '../helpers/build-log.js';
import { startTestStore, type TestStore } from '../helpers/test-store.js';

/** One page of 50 per call: the deadline is past before the call starts, and a call always reads one page. */
const ONE_PAGE: VerifyOptions = { pageSize: 50, deadline: 0 };

describe('incremental verifyLog', () => {
  let t: TestStore;
  let log: HubEventRecord[];
  const key = (seq: number) => ({ PK: logPk('sorting'), SK: seqSk(seq) });
  const item = async (seq: number) =>
    (await t.ddb.send(new GetCommand({ TableName: t.store.table, Key: key(seq) }))).Item!;
  const put = (it: Record<string, unknown>) => t.ddb.send(new PutCommand({ TableName: t.store.table, Item: it }));
  const verify = (options: VerifyOptions = {}) => verifyLog(t.store, 'sorting', options);
  const append = async (count: number) => {
    const more = await buildLog(t.store, 'sorting', count, { after: log[log.length - 1] });
    log.push(...more);
    return more;
  };

  beforeEach(async () => {
    t = await startTestStore();
    log = await buildLog(t.store, 'sorting', 300);
  });
  afterEach(() => t.close());

  it('the first call checks from seq 1; a later call checks only what is new', async () => {
    const first = await verify();
    expect(first).toMatchObject({ ok: true, mode: 'FULL', checked: 300, complete: true, verifiedThrough: 300 });
    expect(first.lastFullCheckAt).not.toBeNull();
    expect(first.lastFullCheckThrough).toBe(300);
    await append(40);
    expect(await verify()).toMatchObject({
      ok: true,
      mode: 'INCREMENTAL',
      checked: 40,
      complete: true,
      verifiedThrough: 340,
      headSeq: 340,
      headHash: log[339].hash,
      fullCheckProgress: null,
    });
    expect(await verify()).toMatchObject({ ok: true, checked: 0, verifiedThrough: 340 });
  });

  it('a call bounded by its deadline stops after a page, and the next goes on from there', async () => {
    const seen: number[] = [];
    let v = await verify(ONE_PAGE);
    for (let calls = 1; !v.complete && calls < 20; calls++) {
      expect(v).toMatchObject({ ok: true, checked: 50, complete: false });
      seen.push(v.verifiedThrough);
      v = await verify(ONE_PAGE);
    }
    // The sixth page ends at the head, but a full page may have more after it: the seventh call finds none.
    expect(seen).toEqual([50, 100, 150, 200, 250, 300]);
    expect(v).toMatchObject({ ok: true, checked: 0, complete: true, verifiedThrough: 300 });
    expect(v.lastFullCheckThrough).toBe(300);
  });

  it('an edit in the new part is caught, and reported again on the next call', async () => {
    await verify();
    await append(40);
    const edited = await item(320);
    await put({ ...edited, data: { ...edited.data, coverageRate: 12.5 } });
    const expected = { ok: false, firstBadSeq: 320, headSeq: 319, headHash: log[318].hash, verifiedThrough: 319 };
    expect(await verify()).toMatchObject({ ...expected, mode: 'INCREMENTAL', checked: 19 });
    expect(await verify()).toMatchObject(expected);
  });

  it('a deletion at the end, of the anchored event itself, is caught by the anchor', async () => {
    await verify();
    await t.ddb.send(new DeleteCommand({ TableName: t.store.table, Key: key(300) }));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 300, reason: expect.stringMatching(/gone/) });
  });

  it('a prefix rewritten with every hash recomputed is caught by the anchored hash', async () => {
    await verify();
    // The whole chain 1..300 forged consistently: every link holds, only the end hash differs.
    const forged = chainEvents('sorting', 300, { data: (i) => ({ forged: i }) });
    await writeLog(t.store, forged);
    const v = await verify();
    expect(v).toMatchObject({ ok: false, firstBadSeq: 300, complete: false });
    // The full re-verification it started walked the forged chain to the anchor and found it ends elsewhere.
    expect(v.reason).toMatch(/seq 300/);
    expect(v.fullCheckTarget).toBe(300);
  });

  it('a full re-verification, asked for, pages through the anchored part and finds an edit the anchor cannot see', async () => {
    await verify();
    const original = await item(120);
    await put({ ...original, data: { ...original.data, coverageRate: 1 } });
    // Nothing new: the incremental check has nothing to read and the anchor (seq 300) is intact.
    expect(await verify()).toMatchObject({ ok: true, checked: 0 });

    let v = await verify({ ...ONE_PAGE, full: true });
    expect(v).toMatchObject({ ok: true, fullCheckProgress: 50, fullCheckTarget: 300 });
    v = await verify(ONE_PAGE);
    expect(v).toMatchObject({ ok: true, fullCheckProgress: 100 });
    v = await verify(ONE_PAGE);
    expect(v).toMatchObject({ ok: false, firstBadSeq: 120, headSeq: 119, headHash: log[118].hash });
    expect(v.fullCheckProgress).toBe(119);
    // Reported on every call: the pass stopped before the bad item, so it is the first one re-examined.
    expect(await verify(ONE_PAGE)).toMatchObject({ ok: false, firstBadSeq: 120, fullCheckProgress: 119 });

    // Restored: the pass goes on from where it stopped and completes.
    await put(original);
    const before = v.lastFullCheckAt;
    for (let calls = 0; v.fullCheckProgress !== null && calls < 10; calls++) v = await verify(ONE_PAGE);
    expect(v).toMatchObject({ ok: true, fullCheckProgress: null, lastFullCheckThrough: 300 });
    expect(v.lastFullCheckAt! >= before!).toBe(true);
  });

  it('a full re-verification starts by itself once the last one is a day old', async () => {
    await verify();
    const tomorrow = Date.now() + 25 * 60 * 60 * 1000;
    const v = await verify({ ...ONE_PAGE, now: () => tomorrow, deadline: tomorrow });
    expect(v).toMatchObject({ ok: true, fullCheckProgress: 50, fullCheckTarget: 300 });
  });

  it('the anchor is only moved over events that verified', async () => {
    await append(10);
    const bad = eventToItem({ ...log[304], prevHash: '0'.repeat(64) });
    await put(bad);
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 305, verifiedThrough: 304 });
    await put(eventToItem(log[304]));
    expect(await verify()).toMatchObject({ ok: true, mode: 'INCREMENTAL', checked: 6, verifiedThrough: 310 });
  });
});
