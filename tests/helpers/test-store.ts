/** A fresh in-memory store (dynalite on its worker) with the hub tables, for tests below the HTTP layer. */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { LogStore } from '../../functions/core/log/log-reader.js';
import { documentClient } from '../../functions/core/store/clients.js';
import {
  type EmbeddedStore,
  ensureTables,
  localDynamoClient,
  startDynalite,
} from '../../infra/local/dynalite-store.js';

export interface TestStore {
  client: DynamoDBClient;
  ddb: DynamoDBDocumentClient;
  store: LogStore;
  embedded: EmbeddedStore;
  close(): Promise<void>;
}

export const TABLES = { hubTable: 'test-hub', connectionsTable: 'test-connections' };

export async function startTestStore(path?: string): Promise<TestStore> {
  const embedded = await startDynalite({ path });
  const client = localDynamoClient(embedded);
  await ensureTables(client, TABLES);
  const ddb = documentClient(client);
  return { client, ddb, embedded, store: { ddb, table: TABLES.hubTable }, close: () => embedded.close() };
}
