/**
 * What every domain's dashboard rules receive, and the pieces of it that are
 * decided once for the whole dashboard: the period (year, asOf) and the targets.
 */
import type { DomainDashboard, ReportDomain, Street, Target } from '../../../../schema/model.js';
import { districtDay } from '../district-day.js';

/** The inputs shared by the three domains' rules. */
export interface DomainInputs {
  year: number;
  /** The day the figures are for, YYYY-MM-DD. */
  asOf: string;
  /** 序时进度 of `year` at the end of `asOf`, percent (unrounded). */
  timeProgress: number;
  /** The streets, ordered by code (ties in a ranking fall back to this order). */
  streets: Street[];
  target: (domain: ReportDomain, metric: string) => number;
}

/** A domain's figures before the freshness fields (seq, lastUpdated, stale) are added. */
export type DomainFigures = Omit<DomainDashboard, 'seq' | 'lastUpdated' | 'stale'>;

/** Defaults when no target was set for the year (the seed's 2023 figures). */
export const DEFAULT_TARGETS: Record<string, number> = {
  'construction#investment': 7_930_000,
  'construction#projects': 342,
  'sorting#coverageRate': 98,
  'sorting#recoveryRate': 38,
  'housing#deliveryRate': 100,
  'housing#resumptionRate': 100,
};

/** A lookup of the year's target for a metric, falling back to DEFAULT_TARGETS. */
export function targetLookup(targets: Target[], year: number): DomainInputs['target'] {
  return (domain, metric) =>
    targets.find((t) => t.domain === domain && t.year === year && t.metric === metric)?.value ??
    DEFAULT_TARGETS[`${domain}#${metric}`];
}

/**
 * The period a dashboard shows: `asOf` defaults to today, or to the last day of
 * a past `year`; `year` defaults to asOf's year. `month` is asOf's month.
 */
export function dashboardPeriod(
  opts: { year?: number | null; asOf?: string | null },
  now: Date,
): { year: number; asOf: string; month: string } {
  const today = districtDay(now);
  const asOf = opts.asOf ?? (opts.year && opts.year < Number(today.slice(0, 4)) ? `${opts.year}-12-31` : today);
  const year = opts.year ?? Number(asOf.slice(0, 4));
  return { year, asOf, month: asOf.slice(0, 7) };
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
