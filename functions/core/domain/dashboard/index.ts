/**
 * The command center's dashboard: per domain, KPIs (actual, target,
 * completion %, 序时进度, traffic light), a ranking of the 12 streets and the
 * active alerts. This module only reads the read models (a handful of
 * queries); the rules are pure functions in the domain files beside it.
 */
import type { Dashboard } from '../../../../schema/model.js';
import type { ReadModels } from '../read-models.js';
import { assembleDashboard } from './assemble.js';
import { dashboardPeriod, previousMonth } from './inputs.js';

/** The read models the dashboard reads. */
export type DashboardReads = Pick<
  ReadModels,
  'streets' | 'targets' | 'projects' | 'housingProjects' | 'investmentMonths' | 'sortingMonth' | 'meta'
>;

export async function buildDashboard(
  models: DashboardReads,
  opts: { year?: number | null; asOf?: string | null; now: Date },
): Promise<Dashboard> {
  const period = dashboardPeriod(opts, opts.now);
  const [streets, targets, projects, housing, investmentMonths, sortingThisMonth, meta] = await Promise.all([
    models.streets(),
    models.targets(),
    models.projects(),
    models.housingProjects(),
    models.investmentMonths(period.year),
    models.sortingMonth(period.month),
    models.meta(),
  ]);
  // Early in a month there may be no reports yet: rank on the previous month then.
  const sortingMonth =
    sortingThisMonth.length > 0 ? sortingThisMonth : await models.sortingMonth(previousMonth(period.month));
  return assembleDashboard(
    period,
    { streets, targets, projects, housing, investmentMonths, sortingMonth, meta },
    opts.now,
  );
}
