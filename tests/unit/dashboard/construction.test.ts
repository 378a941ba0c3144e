/**
 * Construction rules on fixed inputs. DOMAIN.md: green on or ahead of 序时进度,
 * yellow 10–30 points behind, red more than 30 behind or a missed start. The
 * time progress here is 50%, so 40% complete is exactly 10 behind, 20% exactly 30.
 */
import { describe, expect, it } from 'vitest';
import { constructionDashboard, missedStart } from '../../../functions/core/domain/dashboard/construction.js';
import { inputs, kpiOf, project } from './fixtures.js';

/** The domain with only the investment total mattering: a 10,000 万元 target and `invested` so far. */
const withInvested = (invested: number) =>
  constructionDashboard(inputs({}, { 'construction#investment': 10_000 }), [], [{ investment: invested }]);

describe('construction dashboard', () => {
  it('investment light at the 10- and 30-point boundaries', () => {
    expect(kpiOf(withInvested(4_001), 'investment')).toMatchObject({ completion: 40.01, light: 'green' });
    expect(kpiOf(withInvested(4_000), 'investment')).toMatchObject({ completion: 40, light: 'yellow' });
    expect(kpiOf(withInvested(2_000), 'investment')).toMatchObject({ completion: 20, light: 'yellow' });
    expect(kpiOf(withInvested(1_999), 'investment')).toMatchObject({ completion: 19.99, light: 'red' });
    expect(withInvested(1_999).light).toBe('red');
    expect(withInvested(4_001).light).toBe('green');
  });

  it('investment KPI in 亿元 against the plan and time progress', () => {
    const d = constructionDashboard(
      inputs({ timeProgress: 50.137 }, { 'construction#investment': 36_000 }),
      [],
      [{ investment: 4_000 }, { investment: 5_000 }],
    );
    expect(kpiOf(d, 'investment')).toEqual({
      metric: 'investment',
      labelZh: '重点项目完成投资',
      labelEn: 'Key project investment',
      unit: '亿元',
      actual: 0.9,
      target: 3.6,
      completion: 25,
      timeProgress: 50.14,
      hasData: true,
      light: 'yellow',
    });
  });

  it('project alerts: warning 10–30 points behind, critical beyond, none under 10', () => {
    // Each project is 25% complete; the time progress moves around the boundaries.
    const p = project({ plannedInvestment: 1_000, investmentYtd: 250 });
    const alertAt = (timeProgress: number) => constructionDashboard(inputs({ timeProgress }), [p], []).alerts;
    expect(alertAt(34.99)).toEqual([]);
    expect(alertAt(35)).toEqual([
      {
        domain: 'construction',
        severity: 'warning',
        entityId: 'P-1',
        messageZh: '项目1：投资完成25%，落后序时进度10个百分点',
        messageEn: '项目1: 25% of planned investment, 10 points behind time progress',
      },
    ]);
    expect(alertAt(55)[0].severity).toBe('warning');
    expect(alertAt(55.01)[0]).toMatchObject({
      severity: 'critical',
      messageZh: '项目1：投资完成25%，落后序时进度30.01个百分点',
    });
  });

  it('a missed start is a critical alert, not a colour: domain and street keep their figures’ light', () => {
    // On pace otherwise (50% of plan at 50% time progress): no tile says red, so neither does the domain.
    const late = project({ code: 'P-9', status: 'planned', plannedStart: '2023-07-01', investmentYtd: 500 });
    const onPace = { 'construction#investment': 10_000, 'construction#projects': 1 };
    expect(missedStart(late, '2023-07-02')).toBe(true);
    expect(missedStart(late, '2023-07-01')).toBe(false);
    expect(missedStart({ ...late, status: 'started' }, '2023-07-02')).toBe(false);
    expect(missedStart({ ...late, plannedStart: null }, '2023-07-02')).toBe(false);
    const d = constructionDashboard(inputs({}, onPace), [late], [{ investment: 5_000 }]);
    expect(d.alerts).toEqual([
      {
        domain: 'construction',
        severity: 'critical',
        entityId: 'P-9',
        messageZh: '项目1：计划2023-07-01开工，尚未开工',
        messageEn: '项目1: due to start by 2023-07-01, not started',
      },
    ]);
    expect(kpiOf(d, 'investment')?.light).toBe('green');
    expect(d.light).toBe('green');
    expect(d.ranking[0]).toMatchObject({ street: { code: '410104001' }, value: 50, light: 'green' });
    const onTheDay = constructionDashboard(inputs({ asOf: '2023-07-01' }, onPace), [late], [{ investment: 5_000 }]);
    expect(onTheDay.alerts).toEqual([]);
    expect(onTheDay.light).toBe('green');
    expect(onTheDay.ranking[0].light).toBe('green');
  });

  it('ranks streets by their projects’ investment ÷ plan; streets without projects last', () => {
    const d = constructionDashboard(
      inputs(),
      [
        project({ code: 'A', street: '410104003', plannedInvestment: 1_000, investmentYtd: 600 }),
        project({ code: 'B', street: '410104003', plannedInvestment: 1_000, investmentYtd: 0 }),
        project({ code: 'C', street: '410104001', plannedInvestment: 2_000, investmentYtd: 1_000 }),
      ],
      [],
    );
    expect(d.ranking.map((r) => [r.rank, r.street.code, r.value, r.light])).toEqual([
      [1, '410104001', 50, 'green'],
      [2, '410104003', 30, 'yellow'],
      [3, '410104002', null, 'none'],
    ]);
  });

  it('counts projects of the dashboard’s year only, aggregate rows by their count', () => {
    const d = constructionDashboard(
      inputs({}, { 'construction#projects': 5 }),
      [
        project({ code: 'A', projectCount: 3 }),
        project({ code: 'B', status: 'planned' }),
        project({ code: 'OLD', year: 2022, projectCount: 100 }),
      ],
      [],
    );
    expect(kpiOf(d, 'projects')).toMatchObject({ actual: 4, target: 5, completion: 80, light: 'yellow' });
    expect(kpiOf(d, 'startRate')).toMatchObject({ actual: 75, target: null, completion: null });
    const enough = constructionDashboard(
      inputs({}, { 'construction#projects': 4 }),
      [project({ projectCount: 4 })],
      [],
    );
    expect(kpiOf(enough, 'projects')?.light).toBe('green');
  });

  it('lists critical alerts first, then by project code', () => {
    const d = constructionDashboard(
      inputs(),
      [
        project({ code: 'Z', investmentYtd: 350 }), // 15 behind: warning
        project({ code: 'B', investmentYtd: 100 }), // 40 behind: critical
        project({ code: 'A', investmentYtd: 300 }), // 20 behind: warning
      ],
      [],
    );
    expect(d.alerts.map((a) => [a.severity, a.entityId])).toEqual([
      ['critical', 'B'],
      ['warning', 'A'],
      ['warning', 'Z'],
    ]);
  });
});
