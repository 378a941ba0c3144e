/**
 * The dashboard against hand-computed figures, with a fixed clock: actual vs
 * target, completion, 序时进度, traffic lights, street ranking and alerts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, dept, startTestHub, type TestHub } from '../helpers/test-hub.js';

// biome-ignore lint/suspicious/noExplicitAny: the test reads a deep GraphQL response by path
type Dash = Record<string, any>;

const NOW = new Date('2023-07-02T04:00:00Z'); // day 183 of 365: time progress 50.14%

describe('dashboard', () => {
  let hub: TestHub;
  let screen: string;
  beforeAll(async () => {
    hub = await startTestHub({ withReference: false, now: () => NOW });
    const { reference, reports } = hub.runtime.hub.services;
    const { registerReference } = await import('../helpers/test-hub.js');
    await registerReference(hub, 2023);
    await reference.setTarget(ADMIN, { domain: 'construction', year: 2023, metric: 'investment', value: 36_000 });
    await reference.setTarget(ADMIN, { domain: 'sorting', year: 2023, metric: 'coverageRate', value: 98 });
    await reference.setTarget(ADMIN, { domain: 'sorting', year: 2023, metric: 'recoveryRate', value: 38 });
    // P-1 on pace (60% of its 12,000 plan), P-2 35 points behind (15%), P-3 not reported.
    await reports.reportProjectProgress(dept('construction'), { project: 'P-1', period: '2023-05', investment: 4_000 });
    await reports.reportProjectProgress(dept('construction'), { project: 'P-1', period: '2023-06', investment: 3_200 });
    await reports.reportProjectProgress(dept('construction'), { project: 'P-2', period: '2023-06', investment: 1_800 });
    // Sorting: street 1 fine, street 2 below both targets, street 3 corrected from bad to good.
    await reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: '2023-07-01',
      coverageRate: 99,
      recoveryRate: 40,
    });
    await reports.reportSortingRate(dept('sorting'), {
      street: '410104002',
      date: '2023-07-01',
      coverageRate: 95,
      recoveryRate: 37.5,
    });
    await reports.reportSortingRate(dept('sorting'), {
      street: '410104003',
      date: '2023-07-01',
      coverageRate: 90,
      recoveryRate: 30,
    });
    await reports.reportSortingRate(dept('sorting'), {
      street: '410104003',
      date: '2023-07-01',
      coverageRate: 98.5,
      recoveryRate: 39,
    });
    // Housing: H-1 delivered 250 of 500 (pace 50% → green), H-2 stalled past 06-30 → critical.
    await reports.reportHousingDelivery(dept('housing'), {
      project: 'H-1',
      date: '2023-07-01',
      deliveredUnits: 250,
      status: 'delivering',
    });
    await reference.upsertHousingProject(ADMIN, {
      code: 'H-2',
      name: '测试楼盘2',
      street: '410104005',
      kind: 'commercial',
      totalUnits: 500,
      status: 'stalled',
      resumeDeadline: '2023-06-30',
      deliveryDeadline: '2023-12-31',
    });
    screen = await hub.token('screen');
  });
  afterAll(() => hub.close());

  const query = `{ dashboard { year asOf timeProgress
    construction { light kpis { metric actual target completion timeProgress light } ranking { rank street { code } value light } alerts { severity entityId messageZh messageEn } }
    sorting { light stale kpis { metric actual target completion light } ranking { rank street { code } value light } alerts { severity entityId } }
    housing { light kpis { metric actual target completion light } alerts { severity entityId messageEn } } } }`;

  it('computes construction KPIs, lights and alerts', async () => {
    const res = await hub.gql(query, {}, screen);
    expect(res.body.errors).toBeUndefined();
    const d = (res.body.data as { dashboard: Record<string, never> }).dashboard as Dash;
    expect(d).toMatchObject({ year: 2023, asOf: '2023-07-02', timeProgress: 50.14 });
    const investment = d.construction.kpis.find((k: { metric: string }) => k.metric === 'investment');
    // 9,000 万元 = 0.9 亿 of a 3.6 亿 target: 25%, 25 points behind → yellow.
    expect(investment).toMatchObject({
      actual: 0.9,
      target: 3.6,
      completion: 25,
      timeProgress: 50.14,
      light: 'YELLOW',
    });
    const p2 = d.construction.alerts.find((a: { entityId: string }) => a.entityId === 'P-2');
    expect(p2).toMatchObject({ severity: 'CRITICAL' });
    expect(p2.messageZh).toContain('落后序时进度35.14个百分点');
    expect(d.construction.alerts.find((a: { entityId: string }) => a.entityId === 'P-1')).toBeUndefined();
    expect(d.construction.ranking).toHaveLength(12);
    expect(d.construction.ranking[0]).toMatchObject({
      rank: 1,
      street: { code: '410104001' },
      value: 60,
      light: 'GREEN',
    });
  });

  it('ranks streets on sorting and alerts on those below target, using corrected values', async () => {
    const d = ((await hub.gql(query, {}, screen)).body.data as { dashboard: Dash }).dashboard;
    expect(
      d.sorting.ranking.slice(0, 3).map((r: { street: { code: string }; value: number }) => [r.street.code, r.value]),
    ).toEqual([
      ['410104001', 40],
      ['410104003', 39],
      ['410104002', 37.5],
    ]);
    expect(d.sorting.alerts.map((a: { entityId: string }) => a.entityId)).toEqual(['410104002', '410104002']);
    const coverage = d.sorting.kpis.find((k: { metric: string }) => k.metric === 'coverageRate');
    expect(coverage).toMatchObject({ actual: 97.5, target: 98, light: 'YELLOW' });
  });

  it('flags a stalled project past its resumption deadline', async () => {
    const d = ((await hub.gql(query, {}, screen)).body.data as { dashboard: Dash }).dashboard;
    expect(d.housing.alerts[0]).toMatchObject({ severity: 'CRITICAL', entityId: 'H-2' });
    expect(d.housing.alerts[0].messageEn).toContain('still stalled after the 2023-06-30 resumption deadline');
    expect(d.housing.light).toBe('RED');
    expect(d.housing.alerts.find((a: { entityId: string }) => a.entityId === 'H-1')).toBeUndefined();
  });
});
