/**
 * Housing read models: the project list with its latest delivered count and
 * status. A report for an earlier date than the latest (a late correction)
 * changes history but not the current figures.
 */
import type { HubEventRecord } from '../../../schema/model.js';
import { RM } from '../store/keys/read-models.js';
import { commonUpdates } from './common.js';
import { type ItemUpdate, str } from './projection.js';
import { targetUpdates } from './targets.js';

export function projectHousing(e: HubEventRecord): ItemUpdate[] {
  switch (e.type) {
    case 'TargetSet':
    case 'TargetChanged':
      return [...commonUpdates(e), ...targetUpdates(e)];
    case 'HousingProjectRegistered':
    case 'HousingProjectUpdated':
      return [
        ...commonUpdates(e),
        {
          key: { PK: RM.housingProjects(), SK: e.data.code as string },
          apply: (c, ev) => ({
            ...ev.data,
            // The record's status is the registered one until a report says otherwise.
            status: c?.lastReportDate && c.status ? c.status : ev.data.status,
            deliveredUnits: c?.deliveredUnits ?? 0,
            lastReportDate: c?.lastReportDate ?? null,
            updatedAt: ev.at,
          }),
        },
      ];
    case 'HousingDeliveryReported':
    case 'HousingDeliveryCorrected': {
      const code = e.data.project as string;
      const date = e.data.date as string;
      return [
        ...commonUpdates(e),
        {
          key: { PK: RM.housingProjects(), SK: code },
          apply: (c, ev) => {
            if ((str(c?.lastReportDate) ?? '') > date) return { ...c, code };
            return {
              ...c,
              code,
              deliveredUnits: ev.data.deliveredUnits,
              ...(ev.data.status ? { status: ev.data.status } : {}),
              lastReportDate: date,
              updatedAt: ev.at,
            };
          },
        },
      ];
    }
    default:
      return commonUpdates(e);
  }
}
