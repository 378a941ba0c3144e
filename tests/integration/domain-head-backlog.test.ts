/**
 * Issue 8, failure 3: with more than 5,000 distinct entities unprojected, a
 * fresh writer's load() re-read the same checkpoint forever (load → catchUp →
 * load). Now a load reads a bounded amount whatever the backlog, a correction's
 * `prev` is still exact, and the tail sheds what the projector has applied.
 * Store calls are counted on the writer's own client; past 60 of them the
 * client refuses, so a loop fails here instead of hanging.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DomainHead } from '../../functions/core/log/domain-head.js';
import type { LogStore } from '../../functions/core/log/log-reader.js';
import { type AppendRequest, LogWriter } from '../../functions/core/log/log-writer.js';
import { verifyLog } from '../../functions/core/log/verify-log.js';
import { Projector } from '../../functions/core/projections/projector.js';
import { documentClient } from '../../functions/core/store/clients.js';
import { localDynamoClient } from '../../infra/local/dynalite-store.js';
import { BusyError } from '../../schema/errors.js';
import type { DomainName } from '../../schema/model.js';
import { buildLog, chainEvents } from '../helpers/build-log.js';
import { startTestStore, TABLES, type TestStore } from '../helpers/test-store.js';

const BACKLOG = 5_001;
const CALL_CEILING = 60;
/** A page of 1,000 realistic events is close to DynamoDB's 1 MB: it may come as two Query calls. */
const QUERIES_PER_PAGE = 2;

/** A client of the same store that counts its commands and refuses past CALL_CEILING. */
function countingStore(t: TestStore) {
  const client = localDynamoClient(t.embedded);
  const counts: Record<string, number> = {};
  let total = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      total++;
      if (total > CALL_CEILING) throw new Error(`more than ${CALL_CEILING} store calls: the writer is looping`);
      const name = String(context.commandName);
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: 'initialize', name: 'countStoreCalls' },
  );
  const ddb: DynamoDBDocumentClient = documentClient(client);
  const store: LogStore = { ddb, table: TABLES.hubTable };
  const reads = () => (counts.QueryCommand ?? 0) + (counts.GetItemCommand ?? 0);
  const reset = () => {
    for (const k of Object.keys(counts)) delete counts[k];
    total = 0;
  };
  return { store, counts, reads, reset };
}

const report = (domain: DomainName, entityId: string, data: Record<string, unknown>): AppendRequest => ({
  domain,
  actor: { sub: 'test-writer', role: 'department', dept: 'sorting' },
  entityId,
  data,
  type: { first: 'SortingRateReported', correction: 'SortingRateCorrected' },
});

describe('the writer with a projection backlog beyond 5,000 entities', () => {
  let t: TestStore;
  beforeEach(async () => {
    t = await startTestStore();
  });
  afterEach(() => t.close());

  it('a fresh writer appends after 5,001 unprojected events with a bounded number of reads and the exact prev', async () => {
    const backlog = await buildLog(t.store, 'sorting', BACKLOG, { entityId: (i) => `e${i}` });
    const counting = countingStore(t);
    const writer = new LogWriter(counting.store);

    // The oldest entity of the backlog: its value is only in the first page of the log.
    const corrected = await writer.append(report('sorting', 'e0', { coverageRate: 99 }));
    expect(corrected).toMatchObject({ seq: BACKLOG + 1, type: 'SortingRateCorrected', prev: backlog[0].data });
    expect(corrected.prevHash).toBe(backlog[BACKLOG - 1].hash);
    // The checkpoint, the newest page, then back page by page to seq 1 (6 pages), not a whole-log loop.
    expect(counting.reads()).toBeLessThanOrEqual(1 + QUERIES_PER_PAGE * 6);
    expect(counting.counts.PutItemCommand).toBe(1);

    // The backlog is known now: a new entity has no prev and costs one read, the check of whether the
    // projector has moved (the tail is past 5,000 entries), which is not repeated on the next append.
    counting.reset();
    const first = await writer.append(report('sorting', 'new-entity', { coverageRate: 95 }));
    expect(first).toMatchObject({ seq: BACKLOG + 2, type: 'SortingRateReported', prev: null });
    expect(counting.counts.GetItemCommand).toBe(1);
    expect(counting.reads()).toBe(1);
    await writer.append(report('sorting', 'another-entity', { coverageRate: 96 }));
    expect(counting.reads()).toBe(1);
    expect(await verifyLog(t.store, 'sorting')).toMatchObject({ ok: true, checked: BACKLOG + 3 });
  });

  it('with a checkpoint: the backlog answers for what it touched, entity items for the rest', async () => {
    const projected = await buildLog(t.store, 'housing', 300, { entityId: (i) => `p${i}` });
    expect((await new Projector(t.store).catchUp('housing')).checkpoint).toBe(300);
    // 5,001 unprojected events; the second one corrects p5, deep in the backlog.
    const backlog = await buildLog(t.store, 'housing', BACKLOG, {
      after: projected[299],
      entityId: (i) => (i === 1 ? 'p5' : `b${i}`),
    });
    const counting = countingStore(t);
    const writer = new LogWriter(counting.store);

    const p5 = await writer.append(report('housing', 'p5', { units: 1 }));
    expect(p5).toMatchObject({ seq: 300 + BACKLOG + 1, type: 'SortingRateCorrected', prev: backlog[1].data });
    const p7 = await writer.append(report('housing', 'p7', { units: 2 }));
    expect(p7).toMatchObject({ type: 'SortingRateCorrected', prev: projected[7].data });
    // The checkpoint, six pages of backlog, p7's entity item.
    expect(counting.reads()).toBeLessThanOrEqual(2 + QUERIES_PER_PAGE * 6);
  });

  it('once the projector moves, the tail drops what it applied and prev comes from entity items', async () => {
    // At a small scale (a 50-entry tail) so the projector's run stays short.
    const events = await buildLog(t.store, 'construction', 200, { entityId: (i) => `m${i}` });
    const head = new DomainHead(t.store, 'construction', { page: 40, maxTail: 50 });
    await head.load();
    expect(await head.latest('m0')).toEqual({ seq: 1, data: events[0].data });
    expect(head.tailSize).toBe(200);
    // The checkpoint has not moved: checked once, nothing dropped, and not checked again on every call.
    expect(await head.latest('m1')).toEqual({ seq: 2, data: events[1].data });
    expect(head.checkpointBase).toBe(0);
    await new Projector(t.store).catchUp('construction');
    // Checked again a page (40) of new entries later.
    for (let i = 0; i < 41; i++) head.ingest(chainNext(head, `n${i}`));
    expect(await head.latest('m7')).toEqual({ seq: 8, data: events[7].data });
    expect(head.checkpointBase).toBe(200);
    expect(head.tailSize).toBe(41);
  });

  it('a writer whose head is far behind catches up with one page, not the whole gap', async () => {
    const counting = countingStore(t);
    const stale = new LogWriter(counting.store);
    const start = await stale.append(report('construction', 'c-start', { v: 0 }));
    // Another instance (here: a bulk import) appends 2,500 events this writer has not seen.
    const gap = await buildLog(t.store, 'construction', 2_500, { after: start, entityId: (i) => `g${i}` });
    counting.reset();
    const corrected = await stale.append(report('construction', 'g10', { v: 2 }));
    expect(corrected).toMatchObject({ seq: 2_502, type: 'SortingRateCorrected', prev: gap[10].data });
    // A failed put, the newest page, then back through the unseen range to g10 (seq 12): 3 pages.
    expect(counting.counts.PutItemCommand).toBe(2);
    expect(counting.reads()).toBeLessThanOrEqual(QUERIES_PER_PAGE * 3);
    expect(await verifyLog(t.store, 'construction')).toMatchObject({ ok: true, checked: 2_502 });
  });

  it('a backlog too deep for one call answers BUSY, and each retry reads further back until it succeeds', async () => {
    const events = await buildLog(t.store, 'reference', 450, { entityId: (i) => `r${i}` });
    const head = new DomainHead(t.store, 'reference', { page: 50, pagesPerCall: 3 });
    await head.load();
    expect(head.headSeq).toBe(450);
    let busy = 0;
    let found: Awaited<ReturnType<DomainHead['latest']>> = null;
    for (let attempt = 0; attempt < 5 && !found; attempt++) {
      try {
        found = await head.latest('r0');
      } catch (err) {
        if (!(err instanceof BusyError)) throw err;
        busy++;
      }
    }
    // 450 events = 9 pages: the load read 1, each call reads 3 more.
    expect(busy).toBe(2);
    expect(found).toEqual({ seq: 1, data: events[0].data });
  });
});

/** The event after the head's, for an entity (ingested without being written: the head alone is tested). */
const chainNext = (head: DomainHead, entityId: string) =>
  chainEvents(head.domain, 1, { after: { seq: head.headSeq, hash: head.headHash }, entityId: () => entityId })[0];
