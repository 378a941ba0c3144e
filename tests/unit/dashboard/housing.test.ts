/**
 * Housing rules on fixed inputs. DOMAIN.md: alert when a project is still
 * stalled after its resumption deadline or behind the pace needed to deliver
 * by its deadline. Pace uses the gap rule (yellow 10–30 points behind, red
 * beyond). A deadline of 2023-04-10 makes the period 100 days, so on
 * 2023-03-01 (day 60) the expected share is exactly 60%.
 */
import { describe, expect, it } from 'vitest';
import {
  deliveryPace,
  housingDashboard,
  stalledPastDeadline,
} from '../../../functions/core/domain/dashboard/housing.js';
import { housingProject, inputs, kpiOf } from './fixtures.js';

const PACED = { deliveryDeadline: '2023-04-10', totalUnits: 1_000 };
const onDay60 = (deliveredUnits: number) =>
  housingDashboard(inputs({ asOf: '2023-03-01' }), [housingProject({ ...PACED, deliveredUnits })]);

describe('housing dashboard', () => {
  it('the pace to the deadline', () => {
    expect(deliveryPace(housingProject({ ...PACED, deliveredUnits: 250 }), '2023-03-01')).toEqual({
      expected: 60,
      actual: 25,
    });
  });

  it('pace alerts on each side of 10 and 30 points behind', () => {
    expect(onDay60(501).alerts).toEqual([]);
    expect(onDay60(500).alerts).toEqual([
      {
        domain: 'housing',
        severity: 'warning',
        entityId: 'H-1',
        messageZh: '楼盘1：交付50%，落后进度10个百分点',
        messageEn: '楼盘1: 50% delivered, 10 points behind the pace to 2023-04-10',
      },
    ]);
    expect(onDay60(300).alerts.map((a) => a.severity)).toEqual(['warning']);
    expect(onDay60(299).alerts.map((a) => a.severity)).toEqual(['critical']);
    // The domain takes its tiles' light: 299 of 1,000 due units is 20.1 points behind the 50% time progress.
    expect(onDay60(299).light).toBe('yellow');
    expect(onDay60(299).lightReason.metric).toBe('deliveredUnits');
  });

  it('stalled after the resumption deadline is critical; on the deadline day it is not', () => {
    const stalled = housingProject({ status: 'stalled', resumeDeadline: '2023-06-30', deliveredUnits: 500 });
    expect(stalledPastDeadline(stalled, '2023-07-01')).toBe(true);
    expect(stalledPastDeadline(stalled, '2023-06-30')).toBe(false);
    expect(stalledPastDeadline({ ...stalled, status: 'resumed' }, '2023-07-01')).toBe(false);
    expect(stalledPastDeadline({ ...stalled, resumeDeadline: null }, '2023-07-01')).toBe(false);
    const after = housingDashboard(inputs({ asOf: '2023-07-01' }), [stalled]);
    expect(after.alerts).toEqual([
      {
        domain: 'housing',
        severity: 'critical',
        entityId: 'H-1',
        messageZh: '楼盘1：已过复工期限2023-06-30，仍处于停工状态',
        messageEn: '楼盘1: still stalled after the 2023-06-30 resumption deadline',
      },
    ]);
    // The street's bar is lit by its 50% delivered at 50% time progress; the domain is red by its resumption tile.
    expect(after.ranking[0]).toMatchObject({ street: { code: '410104001' }, value: 50, light: 'green' });
    expect(after.light).toBe('red');
    expect(after.lightReason).toEqual({
      metric: 'resumptionRate',
      zh: '停工项目复工率0%，低于目标100%',
      en: 'Stalled projects resumed 0%, below the 100% target',
    });
    // On the day, 50% delivered at 50% of the year is on pace: nothing to say.
    const onTheDay = housingDashboard(inputs({ asOf: '2023-06-30' }), [stalled]);
    expect(onTheDay.alerts).toEqual([]);
    expect(onTheDay.ranking[0].light).toBe('green');
  });

  it('past the delivery deadline with units left is critical; fully delivered is not', () => {
    const due = { deliveryDeadline: '2023-06-30', totalUnits: 1_000 };
    const left = housingDashboard(inputs({ asOf: '2023-07-01' }), [housingProject({ ...due, deliveredUnits: 999 })]);
    expect(left.alerts).toMatchObject([
      { severity: 'critical', messageEn: '楼盘1: past the 2023-06-30 delivery deadline with 99.9% delivered' },
    ]);
    const all = housingProject({ ...due, deliveredUnits: 1_000 });
    expect(housingDashboard(inputs({ asOf: '2023-07-01' }), [all]).alerts).toEqual([]);
    const delivered = housingProject({ ...due, deliveredUnits: 0, status: 'delivered' });
    expect(housingDashboard(inputs({ asOf: '2023-07-01' }), [delivered]).alerts).toEqual([]);
  });

  it('units-delivered KPI against the units due this year, lit by the gap to time progress (50%)', () => {
    const kpiFor = (deliveredUnits: number) =>
      kpiOf(
        housingDashboard(inputs(), [
          housingProject({ code: 'A', totalUnits: 1_000, deliveredUnits }),
          housingProject({ code: 'NEXT', totalUnits: 5_000, deliveredUnits: 0, deliveryDeadline: '2024-06-30' }),
        ]),
        'deliveredUnits',
      );
    expect(kpiFor(401)).toMatchObject({
      actual: 401,
      target: 1_000,
      completion: 40.1,
      timeProgress: 50,
      light: 'green',
    });
    expect(kpiFor(400)?.light).toBe('yellow');
    expect(kpiFor(200)?.light).toBe('yellow');
    expect(kpiFor(199)?.light).toBe('red');
  });

  it('a delivery-rate target below 100% lowers the units due', () => {
    const d = housingDashboard(inputs({}, { 'housing#deliveryRate': 80 }), [housingProject({ deliveredUnits: 400 })]);
    expect(kpiOf(d, 'deliveredUnits')).toMatchObject({ target: 800, completion: 50, light: 'green' });
  });

  it('resumption-rate KPI: green at 100%, yellow down to 90%, red below', () => {
    const withStalled = (stalled: number, of: number) =>
      kpiOf(
        housingDashboard(
          inputs(),
          Array.from({ length: of }, (_, i) =>
            housingProject({ code: `H-${i}`, status: i < stalled ? 'stalled' : 'resumed', deliveredUnits: 500 }),
          ),
        ),
        'resumptionRate',
      );
    expect(withStalled(0, 10)).toMatchObject({ actual: 100, target: 100, light: 'green' });
    expect(withStalled(1, 10)).toMatchObject({ actual: 90, light: 'yellow' });
    expect(withStalled(1, 9)).toMatchObject({ actual: 88.89, light: 'red' });
    // No projects: nothing to judge, grey, never green.
    expect(kpiOf(housingDashboard(inputs(), []), 'resumptionRate')).toMatchObject({ hasData: false, light: 'none' });
  });

  it('ranks streets by share delivered, lit by that share against time progress (50%)', () => {
    const d = housingDashboard(inputs({ asOf: '2023-03-01' }), [
      housingProject({ code: 'A', street: '410104002', ...PACED, deliveredUnits: 700 }),
      housingProject({ code: 'B', street: '410104002', ...PACED, deliveredUnits: 100 }),
      housingProject({ code: 'C', street: '410104003', ...PACED, deliveredUnits: 650 }),
    ]);
    expect(d.ranking.map((r) => [r.rank, r.street.code, r.value, r.light])).toEqual([
      [1, '410104003', 65, 'green'],
      [2, '410104002', 40, 'yellow'],
      [3, '410104001', null, 'none'],
    ]);
    expect(kpiOf(d, 'projects')).toMatchObject({ actual: 3, target: null });
  });
});
