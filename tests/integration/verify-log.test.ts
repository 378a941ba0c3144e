/**
 * Acceptance 6: editing, deleting or inserting a log item directly in the
 * store makes verifyLog (the auditor's query) answer ok: false with the first
 * bad seq.
 */
import { DeleteCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eventHash } from '../../functions/core/log/hash.js';
import { logPk, seqSk } from '../../functions/core/store/keys/log.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';

const VERIFY = 'query($d: Domain!) { verifyLog(domain: $d) { ok checked firstBadSeq reason } }';

describe('verifyLog detects tampering', () => {
  let hub: TestHub;
  let auditor: string;
  const table = () => hub.config.hubTable;
  const ddb = () => hub.runtime.ddb;
  const key = (seq: number) => ({ PK: logPk('sorting'), SK: seqSk(seq) });
  const verify = async () =>
    ((await hub.gql(VERIFY, { d: 'SORTING' }, auditor)).body.data as { verifyLog: Record<string, unknown> }).verifyLog;

  beforeEach(async () => {
    hub = await startTestHub({ withReference: true });
    auditor = await hub.token('auditor');
    for (let i = 1; i <= 10; i++) {
      await hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
        street: '410104001',
        date: `2026-01-${String(i).padStart(2, '0')}`,
        coverageRate: 97 + i / 10,
        recoveryRate: 38,
      });
    }
    await hub.stream.idle();
  });
  afterEach(() => hub.close());

  it('an untouched log verifies', async () => {
    expect(await verify()).toEqual({ ok: true, checked: 10, firstBadSeq: null, reason: null });
  });

  it('a later call checks only what is new, and a full re-verification can be asked for (issue 8)', async () => {
    const q = `query($d: Domain!, $full: Boolean) { verifyLog(domain: $d, full: $full) {
      ok checked mode complete verifiedThrough fullCheckProgress lastFullCheckAt lastFullCheckThrough } }`;
    const call = async (full?: boolean) =>
      ((await hub.gql(q, { d: 'SORTING', full }, auditor)).body.data as { verifyLog: Record<string, unknown> })
        .verifyLog;
    expect(await call()).toMatchObject({
      ok: true,
      checked: 10,
      mode: 'FULL',
      complete: true,
      verifiedThrough: 10,
      fullCheckProgress: null,
      lastFullCheckThrough: 10,
    });
    for (const day of ['2026-02-01', '2026-02-02']) {
      await hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
        street: '410104002',
        date: day,
        coverageRate: 96,
        recoveryRate: 37,
      });
    }
    expect(await call()).toMatchObject({ ok: true, checked: 2, mode: 'INCREMENTAL', verifiedThrough: 12 });
    // A whole invocation's time finishes a full pass over 12 events in the same call.
    const full = await call(true);
    expect(full).toMatchObject({ ok: true, checked: 12, fullCheckProgress: null, lastFullCheckThrough: 12 });
    expect(Date.parse(full.lastFullCheckAt as string)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('an edited item', async () => {
    const item = (await ddb().send(new GetCommand({ TableName: table(), Key: key(4) }))).Item!;
    await ddb().send(
      new PutCommand({ TableName: table(), Item: { ...item, data: { ...item.data, coverageRate: 99.9 } } }),
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('an edited item whose hash was recomputed breaks the next link', async () => {
    const item = (await ddb().send(new GetCommand({ TableName: table(), Key: key(6) }))).Item!;
    const forged: Record<string, unknown> = { ...item, data: { ...item.data, coverageRate: 99.9 } };
    forged.hash = eventHash(item.prevHash, forged as never);
    await ddb().send(new PutCommand({ TableName: table(), Item: forged }));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 7 });
  });

  it('a deleted item', async () => {
    await ddb().send(new DeleteCommand({ TableName: table(), Key: key(3) }));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('a deleted last item (caught against the projector checkpoint)', async () => {
    await ddb().send(new DeleteCommand({ TableName: table(), Key: key(10) }));
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 10 });
  });

  it('an item inserted between two others', async () => {
    const item = (await ddb().send(new GetCommand({ TableName: table(), Key: key(5) }))).Item!;
    await ddb().send(
      new PutCommand({ TableName: table(), Item: { ...item, SK: `${seqSk(5)}5`, data: { injected: true } } }),
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 6 });
  });

  it('an item appended at the end without the chain', async () => {
    const item = (await ddb().send(new GetCommand({ TableName: table(), Key: key(10) }))).Item!;
    await ddb().send(
      new PutCommand({ TableName: table(), Item: { ...item, SK: seqSk(11), seq: 11, prevHash: '0'.repeat(64) } }),
    );
    expect(await verify()).toMatchObject({ ok: false, firstBadSeq: 11 });
  });
});
