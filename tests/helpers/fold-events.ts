/**
 * Runs events through a projection in memory, the way the projector's round
 * applies them (functions/core/projections/projector.ts): each update's apply
 * gets the item's current attributes, an item already at or past the event's
 * seq is skipped, and the stored item carries its key and the seq applied.
 * Projection unit tests use it to assert read-model items without a store.
 */
import type { Item, Projection } from '../../functions/core/projections/projection.js';
import type { Actor, DomainName, HubEventRecord } from '../../schema/model.js';

export type Items = Map<string, Item>;

/** The map key of an item: tests look items up with item(items, PK, SK). */
const keyOf = (PK: string, SK: string) => `${PK}\u0000${SK}`;

export function fold(projection: Projection, events: HubEventRecord[], items: Items = new Map()): Items {
  for (const event of events) {
    for (const u of projection(event)) {
      const k = keyOf(u.key.PK, u.key.SK);
      const current = items.get(k);
      if (current && (current.seq as number) >= event.seq) continue;
      items.set(k, { ...u.apply(current, event), PK: u.key.PK, SK: u.key.SK, seq: event.seq });
    }
  }
  return items;
}

export const item = (items: Items, PK: string, SK: string) => items.get(keyOf(PK, SK));

/** The items of one partition, by sort key. */
export function partition(items: Items, PK: string): Item[] {
  return [...items.values()].filter((i) => i.PK === PK).sort((a, b) => String(a.SK).localeCompare(String(b.SK)));
}

const ACTOR: Actor = { sub: 'test', role: 'admin' };

/** A log event with fixed hashes; `at` defaults to a time derived from the seq, so later events are later. */
export function event(
  domain: DomainName,
  seq: number,
  type: string,
  entityId: string,
  data: Record<string, unknown>,
  prev: Record<string, unknown> | null = null,
  at = new Date(Date.UTC(2023, 6, 1, 0, seq)).toISOString(),
): HubEventRecord {
  return { seq, domain, type, entityId, at, actor: ACTOR, data, prev, prevHash: `h${seq - 1}`, hash: `h${seq}` };
}
