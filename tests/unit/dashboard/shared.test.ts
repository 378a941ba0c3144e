/** The dashboard's shared pieces on fixed inputs: KPI rounding, ranking, alert order, staleness, period and targets. */
import { describe, expect, it } from 'vitest';
import { sortAlerts } from '../../../functions/core/domain/dashboard/alerts.js';
import { freshness } from '../../../functions/core/domain/dashboard/freshness.js';
import {
  DEFAULT_TARGETS,
  dashboardPeriod,
  previousMonth,
  targetLookup,
} from '../../../functions/core/domain/dashboard/inputs.js';
import { kpi, pct } from '../../../functions/core/domain/dashboard/kpi.js';
import { rankStreets } from '../../../functions/core/domain/dashboard/ranking.js';
import type { Alert } from '../../../schema/model.js';
import { STREETS } from './fixtures.js';

const tile = { metric: 'm', labelZh: '指标', labelEn: 'Metric', unit: '%', light: 'green' } as const;

describe('KPI figures', () => {
  it('rounds to 2 decimals and derives completion from actual ÷ target', () => {
    expect(kpi({ ...tile, actual: 1 / 3, target: 2 / 3, timeProgress: 50.137 })).toEqual({
      ...tile,
      actual: 0.33,
      target: 0.67,
      completion: 50,
      timeProgress: 50.14,
      hasData: true,
    });
  });

  it('no target, no completion; an explicit completion wins', () => {
    expect(kpi({ ...tile, actual: 5, target: null, timeProgress: null }).completion).toBeNull();
    expect(kpi({ ...tile, actual: 5, target: 0, timeProgress: null }).completion).toBeNull();
    expect(kpi({ ...tile, actual: 5, target: 10, completion: 12.5, timeProgress: null }).completion).toBe(12.5);
    expect(pct(1, 0)).toBeNull();
    expect(pct(2, 3)).toBe(66.67);
  });
});

describe('street ranking', () => {
  it('highest first, ties by street code, streets without a value last, values rounded', () => {
    const values: Record<string, number | null> = { '410104001': 10, '410104002': null, '410104003': 10.004 };
    const ranked = rankStreets([...STREETS].reverse(), (s) => ({ value: values[s.code], light: 'green' }));
    expect(ranked.map((r) => [r.rank, r.street.code, r.value])).toEqual([
      [1, '410104003', 10],
      [2, '410104001', 10],
      [3, '410104002', null],
    ]);
  });
});

describe('alert order', () => {
  it('critical first, then by entity id', () => {
    const a = (severity: Alert['severity'], entityId: string): Alert => ({
      domain: 'sorting',
      severity,
      entityId,
      messageZh: '',
      messageEn: '',
    });
    expect(sortAlerts([a('warning', 'A'), a('critical', 'C'), a('warning', 'B'), a('critical', 'B')])).toEqual([
      a('critical', 'B'),
      a('critical', 'C'),
      a('warning', 'A'),
      a('warning', 'B'),
    ]);
  });
});

describe('staleness', () => {
  const now = new Date('2023-07-03T00:00:00Z');
  it('stale after the domain’s reporting cycle: sorting 2 days, housing 14, construction 40', () => {
    const at = (ms: number) => ({ lastUpdated: new Date(now.getTime() - ms).toISOString(), seq: 7 });
    const DAY = 86_400_000;
    expect(freshness('sorting', at(2 * DAY), now)).toEqual({
      seq: 7,
      lastUpdated: at(2 * DAY).lastUpdated,
      stale: false,
    });
    expect(freshness('sorting', at(2 * DAY + 1), now).stale).toBe(true);
    expect(freshness('housing', at(14 * DAY), now).stale).toBe(false);
    expect(freshness('housing', at(14 * DAY + 1), now).stale).toBe(true);
    expect(freshness('construction', at(40 * DAY), now).stale).toBe(false);
    expect(freshness('construction', at(40 * DAY + 1), now).stale).toBe(true);
  });

  it('a domain that never reported is stale at seq 0', () => {
    expect(freshness('sorting', undefined, now)).toEqual({ seq: 0, lastUpdated: null, stale: true });
  });
});

describe('period and targets', () => {
  const now = new Date('2023-07-02T04:00:00Z');
  it('asOf defaults to today, or to 31 December of a past year', () => {
    expect(dashboardPeriod({}, now)).toEqual({ year: 2023, asOf: '2023-07-02', month: '2023-07' });
    expect(dashboardPeriod({ year: 2022 }, now)).toEqual({ year: 2022, asOf: '2022-12-31', month: '2022-12' });
    expect(dashboardPeriod({ year: 2024 }, now)).toEqual({ year: 2024, asOf: '2023-07-02', month: '2023-07' });
    expect(dashboardPeriod({ asOf: '2022-03-15' }, now)).toEqual({ year: 2022, asOf: '2022-03-15', month: '2022-03' });
  });

  it("today is the district's day: at 16:30 UTC on 31 December the new year has begun in Zhengzhou", () => {
    const newYear = new Date('2023-12-31T16:30:00Z');
    expect(dashboardPeriod({}, newYear)).toEqual({ year: 2024, asOf: '2024-01-01', month: '2024-01' });
  });

  it('the previous month crosses the year', () => {
    expect(previousMonth('2023-07')).toBe('2023-06');
    expect(previousMonth('2023-01')).toBe('2022-12');
  });

  it('the year’s target, else the seed’s default', () => {
    const target = targetLookup(
      [
        { domain: 'sorting', year: 2023, metric: 'coverageRate', value: 99 },
        { domain: 'sorting', year: 2022, metric: 'recoveryRate', value: 30 },
      ],
      2023,
    );
    expect(target('sorting', 'coverageRate')).toBe(99);
    expect(target('sorting', 'recoveryRate')).toBe(DEFAULT_TARGETS['sorting#recoveryRate']);
    expect(target('construction', 'investment')).toBe(7_930_000);
  });
});
