/** The whole dashboard from fixed read-model rows, and the thin reader in front of it. */
import { describe, expect, it } from 'vitest';
import { assembleDashboard, type DashboardRows } from '../../../functions/core/domain/dashboard/assemble.js';
import { buildDashboard, type DashboardReads } from '../../../functions/core/domain/dashboard/index.js';
import { housingProject, project, STREETS, sortingMonth } from './fixtures.js';

const NOW = new Date('2023-07-02T04:00:00Z'); // day 183 of 365: 50.14%

const rows = (over: Partial<DashboardRows> = {}): DashboardRows => ({
  streets: [...STREETS].reverse(),
  targets: [{ domain: 'construction', year: 2023, metric: 'investment', value: 10_000 }],
  projects: [project()],
  housing: [housingProject({ deliveredUnits: 600 })],
  investmentMonths: [{ investment: 5_000 }],
  sortingMonth: [sortingMonth('410104001', 99, 40)],
  meta: new Map([
    ['sorting', { lastUpdated: '2023-07-01T12:00:00Z', seq: 42 }],
    ['housing', { lastUpdated: '2023-05-01T00:00:00Z', seq: 5 }],
  ]),
  ...over,
});

describe('assembled dashboard', () => {
  it('puts the period, the three domains and their freshness together', () => {
    const d = assembleDashboard({ year: 2023, asOf: '2023-07-02' }, rows(), NOW);
    expect(d).toMatchObject({ year: 2023, asOf: '2023-07-02', timeProgress: 50.14 });
    expect(d.construction).toMatchObject({ domain: 'construction', seq: 0, lastUpdated: null, stale: true });
    expect(d.sorting).toMatchObject({ domain: 'sorting', seq: 42, stale: false, light: 'green' });
    expect(d.housing).toMatchObject({ domain: 'housing', seq: 5, stale: true });
    // The year's target reached the construction rules: 5,000 of 10,000 万元.
    expect(d.construction.kpis[0]).toMatchObject({ actual: 0.5, target: 1, completion: 50, timeProgress: 50.14 });
  });

  it('ranks streets in code order on ties without reordering the caller’s rows', () => {
    const input = rows();
    const d = assembleDashboard({ year: 2023, asOf: '2023-07-02' }, input, NOW);
    expect(d.sorting.ranking.map((r) => r.street.code)).toEqual(['410104001', '410104002', '410104003']);
    expect(input.streets.map((s) => s.code)).toEqual(['410104003', '410104002', '410104001']);
  });
});

describe('reading the dashboard', () => {
  /** Read models served from fixed rows, recording the sorting months asked for. */
  function fakeReads(months: Record<string, ReturnType<typeof sortingMonth>[]>) {
    const asked: string[] = [];
    const r = rows();
    const reads: DashboardReads = {
      streets: async () => r.streets,
      targets: async () => r.targets,
      projects: async () => r.projects,
      housingProjects: async () => r.housing,
      investmentMonths: async () => [{ month: '2023-06', investment: 5_000 }],
      sortingMonth: async (m) => {
        asked.push(m);
        return months[m] ?? [];
      },
      meta: async () => r.meta,
    };
    return { reads, asked };
  }

  it('ranks sorting on the current month when it has reports', async () => {
    const { reads, asked } = fakeReads({ '2023-07': [sortingMonth('410104002', 99, 41)] });
    const d = await buildDashboard(reads, { now: NOW });
    expect(asked).toEqual(['2023-07']);
    expect(d.sorting.ranking[0]).toMatchObject({ street: { code: '410104002' }, value: 41 });
  });

  it('early in a month with no reports yet, ranks on the previous month', async () => {
    const { reads, asked } = fakeReads({ '2023-06': [sortingMonth('410104003', 99, 39)] });
    const d = await buildDashboard(reads, { now: NOW });
    expect(asked).toEqual(['2023-07', '2023-06']);
    expect(d.sorting.ranking[0]).toMatchObject({ street: { code: '410104003' }, value: 39 });
  });

  it('a past year is shown as of its last day', async () => {
    const { reads, asked } = fakeReads({});
    const d = await buildDashboard(reads, { year: 2022, now: NOW });
    expect(d).toMatchObject({ year: 2022, asOf: '2022-12-31', timeProgress: 100 });
    expect(asked).toEqual(['2022-12', '2022-11']);
  });
});
