/**
 * Household garbage sorting (城管局): the month's average coverage and recovery
 * rates against their floor targets; streets ranked by recovery rate; an alert
 * for each street and rate below target.
 */
import type { Alert, SortingMonth, Street } from '../../../../schema/model.js';
import { sortAlerts } from './alerts.js';
import type { DomainFigures, DomainInputs } from './inputs.js';
import { kpi } from './kpi.js';
import { domainLight } from './light-reason.js';
import { rankStreets } from './ranking.js';
import { lightForRate } from './time-progress.js';

/** The coverage light turns red more than 1 point below target; recovery uses lightForRate's default of 2. */
const COVERAGE_TOLERANCE = 1;

/** @param month each street's averages for the month ranked (streets with no days are ignored). */
export function sortingDashboard(x: DomainInputs, month: SortingMonth[]): DomainFigures {
  const coverageTarget = x.target('sorting', 'coverageRate');
  const recoveryTarget = x.target('sorting', 'recoveryRate');
  const reported = month.filter((m) => m.days > 0);
  const avg = (f: (m: SortingMonth) => number) =>
    reported.length ? reported.reduce((s, m) => s + f(m), 0) / reported.length : 0;
  const coverage = avg((m) => m.coverageRate);
  const recovery = avg((m) => m.recoveryRate);
  const byStreet = new Map(reported.map((m) => [m.street, m]));
  const alerts = x.streets.flatMap((s) => {
    const m = byStreet.get(s.code);
    return m ? streetAlerts(s, m, coverageTarget, recoveryTarget) : [];
  });
  const ranking = rankStreets(x.streets, (s) => {
    const m = byStreet.get(s.code);
    // Lit by the ranked value (recovery against its target); a low coverage is the street's alert.
    if (!m) return { value: null, light: 'none' };
    return { value: m.recoveryRate, light: lightForRate(m.recoveryRate, recoveryTarget) };
  });
  const hasData = reported.length > 0;
  const kpis = [
    kpi({
      metric: 'coverageRate',
      labelZh: '生活垃圾分类覆盖率',
      labelEn: 'Sorting coverage',
      unit: '%',
      actual: coverage,
      target: coverageTarget,
      timeProgress: null,
      hasData,
      light: lightForRate(coverage, coverageTarget, COVERAGE_TOLERANCE),
    }),
    kpi({
      metric: 'recoveryRate',
      labelZh: '资源化利用率',
      labelEn: 'Resource recovery',
      unit: '%',
      actual: recovery,
      target: recoveryTarget,
      timeProgress: null,
      hasData,
      light: lightForRate(recovery, recoveryTarget),
    }),
  ];
  // A street below target is an alert of its own; the domain's light is its tiles' (light-reason.ts).
  return { domain: 'sorting', kpis, ranking, alerts: sortAlerts(alerts), ...domainLight(kpis) };
}

/** One alert per rate below its target: critical when more than 2 points below, else a warning. */
function streetAlerts(s: Street, m: SortingMonth, coverageTarget: number, recoveryTarget: number): Alert[] {
  const alerts: Alert[] = [];
  for (const [metric, value, t, zh] of [
    ['coverage', m.coverageRate, coverageTarget, '分类覆盖率'],
    ['recovery', m.recoveryRate, recoveryTarget, '资源化利用率'],
  ] as const) {
    if (value >= t) continue;
    alerts.push({
      domain: 'sorting',
      severity: lightForRate(value, t) === 'red' ? 'critical' : 'warning',
      entityId: s.code,
      messageZh: `${s.name}${m.month}${zh}${value}%，低于目标${t}%`,
      messageEn: `${s.nameEn}: ${metric} rate ${value}% in ${m.month}, below the ${t}% target`,
    });
  }
  return alerts;
}
