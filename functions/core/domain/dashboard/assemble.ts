/** The whole dashboard from the read-model rows: a pure function, so its rules are testable without a store. */
import type { Dashboard, HousingProject, Project, SortingMonth, Street, Target } from '../../../../schema/model.js';
import { constructionDashboard } from './construction.js';
import { type DomainMeta, freshness } from './freshness.js';
import { housingDashboard } from './housing.js';
import { type DomainInputs, targetLookup } from './inputs.js';
import { sortingDashboard } from './sorting.js';
import { round2, yearProgress } from './time-progress.js';

/** The read-model rows a dashboard is computed from. */
export interface DashboardRows {
  streets: Street[];
  targets: Target[];
  /** Every project record (the construction rules keep those of the year). */
  projects: Project[];
  housing: HousingProject[];
  /** The year's investment per month, 万元. */
  investmentMonths: { investment: number }[];
  /** Each street's sorting averages for the month to rank on. */
  sortingMonth: SortingMonth[];
  /** Per domain, its last projected event. */
  meta: Map<string, DomainMeta>;
}

export function assembleDashboard(period: { year: number; asOf: string }, rows: DashboardRows, now: Date): Dashboard {
  const { year, asOf } = period;
  const x: DomainInputs = {
    year,
    asOf,
    timeProgress: yearProgress(year, asOf),
    streets: [...rows.streets].sort((a, b) => a.code.localeCompare(b.code)),
    target: targetLookup(rows.targets, year),
  };
  const construction = constructionDashboard(x, rows.projects, rows.investmentMonths);
  const sorting = sortingDashboard(x, rows.sortingMonth);
  const housing = housingDashboard(x, rows.housing);
  return {
    year,
    asOf,
    timeProgress: round2(x.timeProgress),
    construction: { ...construction, ...freshness('construction', rows.meta.get('construction'), now) },
    sorting: { ...sorting, ...freshness('sorting', rows.meta.get('sorting'), now) },
    housing: { ...housing, ...freshness('housing', rows.meta.get('housing'), now) },
  };
}
