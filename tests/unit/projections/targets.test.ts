/** Targets: the row every domain's projection keeps for a TargetSet/TargetChanged event in its log. */
import { describe, expect, it } from 'vitest';
import { PROJECTIONS } from '../../../functions/core/projections/index.js';
import { targetUpdates } from '../../../functions/core/projections/targets.js';
import { event, fold, item, partition } from '../../helpers/fold-events.js';

const set = (seq: number, type: string, value: number, year = 2023) =>
  event('sorting', seq, type, `target:${year}:recoveryRate`, {
    domain: 'sorting',
    year,
    metric: 'recoveryRate',
    value,
  });

describe('targets projection', () => {
  it('one row per domain, year and metric, keyed so one Query returns them all', () => {
    const [update] = targetUpdates(set(1, 'TargetSet', 38));
    expect(update.key).toEqual({ PK: 'RM#TARGET', SK: 'sorting#2023#recoveryRate' });
    expect(update.apply(undefined, set(1, 'TargetSet', 38))).toEqual({
      domain: 'sorting',
      year: 2023,
      metric: 'recoveryRate',
      value: 38,
      updatedAt: set(1, 'TargetSet', 38).at,
    });
  });

  it('a changed target replaces the value; another year is another row', () => {
    const items = fold(targetUpdates, [
      set(1, 'TargetSet', 38),
      set(2, 'TargetChanged', 40),
      set(3, 'TargetSet', 36, 2024),
    ]);
    expect(item(items, 'RM#TARGET', 'sorting#2023#recoveryRate')).toMatchObject({ value: 40, seq: 2 });
    expect(partition(items, 'RM#TARGET').map((t) => [t.year, t.value])).toEqual([
      [2023, 40],
      [2024, 36],
    ]);
  });

  it('every report domain’s projection keeps its targets; the reference log has none', () => {
    for (const domain of ['construction', 'sorting', 'housing'] as const) {
      const e = event(domain, 1, 'TargetSet', 'target:2023:m', { domain, year: 2023, metric: 'm', value: 1 });
      expect(PROJECTIONS[domain](e).map((u) => u.key.PK)).toContain('RM#TARGET');
    }
    const e = event('reference', 1, 'TargetSet', 'target:2023:m', { domain: 'x', year: 2023, metric: 'm', value: 1 });
    expect(PROJECTIONS.reference(e).map((u) => u.key.PK)).not.toContain('RM#TARGET');
  });
});
