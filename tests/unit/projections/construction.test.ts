/** The construction projection on fixed events: project rows, cumulative investment per year and per month. */
import { describe, expect, it } from 'vitest';
import { projectConstruction } from '../../../functions/core/projections/construction.js';
import { event, fold, item, partition } from '../../helpers/fold-events.js';

const P1 = {
  code: 'P-1',
  name: '测试项目1',
  category: 'industrial',
  street: '410104001',
  totalInvestment: 100_000,
  plannedInvestment: 12_000,
  year: 2023,
  status: 'planned',
  responsibleUnit: '区发改委',
  plannedStart: '2023-03-01',
  projectCount: 1,
};
const registered = event('construction', 1, 'ProjectRegistered', 'P-1', P1);
const progress = (seq: number, period: string, investment: number, extra: Record<string, unknown> = {}) =>
  event('construction', seq, 'ProjectProgressReported', `P-1:${period}`, {
    project: 'P-1',
    period,
    investment,
    ...extra,
  });

describe('construction projection', () => {
  it('registers a project with no investment yet, plus its entity item and the domain marker', () => {
    const items = fold(projectConstruction, [registered]);
    expect(item(items, 'RM#PROJ', 'P-1')).toMatchObject({ ...P1, ytd: {}, lastPeriod: null, seq: 1 });
    expect(item(items, 'RM#E#construction#P-1', '#')).toMatchObject({ entityId: 'P-1', data: P1, seq: 1 });
    expect(item(items, 'RM#META', 'construction')).toMatchObject({ lastUpdated: registered.at, events: 1 });
  });

  it('sums progress reports into the year and into each month', () => {
    const items = fold(projectConstruction, [
      registered,
      progress(2, '2023-05', 4_000, { status: 'started' }),
      progress(3, '2023-06', 3_200),
    ]);
    expect(item(items, 'RM#PROJ', 'P-1')).toMatchObject({
      ytd: { '2023': 7_200 },
      lastPeriod: '2023-06',
      status: 'started',
      name: '测试项目1',
    });
    expect(partition(items, 'RM#CONS#M#2023').map((m) => [m.SK, m.month, m.investment])).toEqual([
      ['05', '2023-05', 4_000],
      ['06', '2023-06', 3_200],
    ]);
    expect(item(items, 'RM#E#construction#P-1', '2023-05')).toMatchObject({ type: 'ProjectProgressReported' });
    expect(item(items, 'RM#META', 'construction')).toMatchObject({ events: 3 });
  });

  it('a correction moves the year and the month by new − prev', () => {
    const corrected = event(
      'construction',
      4,
      'ProjectProgressCorrected',
      'P-1:2023-05',
      { project: 'P-1', period: '2023-05', investment: 3_000 },
      { project: 'P-1', period: '2023-05', investment: 4_000 },
    );
    const items = fold(projectConstruction, [
      registered,
      progress(2, '2023-05', 4_000),
      progress(3, '2023-06', 3_200),
      corrected,
    ]);
    expect(item(items, 'RM#PROJ', 'P-1')).toMatchObject({ ytd: { '2023': 6_200 } });
    expect(item(items, 'RM#CONS#M#2023', '05')?.investment).toBe(3_000);
    expect(item(items, 'RM#CONS#M#2023', '06')?.investment).toBe(3_200);
  });

  it('a late report for an earlier period adds its investment but keeps the latest period and status', () => {
    const items = fold(projectConstruction, [
      registered,
      progress(2, '2023-06', 1_000, { status: 'completed' }),
      progress(3, '2023-04', 500, { status: 'started' }),
    ]);
    expect(item(items, 'RM#PROJ', 'P-1')).toMatchObject({
      ytd: { '2023': 1_500 },
      lastPeriod: '2023-06',
      status: 'completed',
    });
  });

  it('keeps each year apart', () => {
    const items = fold(projectConstruction, [registered, progress(2, '2022-12', 900), progress(3, '2023-01', 100)]);
    expect(item(items, 'RM#PROJ', 'P-1')?.ytd).toEqual({ '2022': 900, '2023': 100 });
    expect(item(items, 'RM#CONS#M#2022', '12')?.investment).toBe(900);
    expect(item(items, 'RM#CONS#M#2023', '01')?.investment).toBe(100);
  });

  it('an updated record keeps the investment reported so far', () => {
    const updated = event('construction', 3, 'ProjectUpdated', 'P-1', { ...P1, plannedInvestment: 20_000 });
    const items = fold(projectConstruction, [registered, progress(2, '2023-05', 4_000), updated]);
    expect(item(items, 'RM#PROJ', 'P-1')).toMatchObject({
      plannedInvestment: 20_000,
      ytd: { '2023': 4_000 },
      lastPeriod: '2023-05',
    });
  });

  it('keeps targets set in its log', () => {
    const target = { domain: 'construction', year: 2023, metric: 'investment', value: 36_000 };
    const items = fold(projectConstruction, [event('construction', 1, 'TargetSet', 'target:2023:investment', target)]);
    expect(item(items, 'RM#TARGET', 'construction#2023#investment')).toMatchObject({ ...target, seq: 1 });
  });
});
