/** Targets live in their domain's log; each domain's projection keeps them. */
import type { HubEventRecord } from '../../../schema/model.js';
import { RM, targetSk } from '../store/keys/read-models.js';
import type { ItemUpdate } from './projection.js';

export function targetUpdates(e: HubEventRecord): ItemUpdate[] {
  const { domain, year, metric, value } = e.data as { domain: string; year: number; metric: string; value: number };
  return [
    {
      key: { PK: RM.targets(), SK: targetSk(domain, year, metric) },
      apply: (_c, ev) => ({ domain, year, metric, value, updatedAt: ev.at }),
    },
  ];
}
