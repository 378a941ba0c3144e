import { describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH } from '../../functions/core/log/hash.js';
import { newEpochId } from '../../functions/core/log/log-epoch.js';
import { decodeCursor, encodeCursor, mergeCursor, parseCursor, withEpoch } from '../../schema/cursor.js';
import { BadInputError } from '../../schema/errors.js';

describe('cursors', () => {
  it('round-trip a per-domain position and merge to the later one', () => {
    const c = encodeCursor({ sorting: 12, construction: 3 });
    expect(decodeCursor(c)).toEqual({ construction: 3, sorting: 12 });
    expect(mergeCursor({ sorting: 12, housing: 1 }, { sorting: 10, construction: 4 })).toEqual({
      sorting: 12,
      housing: 1,
      construction: 4,
    });
  });

  it('reject what the hub did not issue', () => {
    expect(() => decodeCursor('not a cursor')).toThrow(BadInputError);
    expect(() => decodeCursor(Buffer.from('{"sorting":-1}').toString('base64url'))).toThrow(BadInputError);
    expect(() => decodeCursor(Buffer.from('{"weather":1}').toString('base64url'))).toThrow(BadInputError);
  });
});

describe('cursors carry the log epoch', () => {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

  it('round-trip positions with their epoch; decodeCursor still answers the positions alone', () => {
    const epoch = newEpochId();
    const c = encodeCursor({ sorting: 12, housing: 4 }, epoch);
    expect(parseCursor(c)).toEqual({ position: { sorting: 12, housing: 4 }, epoch });
    expect(decodeCursor(c)).toEqual({ sorting: 12, housing: 4 });
    expect(parseCursor(withEpoch(encodeCursor({ sorting: 3 }), epoch))).toEqual({ position: { sorting: 3 }, epoch });
  });

  it('accept a cursor issued before epochs existed, as having none', () => {
    expect(parseCursor(b64({ sorting: 7 }))).toEqual({ position: { sorting: 7 }, epoch: null });
  });

  it('keep the longest cursor (every domain at a 12-digit seq, with its epoch) under the 200-character cap', () => {
    const seq = 999_999_999_999;
    const c = encodeCursor({ construction: seq, sorting: seq, housing: seq, reference: seq }, newEpochId());
    expect(c.length).toBeLessThanOrEqual(200);
    expect(parseCursor(c).position.reference).toBe(seq);
  });

  it.each([
    ['a number', 42],
    ['empty', ''],
    ['too short', 'abc'],
    ['too long', 'x'.repeat(41)],
    ['outside base64url', 'abc/def+ghi='],
    ['an object', { id: 'abcdefghij' }],
  ])('reject an epoch that is %s, naming the argument and the epoch', (_what, epoch) => {
    expect(() => parseCursor(b64({ sorting: 1, epoch }), 'after')).toThrow(/^after: has an invalid epoch/);
  });
});

describe('the hash chain', () => {
  const event = {
    seq: 1,
    domain: 'sorting' as const,
    type: 'SortingRateReported',
    entityId: '410104001:2023-05-01',
    at: '2023-05-02T01:00:00.000Z',
    actor: { sub: 'u1', role: 'department' as const, dept: 'sorting' as const },
    data: { street: '410104001', date: '2023-05-01', coverageRate: 98.1, recoveryRate: 38.2 },
    prev: null,
  };

  it('does not depend on key order (canonical JSON)', () => {
    const reordered = {
      ...event,
      data: { recoveryRate: 38.2, coverageRate: 98.1, date: '2023-05-01', street: '410104001' },
    };
    expect(eventHash(GENESIS_HASH, reordered)).toBe(eventHash(GENESIS_HASH, event));
  });

  it('changes with any field and with the previous hash', () => {
    const h = eventHash(GENESIS_HASH, event);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(GENESIS_HASH, { ...event, data: { ...event.data, coverageRate: 98.2 } })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...event, actor: { ...event.actor, sub: 'u2' } })).not.toBe(h);
    expect(eventHash('1'.repeat(64), event)).not.toBe(h);
  });
});
