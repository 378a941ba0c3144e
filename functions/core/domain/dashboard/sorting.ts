/**
 * Household garbage sorting (城管局): the month's average coverage and recovery
 * rates against their floor targets; streets ranked by recovery rate; an alert
 * for each street and rate below target.
 */
import type { Alert, SortingMonth, Street } from '../../../../schema/model.js';
import { sortAlerts } from './alerts.js';
import type { DomainFigures, DomainInputs } from './inputs.js';
import { kpi } from './kpi.js';
import { rankStreets } from './ranking.js';
import { lightForRate, worst } from './time-progress.js';

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
    if (!m) return { value: null, light: 'green' };
    return {
      value: m.recoveryRate,
      light: worst(
        lightForRate(m.coverageRate, coverageTarget, COVERAGE_TOLERANCE),
        lightForRate(m.recoveryRate, recoveryTarget),
      ),
    };
  });
  const coverageLight = reported.length ? lightForRate(coverage, coverageTarget, COVERAGE_TOLERANCE) : 'green';
  const recoveryLight = reported.length ? lightForRate(recovery, recoveryTarget) : 'green';
  return {
    domain: 'sorting',
    kpis: [
      kpi({
        metric: 'coverageRate',
        labelZh: '生活垃圾分类覆盖率',
        labelEn: 'Sorting coverage',
        unit: '%',
        actual: coverage,
        target: coverageTarget,
        timeProgress: null,
        light: coverageLight,
      }),
      kpi({
        metric: 'recoveryRate',
        labelZh: '资源化利用率',
        labelEn: 'Resource recovery',
        unit: '%',
        actual: recovery,
        target: recoveryTarget,
        timeProgress: null,
        light: recoveryLight,
      }),
    ],
    ranking,
    alerts: sortAlerts(alerts),
    // A street far below target turns the domain yellow even when the district average is fine.
    light: worst(coverageLight, recoveryLight, alerts.some((a) => a.severity === 'critical') ? 'yellow' : 'green'),
  };
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
