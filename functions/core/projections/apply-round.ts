/**
 * The steps of one projection round, shared by the projector (stream, writes)
 * and bulk loads (the embedded demo seed): which items a run of events
 * touches, the events applied to them in order in memory (an item touched by
 * many events is written once), and the checkpoint that records how far the
 * read models are. One set of rules, whichever way the items are written.
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
import type { LogStore } from '../log/log-reader.js';
import { keyId } from '../store/batch.js';
import { checkpointKey } from '../store/keys/checkpoints.js';
import type { ItemKey } from '../store/keys/prefixes.js';
import type { Item, ItemUpdate, Projection } from './projection.js';

export interface RoundPlan {
  updates: (ItemUpdate & { event: HubEventRecord })[];
  /** Every item the events touch, once. */
  keys: ItemKey[];
}

export interface ChangedItem {
  item: Item;
  /** The seq the item had when loaded (undefined: it did not exist), for a conditional write. */
  was: number | undefined;
}

export function planRound(projection: Projection, events: HubEventRecord[]): RoundPlan {
  const updates = events.flatMap((e) => projection(e).map((u) => ({ ...u, event: e })));
  const keys = new Map<string, ItemKey>();
  for (const u of updates) keys.set(keyId(u.key), u.key);
  return { updates, keys: [...keys.values()] };
}

/**
 * Applies the updates in order to the loaded items (keyed by `keyId`). An
 * item already at or past an event's seq skips it, which is what makes a
 * replay after a crash harmless. Returns the items that changed.
 */
export function applyRound(plan: RoundPlan, loaded: Map<string, Item>): Map<string, ChangedItem> {
  const working = new Map<string, Item | undefined>();
  const was = new Map<string, number | undefined>();
  for (const key of plan.keys) {
    const k = keyId(key);
    const item = loaded.get(k);
    working.set(k, item);
    was.set(k, item?.seq as number | undefined);
  }
  const changed = new Map<string, ChangedItem>();
  for (const u of plan.updates) {
    const k = keyId(u.key);
    const current = working.get(k);
    if (current && (current.seq as number) >= u.event.seq) continue;
    const next = { ...u.apply(current, u.event), PK: u.key.PK, SK: u.key.SK, seq: u.event.seq };
    working.set(k, next);
    changed.set(k, { item: next, was: was.get(k) });
  }
  return changed;
}

export async function readCheckpoint(
  store: LogStore,
  domain: DomainName,
): Promise<{ seq: number; hash: string | null }> {
  const out = await store.ddb.send(
    new GetCommand({ TableName: store.table, Key: checkpointKey(domain), ConsistentRead: true }),
  );
  return { seq: (out.Item?.seq as number) ?? 0, hash: (out.Item?.hash as string) ?? null };
}

/** Moves the checkpoint to `last`, on the condition that it is still at `wasSeq` (another projector may have moved it). */
export async function saveCheckpoint(store: LogStore, domain: DomainName, last: HubEventRecord, wasSeq: number) {
  await store.ddb.send(
    new PutCommand({
      TableName: store.table,
      Item: { ...checkpointKey(domain), seq: last.seq, hash: last.hash, at: new Date().toISOString() },
      ConditionExpression: 'attribute_not_exists(PK) OR seq = :was',
      ExpressionAttributeValues: { ':was': wasSeq },
    }),
  );
}
