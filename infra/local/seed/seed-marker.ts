/**
 * The seed's marker item (`SEED / SEED` in the hub table): the anchor day the
 * plan was generated from (a resumed seed regenerates the same plan) and
 * whether the seed is in progress or done, so a second start seeds nothing.
 * Both seed paths (bulk and event by event) keep it the same way, so either
 * can resume the other.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { LogStore } from '../../../functions/core/log/log-reader.js';

const MARKER = { PK: 'SEED', SK: 'SEED' };
const VERSION = 1;

export interface SeedMarker {
  status: 'in-progress' | 'done';
  anchor: Date;
}

export async function readSeedMarker(store: LogStore): Promise<SeedMarker | null> {
  const out = await store.ddb.send(new GetCommand({ TableName: store.table, Key: MARKER, ConsistentRead: true }));
  const item = out.Item;
  if (!item) return null;
  return { status: item.status === 'done' ? 'done' : 'in-progress', anchor: new Date(item.anchor as string) };
}

export async function writeSeedMarker(store: LogStore, marker: SeedMarker): Promise<void> {
  await store.ddb.send(
    new PutCommand({
      TableName: store.table,
      Item: {
        ...MARKER,
        status: marker.status,
        anchor: marker.anchor.toISOString(),
        version: VERSION,
        ...(marker.status === 'done' ? { completedAt: new Date().toISOString() } : {}),
      },
    }),
  );
}
