/** The sorting projection on fixed events: monthly sums per street and each street's latest day. */
import { describe, expect, it } from 'vitest';
import { projectSorting } from '../../../functions/core/projections/sorting.js';
import { event, fold, item, partition } from '../../helpers/fold-events.js';

const S1 = '410104001';
const report = (seq: number, street: string, date: string, coverageRate: number, recoveryRate: number) =>
  event('sorting', seq, 'SortingRateReported', `${street}:${date}`, { street, date, coverageRate, recoveryRate });

describe('sorting projection', () => {
  it('sums a street’s days into its month and counts them', () => {
    const items = fold(projectSorting, [report(1, S1, '2023-07-01', 99, 40), report(2, S1, '2023-07-02', 97, 36)]);
    expect(item(items, 'RM#SORT#M#2023-07', S1)).toMatchObject({
      street: S1,
      month: '2023-07',
      sumCoverage: 196,
      sumRecovery: 76,
      days: 2,
    });
    expect(item(items, 'RM#E#sorting#410104001', '2023-07-02')).toMatchObject({
      data: { street: S1, date: '2023-07-02', coverageRate: 97, recoveryRate: 36 },
    });
    expect(item(items, 'RM#META', 'sorting')).toMatchObject({ events: 2 });
  });

  it('a correction replaces the day’s rates in the sums without counting the day again', () => {
    const corrected = event(
      'sorting',
      3,
      'SortingRateCorrected',
      `${S1}:2023-07-01`,
      { street: S1, date: '2023-07-01', coverageRate: 98.5, recoveryRate: 39 },
      { street: S1, date: '2023-07-01', coverageRate: 90, recoveryRate: 30 },
    );
    const items = fold(projectSorting, [
      report(1, S1, '2023-07-01', 90, 30),
      report(2, S1, '2023-07-02', 99, 40),
      corrected,
    ]);
    expect(item(items, 'RM#SORT#M#2023-07', S1)).toMatchObject({ sumCoverage: 197.5, sumRecovery: 79, days: 2 });
  });

  it('keeps months and streets apart', () => {
    const items = fold(projectSorting, [
      report(1, S1, '2023-06-30', 96, 35),
      report(2, S1, '2023-07-01', 99, 40),
      report(3, '410104002', '2023-07-01', 95, 37.5),
    ]);
    expect(partition(items, 'RM#SORT#M#2023-06').map((m) => [m.SK, m.days])).toEqual([[S1, 1]]);
    expect(partition(items, 'RM#SORT#M#2023-07').map((m) => [m.SK, m.sumRecovery])).toEqual([
      [S1, 40],
      ['410104002', 37.5],
    ]);
  });

  it('the latest day is the street’s latest date, not its latest report', () => {
    const items = fold(projectSorting, [report(1, S1, '2023-07-02', 99, 40), report(2, S1, '2023-07-01', 90, 30)]);
    expect(item(items, 'RM#SORT#LAST', S1)).toMatchObject({ date: '2023-07-02', coverageRate: 99, recoveryRate: 40 });
    const later = fold(projectSorting, [report(3, S1, '2023-07-03', 98, 38)], items);
    expect(item(later, 'RM#SORT#LAST', S1)).toMatchObject({ date: '2023-07-03', coverageRate: 98, seq: 3 });
  });

  it('keeps targets set in its log', () => {
    const target = { domain: 'sorting', year: 2023, metric: 'coverageRate', value: 98 };
    const items = fold(projectSorting, [event('sorting', 1, 'TargetSet', 'target:2023:coverageRate', target)]);
    expect(item(items, 'RM#TARGET', 'sorting#2023#coverageRate')).toMatchObject(target);
  });
});
