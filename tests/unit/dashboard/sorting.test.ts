/**
 * Sorting rules on fixed inputs. DOMAIN.md: coverage ≥ 98%, recovery ≥ 38%;
 * alert when a street falls below target (critical more than 2 points below).
 * The KPI lights: coverage red more than 1 point below target, recovery more than 2.
 */
import { describe, expect, it } from 'vitest';
import { sortingDashboard } from '../../../functions/core/domain/dashboard/sorting.js';
import { inputs, kpiOf, sortingMonth } from './fixtures.js';

const S1 = '410104001';
const S2 = '410104002';
const S3 = '410104003';

/** One street reporting the month: its rates are also the district averages. */
const oneStreet = (coverage: number, recovery: number) =>
  sortingDashboard(inputs(), [sortingMonth(S1, coverage, recovery)]);
const severities = (coverage: number, recovery: number) => oneStreet(coverage, recovery).alerts.map((a) => a.severity);

describe('sorting dashboard', () => {
  it('a street alert on each side of the coverage target and of the critical line 2 points below', () => {
    expect(severities(98, 38)).toEqual([]);
    expect(severities(97.99, 38)).toEqual(['warning']);
    expect(severities(96, 38)).toEqual(['warning']);
    expect(severities(95.99, 38)).toEqual(['critical']);
  });

  it('a street alert on each side of the recovery target and of the critical line', () => {
    expect(severities(98, 37.99)).toEqual(['warning']);
    expect(severities(98, 36)).toEqual(['warning']);
    expect(severities(98, 35.99)).toEqual(['critical']);
    expect(severities(95, 30)).toEqual(['critical', 'critical']);
  });

  it('says which street, month, rate and target', () => {
    expect(oneStreet(97.5, 38).alerts).toEqual([
      {
        domain: 'sorting',
        severity: 'warning',
        entityId: S1,
        messageZh: '北下街街道2023-07分类覆盖率97.5%，低于目标98%',
        messageEn: 'Beixiajie: coverage rate 97.5% in 2023-07, below the 98% target',
      },
    ]);
  });

  it('coverage KPI light: green at target, yellow within 1 point, red beyond', () => {
    expect(kpiOf(oneStreet(98, 40), 'coverageRate')).toMatchObject({ actual: 98, target: 98, light: 'green' });
    expect(kpiOf(oneStreet(97, 40), 'coverageRate')?.light).toBe('yellow');
    expect(kpiOf(oneStreet(96.99, 40), 'coverageRate')?.light).toBe('red');
  });

  it('recovery KPI light: green at target, yellow within 2 points, red beyond', () => {
    expect(kpiOf(oneStreet(99, 38), 'recoveryRate')).toMatchObject({ actual: 38, target: 38, light: 'green' });
    expect(kpiOf(oneStreet(99, 36), 'recoveryRate')?.light).toBe('yellow');
    expect(kpiOf(oneStreet(99, 35.99), 'recoveryRate')?.light).toBe('red');
    expect(oneStreet(99, 35.99).light).toBe('red');
  });

  it('averages the streets that reported; a street with no days does not count', () => {
    const d = sortingDashboard(inputs(), [
      sortingMonth(S1, 99, 40),
      sortingMonth(S2, 96, 37),
      sortingMonth(S3, 0, 0, 0),
    ]);
    expect(kpiOf(d, 'coverageRate')).toMatchObject({ actual: 97.5, completion: 99.49, light: 'yellow' });
    expect(kpiOf(d, 'recoveryRate')).toMatchObject({ actual: 38.5, light: 'green' });
    expect(d.alerts.map((a) => a.entityId)).toEqual([S2, S2]);
  });

  it('a street far below target is a critical alert; the domain keeps its tiles’ green', () => {
    const d = sortingDashboard(inputs(), [
      sortingMonth(S1, 99, 45),
      sortingMonth(S2, 99, 45),
      sortingMonth(S3, 99, 35.99),
    ]);
    expect(kpiOf(d, 'recoveryRate')?.light).toBe('green');
    expect(d.alerts).toMatchObject([{ severity: 'critical', entityId: S3 }]);
    expect(d.light).toBe('green');
    expect(d.lightReason.metric).toBeNull();
  });

  it('ranks streets by recovery rate, lit by that rate against its target; silent streets last, grey', () => {
    const d = sortingDashboard(inputs(), [
      sortingMonth(S2, 97.5, 39), // coverage within 1 point: yellow
      sortingMonth(S1, 99, 35.5), // recovery more than 2 points below: red
      sortingMonth(S3, 96.9, 40), // coverage more than 1 point below: red
    ]);
    expect(d.ranking.map((r) => [r.rank, r.street.code, r.value, r.light])).toEqual([
      [1, S3, 40, 'green'],
      [2, S2, 39, 'green'],
      [3, S1, 35.5, 'red'],
    ]);
    const partial = sortingDashboard(inputs(), [sortingMonth(S2, 99, 38)]);
    expect(partial.ranking.map((r) => [r.street.code, r.value, r.light])).toEqual([
      [S2, 38, 'green'],
      [S1, null, 'none'],
      [S3, null, 'none'],
    ]);
  });

  it('with no reports: no data, grey lights (never green), no alerts', () => {
    const d = sortingDashboard(inputs(), []);
    expect(kpiOf(d, 'coverageRate')).toMatchObject({ hasData: false, completion: null, light: 'none' });
    expect(d.alerts).toEqual([]);
    expect(d.light).toBe('none');
    expect(d.ranking.every((r) => r.value === null)).toBe(true);
  });

  it('uses the year’s targets when set', () => {
    const d = sortingDashboard(inputs({}, { 'sorting#recoveryRate': 40 }), [sortingMonth(S1, 99, 39)]);
    expect(kpiOf(d, 'recoveryRate')).toMatchObject({ target: 40, completion: 97.5, light: 'yellow' });
    expect(d.alerts[0].messageEn).toContain('below the 40% target');
  });
});
