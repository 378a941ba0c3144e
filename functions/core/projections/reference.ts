/** Reference read models: the streets. */
import type { HubEventRecord } from '../../../schema/model.js';
import { RM } from '../store/keys/read-models.js';
import { commonUpdates } from './common.js';
import type { ItemUpdate } from './projection.js';

export function projectReference(e: HubEventRecord): ItemUpdate[] {
  if (e.type !== 'StreetRegistered' && e.type !== 'StreetUpdated') return commonUpdates(e);
  return [
    ...commonUpdates(e),
    { key: { PK: RM.streets(), SK: e.data.code as string }, apply: (_c, ev) => ({ ...ev.data, updatedAt: ev.at }) },
  ];
}
