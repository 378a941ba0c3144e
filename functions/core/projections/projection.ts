/** What a projection is: a pure function from one event to the read-model items it changes. */
import type { HubEventRecord } from '../../../schema/model.js';

export type Item = Record<string, unknown>;

export interface ItemUpdate {
  key: { PK: string; SK: string };
  /**
   * The item's new attributes given its current ones (undefined when absent).
   * Must depend only on the item and the event, so replaying an event on an
   * item that already has it (seq check) is the only idempotency needed.
   */
  apply(current: Item | undefined, event: HubEventRecord): Item;
}

export type Projection = (event: HubEventRecord) => ItemUpdate[];

export const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
export const str = (v: unknown) => (typeof v === 'string' ? v : null);
