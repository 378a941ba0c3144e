/**
 * Construction read models: the project list (record + cumulative investment
 * per year) and investment per month of each year. Progress reports carry the
 * investment completed in their period; a correction moves sums by new − prev.
 */
import type { HubEventRecord } from '../../../schema/model.js';
import { RM } from '../store/keys/read-models.js';
import { commonUpdates } from './common.js';
import { type ItemUpdate, num, str } from './projection.js';
import { targetUpdates } from './targets.js';

export function projectConstruction(e: HubEventRecord): ItemUpdate[] {
  switch (e.type) {
    case 'TargetSet':
    case 'TargetChanged':
      return [...commonUpdates(e), ...targetUpdates(e)];
    case 'ProjectRegistered':
    case 'ProjectUpdated':
      return [
        ...commonUpdates(e),
        {
          key: { PK: RM.projects(), SK: e.data.code as string },
          apply: (c, ev) => ({
            ...ev.data,
            ytd: (c?.ytd as Record<string, number>) ?? {},
            lastPeriod: c?.lastPeriod ?? null,
            updatedAt: ev.at,
          }),
        },
      ];
    case 'ProjectProgressReported':
    case 'ProjectProgressCorrected': {
      const code = e.data.project as string;
      const period = e.data.period as string;
      const [year, mm] = period.split('-');
      const delta = num(e.data.investment) - (e.prev ? num(e.prev.investment) : 0);
      return [
        ...commonUpdates(e),
        {
          key: { PK: RM.projects(), SK: code },
          apply: (c, ev) => {
            const ytd = { ...((c?.ytd as Record<string, number>) ?? {}) };
            ytd[year] = num(ytd[year]) + delta;
            const later = (str(c?.lastPeriod) ?? '') > period;
            return {
              ...c,
              code,
              ytd,
              lastPeriod: later ? c?.lastPeriod : period,
              ...(ev.data.status && !later ? { status: ev.data.status } : {}),
              updatedAt: ev.at,
            };
          },
        },
        {
          key: { PK: RM.investmentMonth(year), SK: mm },
          apply: (c, ev) => ({ month: period, investment: num(c?.investment) + delta, updatedAt: ev.at }),
        },
      ];
    }
    default:
      return commonUpdates(e);
  }
}
