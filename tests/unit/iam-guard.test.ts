/** Emulated IAM: each function's store client may do exactly what its manifest grants allow on AWS. */
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../functions/core/store/clients.js';
import { functionSpec } from '../../functions/manifest.js';
import { accessRequests, guardDynamoClient, queryLeadingKey } from '../../infra/local/aws/iam-guard.js';
import { stringLike } from '../../infra/local/aws/iam-policy.js';
import { localDynamoClient } from '../../infra/local/dynalite-store.js';
import { startTestStore, TABLES, type TestStore } from '../helpers/test-store.js';

const HUB = TABLES.hubTable;
const CONN = TABLES.connectionsTable;
const tables = { hub: HUB, connections: CONN };

let store: TestStore;
const clients = new Map<string, DynamoDBDocumentClient>();
const raw = new Map<string, DynamoDBClient>();

function as(name: string): DynamoDBDocumentClient {
  let ddb = clients.get(name);
  if (!ddb) {
    const client = guardDynamoClient(localDynamoClient(store.embedded), { spec: functionSpec(name), tables });
    raw.set(name, client);
    ddb = documentClient(client);
    clients.set(name, ddb);
  }
  return ddb;
}

async function denied(p: Promise<unknown>) {
  const err = (await p.then(
    () => null,
    (e: unknown) => e,
  )) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | null;
  expect(err?.name).toBe('AccessDeniedException');
  expect(err?.$metadata?.httpStatusCode).toBe(400);
  return err?.message ?? '';
}

const put = (pk: string, sk = 'X', table = HUB) => new PutCommand({ TableName: table, Item: { PK: pk, SK: sk, v: 1 } });
const get = (pk: string, sk = 'X', table = HUB) => new GetCommand({ TableName: table, Key: { PK: pk, SK: sk } });
const update = (pk: string, table = HUB) =>
  new UpdateCommand({
    TableName: table,
    Key: { PK: pk, SK: 'X' },
    UpdateExpression: 'SET v = :v',
    ExpressionAttributeValues: { ':v': 2 },
  });
const del = (pk: string, table = HUB) => new DeleteCommand({ TableName: table, Key: { PK: pk, SK: 'X' } });
const query = (pk: string, table = HUB) =>
  new QueryCommand({
    TableName: table,
    KeyConditionExpression: '#pk = :pk',
    ExpressionAttributeNames: { '#pk': 'PK' },
    ExpressionAttributeValues: { ':pk': pk },
  });

beforeAll(async () => {
  store = await startTestStore();
});
afterAll(async () => {
  for (const c of raw.values()) c.destroy();
  await store.close();
});

describe('emulated IAM', () => {
  it('Http: reads anything, appends LOG# items, writes IDEM#/CKPT#/RM#; nothing else', async () => {
    const http = as('Http');
    await http.send(put('LOG#sorting', '000000000001'));
    await http.send(put('IDEM#u#k'));
    await http.send(update('RM#sorting#x'));
    expect((await http.send(get('LOG#sorting', '000000000001'))).Item?.v).toBe(1);
    expect((await http.send(query('LOG#sorting'))).Items).toHaveLength(1);
    await http.send(
      new QueryCommand({
        TableName: HUB,
        IndexName: 'byEntity',
        KeyConditionExpression: 'GSI1PK = :e',
        ExpressionAttributeValues: { ':e': 'ENT#sorting#x' },
      }),
    );
    const msg = await denied(http.send(update('LOG#sorting')));
    expect(msg).toMatch(
      /^User: arn:aws:sts::local:assumed-role\/Http\/Http is not authorized to perform: dynamodb:UpdateItem on resource: arn:aws:dynamodb:local:local:table\/test-hub because/,
    );
    await denied(http.send(del('RM#sorting#x')));
    await denied(http.send(new ScanCommand({ TableName: HUB })));
    await denied(http.send(get('CONN#c1', 'META', CONN)));
    await denied(http.send(put('FOO#1')));
  });

  it("Ws: the write path's grants (mutations over WebSocket), and no more", async () => {
    const ws = as('Ws');
    await ws.send(put('LOG#sorting', '000000000002'));
    await ws.send(put('IDEM#u#k2'));
    expect((await store.ddb.send(get('LOG#sorting', '000000000002'))).Item?.v).toBe(1);
    await ws.send(update('CKPT#fanout#sorting'));
    await ws.send(update('CKPT#sorting'));
    await ws.send(update('RM#sorting#x'));
    // The log stays append-only and the hub table undeletable, as for Http.
    await denied(ws.send(update('LOG#sorting')));
    await denied(ws.send(del('RM#sorting#x')));
    await denied(ws.send(put('FOO#1')));
    await denied(ws.send(new ScanCommand({ TableName: HUB })));
    await ws.send(put('CONN#c1', 'META', CONN));
    await ws.send(update('CONN#c1', CONN));
    await ws.send(
      new BatchWriteCommand({ RequestItems: { [CONN]: [{ DeleteRequest: { Key: { PK: 'CONN#c1', SK: 'X' } } }] } }),
    );
    await ws.send(del('CONN#c1', CONN));
    expect((await ws.send(query('LOG#sorting'))).Items).toHaveLength(2);
  });

  it('Sweep: scans connections, never reads the hub table', async () => {
    const sweep = as('Sweep');
    await sweep.send(new ScanCommand({ TableName: CONN }));
    await sweep.send(del('CONN#gone', CONN));
    await denied(sweep.send(get('LOG#sorting', '000000000001')));
    await denied(sweep.send(query('LOG#sorting')));
    await denied(sweep.send(new ScanCommand({ TableName: HUB })));
    await denied(sweep.send(put('CONN#c2', 'META', CONN)));
  });

  it('Stream: batch writes are allowed only when one grant covers every key', async () => {
    const stream = as('Stream');
    const putReq = (pk: string) => ({ PutRequest: { Item: { PK: pk, SK: 'B', v: 1 } } });
    await stream.send(new BatchWriteCommand({ RequestItems: { [HUB]: [putReq('CKPT#a'), putReq('RM#a')] } }));
    await denied(
      stream.send(new BatchWriteCommand({ RequestItems: { [HUB]: [putReq('RM#b'), putReq('LOG#sorting')] } })),
    );
    expect((await store.ddb.send(get('RM#b', 'B'))).Item).toBeUndefined();
    const got = await stream.send(
      new BatchGetCommand({
        RequestItems: {
          [HUB]: {
            Keys: [
              { PK: 'CKPT#a', SK: 'B' },
              { PK: 'LOG#sorting', SK: '000000000001' },
            ],
          },
        },
      }),
    );
    expect(got.Responses?.[HUB]).toHaveLength(2);
    await stream.send(del('CONN#x', CONN));
    await denied(stream.send(put('CONN#x', 'META', CONN)));
    await denied(stream.send(new ScanCommand({ TableName: CONN })));
  });

  it('WsAuthorize has no table access; control-plane calls are not granted to any function', async () => {
    await denied(as('WsAuthorize').send(get('LOG#sorting', '000000000001')));
    const message = await denied(
      raw.get('Http')?.send(new DescribeTableCommand({ TableName: HUB })) ?? Promise.resolve(),
    );
    expect(message).toContain('dynamodb:DescribeTable');
  });

  it('reads the partition key the way IAM does', () => {
    expect(
      queryLeadingKey(
        { KeyConditionExpression: 'PK = :pk AND SK > :a', ExpressionAttributeValues: { ':pk': { S: 'LOG#x' } } },
        'PK',
      ),
    ).toBe('LOG#x');
    expect(
      queryLeadingKey(
        {
          KeyConditionExpression: '(:pk = #p) and begins_with(SK, :s)',
          ExpressionAttributeNames: { '#p': 'PK' },
          ExpressionAttributeValues: { ':pk': 'RM#1' },
        },
        'PK',
      ),
    ).toBe('RM#1');
    expect(
      queryLeadingKey({ KeyConditionExpression: 'SK = :s', ExpressionAttributeValues: { ':s': 'a' } }, 'PK'),
    ).toBeNull();
    const env = { tables };
    expect(
      accessRequests(
        'QueryCommand',
        {
          TableName: HUB,
          IndexName: 'byActor',
          KeyConditionExpression: 'GSI2PK = :a',
          ExpressionAttributeValues: { ':a': { S: 'ACT#u' } },
        },
        env,
      ),
    ).toEqual([{ action: 'dynamodb:Query', tableName: HUB, indexName: 'byActor', leadingKeys: ['ACT#u'] }]);
    expect(stringLike('CKPT#fanout*', 'CKPT#fanout#sorting')).toBe(true);
    expect(stringLike('CKPT#fanout*', 'CKPT#sorting')).toBe(false);
    expect(stringLike('LOG#?', 'LOG#ab')).toBe(false);
  });
});
