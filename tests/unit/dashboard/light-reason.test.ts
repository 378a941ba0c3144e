/**
 * The one colour rule (README): a tile's light comes from its figure against
 * its target (and 序时进度); nothing reported or no target is `none`, never
 * green; a domain takes the worst of its tiles and names the tile that sets it,
 * so it can never be red over green tiles.
 */
import { describe, expect, it } from 'vitest';
import { constructionDashboard } from '../../../functions/core/domain/dashboard/construction.js';
import { housingDashboard } from '../../../functions/core/domain/dashboard/housing.js';
import { kpi } from '../../../functions/core/domain/dashboard/kpi.js';
import { domainLight } from '../../../functions/core/domain/dashboard/light-reason.js';
import { sortingDashboard } from '../../../functions/core/domain/dashboard/sorting.js';
import type { Kpi, TrafficLight } from '../../../schema/model.js';
import { housingProject, inputs, project, sortingMonth } from './fixtures.js';

const tile = (metric: string, light: TrafficLight, over: Partial<Kpi> = {}): Kpi =>
  kpi({
    metric,
    labelZh: `指标${metric}`,
    labelEn: `Metric ${metric}`,
    unit: '%',
    actual: 90,
    target: 100,
    timeProgress: null,
    light,
    ...over,
  });

describe('a tile’s light', () => {
  it('is none while nothing was reported, whatever the rule would say, and has no completion', () => {
    expect(tile('a', 'red', { hasData: false })).toMatchObject({ light: 'none', completion: null, hasData: false });
  });

  it('is none for a figure without a target: there is nothing to colour it against', () => {
    expect(tile('a', 'green', { target: null }).light).toBe('none');
  });
});

describe('a domain’s light', () => {
  it('is the worst of its tiles and names the first tile with that light', () => {
    const r = domainLight([tile('a', 'green'), tile('b', 'yellow'), tile('c', 'yellow', { actual: 80 })]);
    expect(r).toEqual({
      light: 'yellow',
      lightReason: { metric: 'b', zh: '指标b90%，低于目标100%', en: 'Metric b 90%, below the 100% target' },
    });
  });

  it('says how far behind time progress a tile measured against it is', () => {
    const behind = tile('inv', 'red', { unit: '亿元', actual: 2, target: 10, timeProgress: 60 });
    expect(domainLight([behind]).lightReason).toEqual({
      metric: 'inv',
      zh: '指标inv完成20%，落后序时进度40个百分点',
      en: 'Metric inv 20%, 40 pts behind time progress',
    });
  });

  it('ignores tiles without a light; all green is green with no tile named; nothing at all is none', () => {
    expect(domainLight([tile('a', 'green'), tile('b', 'red', { target: null })])).toMatchObject({
      light: 'green',
      lightReason: { metric: null, en: 'every figure on target or time progress' },
    });
    expect(domainLight([tile('a', 'green', { hasData: false })])).toMatchObject({
      light: 'none',
      lightReason: { metric: null, zh: '尚无上报数据' },
    });
  });

  it('is never worse than its worst tile in any domain, alerts or not (the 红-over-绿 case)', () => {
    const domains = [
      // A missed start (critical alert) while investment is on pace.
      constructionDashboard(
        inputs({}, { 'construction#investment': 2_000, 'construction#projects': 1 }),
        [project({ status: 'planned', plannedStart: '2023-01-01' })],
        [{ investment: 1_000 }],
      ),
      // A street far below target while the averages are green.
      sortingDashboard(inputs(), [sortingMonth('410104001', 99, 45), sortingMonth('410104002', 99, 35)]),
      // A late project while the district is on pace.
      housingDashboard(inputs({ asOf: '2023-07-02' }), [
        housingProject({ code: 'A', deliveredUnits: 900 }),
        housingProject({ code: 'B', deliveryDeadline: '2023-06-30', deliveredUnits: 100 }),
      ]),
    ];
    for (const d of domains) {
      expect(d.alerts.some((a) => a.severity === 'critical')).toBe(true);
      const rank = { none: 0, green: 1, yellow: 2, red: 3 } as const;
      const worstTile = Math.max(...d.kpis.map((k) => rank[k.light]));
      expect(rank[d.light]).toBe(worstTile);
    }
  });
});
