/**
 * The store helper against dynalite, with DynamoDB's partial answers played
 * by a client that processes one key per BatchGet/BatchWrite for its first
 * calls and reports the rest unprocessed (what DynamoDB does under
 * throttling). The read models, the projector and the rebuild all go
 * through the helper, so none of them loses an item.
 */
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composeHub, type Hub } from '../../functions/core/compose/hub.js';
import { ReadModels } from '../../functions/core/domain/read-models.js';
import type { LogStore } from '../../functions/core/log/log-reader.js';
import { Projector } from '../../functions/core/projections/projector.js';
import { dropReadModels } from '../../functions/core/projections/rebuild.js';
import { batchGet, batchPut } from '../../functions/core/store/batch.js';
import { checkpointKey, FANOUT_CHECKPOINT_KEY, RM } from '../../functions/core/store/keys/index.js';
import { queryAll, queryPages, scanAll } from '../../functions/core/store/paging.js';
import { STREETS } from '../../infra/local/seed/streets.js';
import { ADMIN, dept } from '../helpers/test-hub.js';
import { startTestStore, type TestStore } from '../helpers/test-store.js';

/** A client over the real store whose next `stingyCalls` batch calls each process one request only. */
function stingy(real: DynamoDBDocumentClient, table: string, stingyCalls: number) {
  const counts = { gets: 0, writes: 0, stingyLeft: stingyCalls };
  const ddb = {
    async send(command: unknown) {
      if (command instanceof BatchGetCommand) {
        counts.gets++;
        const request = (command.input as BatchGetCommandInput).RequestItems![table];
        const keys = request.Keys ?? [];
        if (counts.stingyLeft-- <= 0 || keys.length < 2) return real.send(command);
        const out = await real.send(
          new BatchGetCommand({ RequestItems: { [table]: { ...request, Keys: [keys[0]] } } }),
        );
        return { ...out, UnprocessedKeys: { [table]: { ...request, Keys: keys.slice(1) } } };
      }
      if (command instanceof BatchWriteCommand) {
        counts.writes++;
        const requests = (command.input as BatchWriteCommandInput).RequestItems![table];
        if (counts.stingyLeft-- <= 0 || requests.length < 2) return real.send(command);
        const out = await real.send(new BatchWriteCommand({ RequestItems: { [table]: [requests[0]] } }));
        return { ...out, UnprocessedItems: { [table]: requests.slice(1) } };
      }
      return real.send(command as never);
    },
  };
  return { ddb: ddb as unknown as DynamoDBDocumentClient, counts };
}

describe('the store helper on dynalite', () => {
  let t: TestStore;
  let hub: Hub;
  const date = '2023-03-01';

  beforeAll(async () => {
    t = await startTestStore();
    hub = composeHub({ ddb: t.ddb, hubTable: t.store.table, projectOnWrite: true });
    for (const s of STREETS) await hub.services.reference.upsertStreet(ADMIN, { ...s });
    for (const [i, s] of STREETS.entries()) {
      await hub.services.reports.reportSortingRate(dept('sorting'), {
        street: s.code,
        date,
        coverageRate: 90 + i / 2,
        recoveryRate: 30 + i,
      });
    }
  });
  afterAll(() => t.close());

  it("a street's rates are not lost when BatchGet returns UnprocessedKeys twice", async () => {
    const client = stingy(t.ddb, t.store.table, 2);
    const models = new ReadModels({ ddb: client.ddb, table: t.store.table });
    const rows = await models.sortingOnDate(date);
    expect(rows.map((r) => r.street).sort()).toEqual(STREETS.map((s) => s.code).sort());
    expect(rows.find((r) => r.street === STREETS[11].code)?.recoveryRate).toBe(41);
    // One call per answer: 12 keys → 1 processed, 11 → 1 processed, then the 10 left in one go.
    expect(client.counts.gets).toBe(3);
  });

  it('the projector applies every event when its BatchGet comes back partial', async () => {
    // Drop every read model and checkpoint, then project the logs again through a stingy client.
    const stingyStore: LogStore = { ddb: stingy(t.ddb, t.store.table, 3).ddb, table: t.store.table };
    const before = await new ReadModels(t.store).sortingLatest();
    await dropReadModels(stingyStore);
    expect(await new ReadModels(t.store).sortingLatest()).toEqual([]);
    const projector = new Projector(stingyStore);
    await projector.catchUp('reference');
    const run = await projector.catchUp('sorting');
    expect(run.applied).toBe(STREETS.length);
    expect(await new ReadModels(t.store).sortingLatest()).toEqual(before);
    expect(await new ReadModels(t.store).streets()).toHaveLength(STREETS.length);
  });

  it('the rebuild drops read models and projector checkpoints, not the log or the fan-out checkpoint', async () => {
    await t.ddb.send(
      new BatchWriteCommand({
        RequestItems: { [t.store.table]: [{ PutRequest: { Item: { ...FANOUT_CHECKPOINT_KEY, d_sorting: 12 } } }] },
      }),
    );
    const client = stingy(t.ddb, t.store.table, 4);
    const dropped = await dropReadModels({ ddb: client.ddb, table: t.store.table });
    expect(dropped).toBeGreaterThan(STREETS.length * 2);
    expect(client.counts.writes).toBeGreaterThan(4);
    const left = await scanAll(t.ddb, { TableName: t.store.table });
    expect(left.filter((i) => String(i.PK).startsWith('RM#'))).toEqual([]);
    expect(left.some((i) => i.PK === checkpointKey('sorting').PK)).toBe(false);
    expect(left.some((i) => i.PK === FANOUT_CHECKPOINT_KEY.PK)).toBe(true);
    expect(left.filter((i) => i.PK === 'LOG#sorting')).toHaveLength(STREETS.length);
    await hub.projector.catchUp('reference');
    await hub.projector.catchUp('sorting');
  });

  it('batch puts and gets of more than one call each, under partial answers', async () => {
    const items = Array.from({ length: 130 }, (_, i) => ({
      PK: RM.sortingMonth('1999-01'),
      SK: `S${String(i).padStart(3, '0')}`,
      n: i,
    }));
    const writer = stingy(t.ddb, t.store.table, 2);
    await batchPut({ ddb: writer.ddb, table: t.store.table }, items);
    expect(writer.counts.writes).toBe(2 + Math.ceil(128 / 25));
    const reader = stingy(t.ddb, t.store.table, 2);
    const got = await batchGet(
      { ddb: reader.ddb, table: t.store.table },
      items.map(({ PK, SK }) => ({ PK, SK })),
      { consistentRead: true, projection: { expression: 'SK, #n', names: { '#n': 'n' } } },
    );
    expect(got.map((i) => i.n).sort((a, b) => Number(a) - Number(b))).toEqual(items.map((i) => i.n));
    expect(got[0]).not.toHaveProperty('PK');
  });

  it('pages through a Query, and stops reading at the limit', async () => {
    const input = {
      TableName: t.store.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': RM.sortingMonth('1999-01') },
      Limit: 40,
    };
    let pages = 0;
    for await (const page of queryPages(t.ddb, input)) {
      pages++;
      expect(page.length).toBeLessThanOrEqual(40);
    }
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(await queryAll(t.ddb, input)).toHaveLength(130);
    const first50 = await queryAll(t.ddb, input, 50);
    expect(first50.map((i) => i.n)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});
