/**
 * The key map of both tables, pinned: these strings are in every deployed
 * table and on every embedded store's disk, and IAM grants are written
 * against their prefixes, so a refactor that changes one must fail here.
 */
import { describe, expect, it } from 'vitest';
import {
  actorIndexPk,
  actorIndexSk,
  checkpointKey,
  connectionKey,
  domainOfLogPk,
  entityIndexPk,
  entityItemKey,
  entityPartition,
  entityRoot,
  FANOUT_CHECKPOINT_KEY,
  idempotencyKey,
  isConnectionSk,
  isLogPk,
  isSubscriptionSk,
  LOG_EPOCH_KEY,
  logPk,
  MAX_SEQ_SK,
  PREFIX,
  projectorCheckpointPks,
  RM,
  seqSk,
  splitEntityId,
  subscriptionKey,
  targetSk,
  topicKey,
  topicPk,
  verificationAnchorKey,
} from '../../functions/core/store/keys/index.js';
import { FUNCTIONS, WRITE_PATH_GRANTS } from '../../functions/manifest.js';

describe('hub table keys', () => {
  it('log items and their indexes', () => {
    expect(logPk('sorting')).toBe('LOG#sorting');
    expect(seqSk(42)).toBe('000000000042');
    expect(seqSk(0) < seqSk(1) && seqSk(9) < seqSk(10)).toBe(true);
    expect(MAX_SEQ_SK).toBe('999999999999');
    expect(entityIndexPk('sorting', '410104001:2023-03-01')).toBe('ENT#sorting#410104001');
    expect(actorIndexPk('u-1')).toBe('ACT#u-1');
    expect(actorIndexSk('housing', seqSk(7))).toBe('housing#000000000007');
  });

  it('recognizes log keys, and only known domains', () => {
    expect(domainOfLogPk('LOG#construction')).toBe('construction');
    expect(domainOfLogPk('LOG#reference')).toBe('reference');
    expect(domainOfLogPk('LOG#weather')).toBeNull();
    expect(domainOfLogPk('RM#META')).toBeNull();
    expect(isLogPk('LOG#housing')).toBe(true);
    expect(isLogPk('CKPT#housing')).toBe(false);
  });

  it('entity ids split once, at the first colon', () => {
    expect(splitEntityId('P01:2023-04')).toEqual({ root: 'P01', rest: '2023-04' });
    expect(splitEntityId('P01')).toEqual({ root: 'P01', rest: null });
    expect(splitEntityId('a:b:c')).toEqual({ root: 'a', rest: 'b:c' });
    expect(entityRoot('410104001:2023-03-01')).toBe('410104001');
    expect(entityRoot('410104001')).toBe('410104001');
  });

  it('entity items: one partition per entity root, the root itself under #', () => {
    expect(entityItemKey('sorting', '410104001:2023-03-01')).toEqual({
      PK: 'RM#E#sorting#410104001',
      SK: '2023-03-01',
    });
    expect(entityItemKey('construction', 'P01')).toEqual({ PK: 'RM#E#construction#P01', SK: '#' });
    expect(entityPartition('housing', 'H1')).toBe('RM#E#housing#H1');
  });

  it('read models', () => {
    expect([RM.streets(), RM.projects(), RM.housingProjects(), RM.targets(), RM.sortingLatest(), RM.meta()]).toEqual([
      'RM#STREET',
      'RM#PROJ',
      'RM#HOUS',
      'RM#TARGET',
      'RM#SORT#LAST',
      'RM#META',
    ]);
    expect(RM.sortingMonth('2023-03')).toBe('RM#SORT#M#2023-03');
    expect(RM.investmentMonth('2023')).toBe('RM#CONS#M#2023');
    expect(targetSk('sorting', 2023, 'coverageRate')).toBe('sorting#2023#coverageRate');
  });

  it('checkpoints: one per domain for the projector, one for the fan-out, all under CKPT#', () => {
    expect(checkpointKey('sorting')).toEqual({ PK: 'CKPT#sorting', SK: 'CKPT' });
    expect(FANOUT_CHECKPOINT_KEY).toEqual({ PK: 'CKPT#fanout', SK: 'CKPT' });
    expect(projectorCheckpointPks()).toEqual(['CKPT#construction', 'CKPT#sorting', 'CKPT#housing', 'CKPT#reference']);
    expect(projectorCheckpointPks()).not.toContain(FANOUT_CHECKPOINT_KEY.PK);
  });

  it('verification anchors: one per domain log, under VERIFY#, which only the Http function may write', () => {
    expect(verificationAnchorKey('sorting')).toEqual({ PK: 'VERIFY#sorting', SK: 'VERIFY' });
    const writers = FUNCTIONS.filter((f) =>
      f.grants.some((g) => g.actions.includes('write') && g.keyPrefixes.includes(PREFIX.verification)),
    );
    expect(writers.map((f) => f.name)).toEqual(['Http']);
  });

  it('idempotency reservations, per principal', () => {
    expect(idempotencyKey('u-1', 'k-9')).toEqual({ PK: 'IDEM#u-1#k-9', SK: 'IDEM' });
  });
});

describe('connections table keys', () => {
  it('connections, their subscriptions and the topic rows', () => {
    expect(connectionKey('c1')).toEqual({ PK: 'CONN#c1', SK: 'CONN' });
    expect(subscriptionKey('c1', 's1')).toEqual({ PK: 'CONN#c1', SK: 'SUB#s1' });
    expect(topicKey('sorting#street#410104001', 'c1', 's1')).toEqual({
      PK: 'TOPIC#sorting#street#410104001',
      SK: 'c1#s1',
    });
    expect(topicPk('sorting')).toBe('TOPIC#sorting');
    expect(isConnectionSk('CONN')).toBe(true);
    expect(isConnectionSk('SUB#s1')).toBe(false);
    expect(isSubscriptionSk('SUB#s1')).toBe(true);
    expect(isSubscriptionSk('CONN')).toBe(false);
  });
});

describe('the manifest grants', () => {
  it('name only prefixes of keys the store builds (or the whole table)', () => {
    const known = new Set<string>([...Object.values(PREFIX), FANOUT_CHECKPOINT_KEY.PK, '*']);
    const granted = FUNCTIONS.flatMap((f) => f.grants.flatMap((g) => g.keyPrefixes));
    expect(granted.length).toBeGreaterThan(0);
    for (const prefix of granted) expect(known).toContain(prefix);
    // The Ws function writes the fan-out's checkpoint (its back-fill takes the lease) and, for mutations over
    // WebSocket, exactly what the Http function's write path writes; nothing else of the hub table.
    const hubWrites = (name: string) =>
      FUNCTIONS.find((f) => f.name === name)!.grants.filter((g) => g.table === 'hub' && g.actions.includes('write'));
    const writePath = WRITE_PATH_GRANTS.filter((g) => g.actions.includes('write'));
    // Each also may settle the logs' epoch (EPOCH#log), the first time it resolves an event or a cursor.
    const epoch = { table: 'hub', actions: ['write'], keyPrefixes: ['EPOCH#'] };
    expect(hubWrites('Ws')).toEqual([
      { table: 'hub', actions: ['write'], keyPrefixes: ['CKPT#fanout'] },
      ...writePath,
      epoch,
    ]);
    // The Http function also writes verifyLog's anchor (VERIFY#), which no mutation touches.
    expect(hubWrites('Http')).toEqual([
      ...writePath,
      { table: 'hub', actions: ['write'], keyPrefixes: ['VERIFY#'] },
      epoch,
    ]);
  });

  it('the log epoch: one item under EPOCH#, written by exactly the functions that resolve events', () => {
    expect(LOG_EPOCH_KEY).toEqual({ PK: 'EPOCH#log', SK: 'EPOCH' });
    const writers = FUNCTIONS.filter((f) =>
      f.grants.some((g) => g.actions.includes('write') && g.keyPrefixes.includes(PREFIX.epoch)),
    );
    expect(writers.map((f) => f.name).sort()).toEqual(['Http', 'Stream', 'Ws']);
  });
});
