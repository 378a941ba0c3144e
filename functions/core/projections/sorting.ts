/**
 * Sorting read models: monthly sums per street (a correction moves the sums
 * by new − prev, taken from the event) and each street's latest day. A day's
 * rates are the entity items themselves (RM#E#sorting#<street> / <date>).
 */
import type { HubEventRecord } from '../../../schema/model.js';
import { RM } from '../store/keys/read-models.js';
import { commonUpdates } from './common.js';
import { type ItemUpdate, num, str } from './projection.js';
import { targetUpdates } from './targets.js';

export function projectSorting(e: HubEventRecord): ItemUpdate[] {
  if (e.type === 'TargetSet' || e.type === 'TargetChanged') return [...commonUpdates(e), ...targetUpdates(e)];
  if (e.type !== 'SortingRateReported' && e.type !== 'SortingRateCorrected') return commonUpdates(e);
  const street = e.data.street as string;
  const date = e.data.date as string;
  const month = date.slice(0, 7);
  const cov = num(e.data.coverageRate);
  const rec = num(e.data.recoveryRate);
  return [
    ...commonUpdates(e),
    {
      key: { PK: RM.sortingMonth(month), SK: street },
      apply: (c, ev) => ({
        street,
        month,
        sumCoverage: num(c?.sumCoverage) + cov - (ev.prev ? num(ev.prev.coverageRate) : 0),
        sumRecovery: num(c?.sumRecovery) + rec - (ev.prev ? num(ev.prev.recoveryRate) : 0),
        days: num(c?.days) + (ev.prev ? 0 : 1),
        updatedAt: ev.at,
      }),
    },
    {
      key: { PK: RM.sortingLatest(), SK: street },
      apply: (c, ev) =>
        c && (str(c.date) ?? '') > date ? c : { street, date, coverageRate: cov, recoveryRate: rec, updatedAt: ev.at },
    },
  ];
}
