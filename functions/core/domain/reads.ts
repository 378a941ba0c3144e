/** Current state and history series for screens. */

import { type CursorPosition, encodeCursor } from '../../../schema/cursor.js';
import { BadInputError } from '../../../schema/errors.js';
import type { HousingReport, MonthlyInvestment, Page, ProjectPeriod, SortingDay } from '../../../schema/model.js';
import type { ReadService } from '../../../schema/services.js';
import type { LogEpoch } from '../log/log-epoch.js';
import { type LogStore, readLatest } from '../log/log-reader.js';
import type { Item } from '../projections/projection.js';
import { buildDashboard } from './dashboard/index.js';
import { districtYear } from './district-day.js';
import type { ReadModels } from './read-models.js';
import { optionalDate, optionalPageCursor, requireCode, requirePeriod, requireYear } from './validate.js';

const MAX_PAGE = 500;

function pageSize(first: number) {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE)
    throw new BadInputError('first', `must be between 1 and ${MAX_PAGE} (got ${first})`);
  return first;
}

/** A project's month as its entity item holds it (SK = the period). */
function projectPeriod(i: Item): ProjectPeriod {
  const d = i.data as Record<string, unknown>;
  return {
    project: d.project as string,
    period: i.SK as string,
    investment: d.investment as number,
    note: (d.note as string) ?? null,
    seq: i.seq as number,
    updatedAt: i.updatedAt as string,
  };
}

const byProject = (a: ProjectPeriod, b: ProjectPeriod) => a.project.localeCompare(b.project);

export function readService(models: ReadModels, store: LogStore, now: () => Date, epoch: LogEpoch): ReadService {
  return {
    logEpoch: () => epoch.current(),

    async recentEvents({ domains, last }) {
      if (!Number.isInteger(last) || last < 1 || last > 200)
        throw new BadInputError('last', `must be between 1 and 200 (got ${last})`);
      const [perDomain, current] = await Promise.all([
        Promise.all(domains.map((d) => readLatest(store, d, last))),
        epoch.current(),
      ]);
      const heads: CursorPosition = {};
      domains.forEach((d, i) => {
        heads[d] = perDomain[i][0]?.seq ?? 0;
      });
      const events = perDomain
        .flat()
        .sort((a, b) => b.at.localeCompare(a.at) || b.seq - a.seq)
        .slice(0, last);
      return { events, cursor: encodeCursor(heads, current), epoch: current };
    },

    dashboard: (opts) =>
      buildDashboard(models, {
        year: opts.year == null ? null : requireYear('year', opts.year),
        asOf: optionalDate('asOf', opts.asOf),
        now: now(),
      }),

    async sortingRates(filter) {
      const date = optionalDate('date', filter.date);
      const rows = date ? await models.sortingOnDate(date) : await models.sortingLatest();
      return rows
        .filter((r) => !filter.street || r.street === filter.street)
        .sort((a, b) => a.street.localeCompare(b.street));
    },

    async sortingHistory(args): Promise<Page<SortingDay>> {
      const street = requireCode('street', args.street);
      const page = await models.entityHistory('sorting', street, {
        from: optionalDate('from', args.from),
        to: optionalDate('to', args.to),
        after: optionalPageCursor('after', args.after, 'date'),
        first: pageSize(args.first),
      });
      const items = page.items.map((i) => ({
        street,
        date: i.SK as string,
        coverageRate: (i.data as Record<string, number>).coverageRate,
        recoveryRate: (i.data as Record<string, number>).recoveryRate,
        seq: i.seq as number,
        updatedAt: i.updatedAt as string,
      }));
      return { items, hasNextPage: page.hasNextPage, endCursor: items.at(-1)?.date ?? null };
    },

    async sortingMonthly(args) {
      if (args.month) {
        if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(args.month))
          throw new BadInputError('month', `must be YYYY-MM (got ${args.month})`);
        const rows = await models.sortingMonth(args.month);
        return rows
          .filter((r) => !args.street || r.street === args.street)
          .sort((a, b) => a.street.localeCompare(b.street));
      }
      const year = args.year == null ? districtYear(now()) : requireYear('year', args.year);
      const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
      const all = await Promise.all(months.map((m) => models.sortingMonth(m)));
      return all.flat().filter((r) => !args.street || r.street === args.street);
    },

    async projectHistory(args): Promise<Page<ProjectPeriod>> {
      const code = requireCode('project', args.project);
      const page = await models.entityHistory('construction', code, {
        after: optionalPageCursor('after', args.after, 'period'),
        first: pageSize(args.first),
      });
      const items = page.items.map((i) => projectPeriod(i));
      return { items, hasNextPage: page.hasNextPage, endCursor: items.at(-1)?.period ?? null };
    },

    async projectProgress(args): Promise<ProjectPeriod[]> {
      const period = requirePeriod('period', args.period, now());
      const codes = (await models.projects()).map((p) => p.code);
      return (await models.projectPeriods(codes, period)).map((i) => projectPeriod(i)).sort(byProject);
    },

    async investmentMonthly(args): Promise<MonthlyInvestment[]> {
      const year = requireYear('year', args.year);
      const rows = (await models.investmentMonths(year)).sort((a, b) => a.month.localeCompare(b.month));
      let cumulative = 0;
      return rows.map((r) => {
        cumulative += r.investment;
        return {
          month: r.month,
          investment: Math.round(r.investment * 100) / 100,
          cumulative: Math.round(cumulative * 100) / 100,
        };
      });
    },

    async housingHistory(args): Promise<Page<HousingReport>> {
      const code = requireCode('project', args.project);
      const page = await models.entityHistory('housing', code, {
        after: optionalPageCursor('after', args.after, 'date'),
        first: pageSize(args.first),
      });
      const items = page.items.map((i) => {
        const d = i.data as Record<string, unknown>;
        return {
          project: code,
          date: i.SK as string,
          deliveredUnits: d.deliveredUnits as number,
          status: (d.status as HousingReport['status']) ?? null,
          note: (d.note as string) ?? null,
          seq: i.seq as number,
          updatedAt: i.updatedAt as string,
        };
      });
      return { items, hasNextPage: page.hasNextPage, endCursor: items.at(-1)?.date ?? null };
    },
  };
}
