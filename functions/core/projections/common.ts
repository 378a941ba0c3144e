/** Updates every event makes: the entity's latest value and the domain's last-update marker. */
import type { HubEventRecord } from '../../../schema/model.js';
import { entityItemKey } from '../store/keys/entity-items.js';
import { RM } from '../store/keys/read-models.js';
import type { ItemUpdate } from './projection.js';

export function commonUpdates(e: HubEventRecord): ItemUpdate[] {
  return [
    {
      key: entityItemKey(e.domain, e.entityId),
      apply: (_cur, ev) => ({ entityId: ev.entityId, type: ev.type, data: ev.data, updatedAt: ev.at }),
    },
    {
      key: { PK: RM.meta(), SK: e.domain },
      apply: (cur, ev) => ({ lastUpdated: ev.at, events: ((cur?.events as number) ?? 0) + 1 }),
    },
  ];
}
