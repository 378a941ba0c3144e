/**
 * The command center's dashboard: per domain, KPIs (actual, target,
 * completion %, 序时进度, traffic light), a ranking of the 12 streets and the
 * active alerts, computed from the read models in a handful of queries.
 */
import type {
  Alert,
  Dashboard,
  DomainDashboard,
  HousingProject,
  Kpi,
  Project,
  ReportDomain,
  SortingMonth,
  Street,
  StreetRank,
  Target,
  TrafficLight,
} from '../../../../schema/model.js';
import type { ReadModels } from '../read-models.js';
import { elapsedShare, lightForGap, lightForRate, round2, worst, yearProgress } from './time-progress.js';

/** Defaults when no target was set for the year (the seed's 2023 figures). */
export const DEFAULT_TARGETS: Record<string, number> = {
  'construction#investment': 7_930_000,
  'construction#projects': 342,
  'sorting#coverageRate': 98,
  'sorting#recoveryRate': 38,
  'housing#deliveryRate': 100,
  'housing#resumptionRate': 100,
};

/** How long without a report before a domain's figures are marked stale (reporting cycle plus slack). */
const STALE_AFTER_MS: Record<ReportDomain, number> = {
  sorting: 2 * 86_400_000,
  construction: 40 * 86_400_000,
  housing: 14 * 86_400_000,
};

interface Inputs {
  year: number;
  asOf: string;
  timeProgress: number;
  streets: Street[];
  target: (domain: ReportDomain, metric: string) => number;
}

export async function buildDashboard(
  models: ReadModels,
  opts: { year?: number | null; asOf?: string | null; now: Date },
): Promise<Dashboard> {
  const today = opts.now.toISOString().slice(0, 10);
  const asOf = opts.asOf ?? (opts.year && opts.year < Number(today.slice(0, 4)) ? `${opts.year}-12-31` : today);
  const year = opts.year ?? Number(asOf.slice(0, 4));
  const month = asOf.slice(0, 7);
  const [streets, targets, projects, housing, months, sortingThisMonth, meta] = await Promise.all([
    models.streets(),
    models.targets(),
    models.projects(),
    models.housingProjects(),
    models.investmentMonths(year),
    models.sortingMonth(month),
    models.meta(),
  ]);
  // Early in a month there may be no reports yet: rank on the previous month then.
  const sortingMonth = sortingThisMonth.length > 0 ? sortingThisMonth : await models.sortingMonth(previousMonth(month));
  const target = (domain: ReportDomain, metric: string) => targetValue(targets, domain, year, metric);
  const inputs: Inputs = {
    year,
    asOf,
    timeProgress: yearProgress(year, asOf),
    streets: streets.sort((a, b) => a.code.localeCompare(b.code)),
    target,
  };
  const withMeta = (d: Omit<DomainDashboard, 'seq' | 'lastUpdated' | 'stale'>): DomainDashboard => {
    const m = meta.get(d.domain);
    const lastUpdated = m?.lastUpdated ?? null;
    const stale = !lastUpdated || opts.now.getTime() - Date.parse(lastUpdated) > STALE_AFTER_MS[d.domain];
    return { ...d, seq: m?.seq ?? 0, lastUpdated, stale };
  };
  return {
    year,
    asOf,
    timeProgress: round2(inputs.timeProgress),
    construction: withMeta(
      constructionDashboard(
        inputs,
        projects.filter((p) => p.year === year),
        months,
      ),
    ),
    sorting: withMeta(sortingDashboard(inputs, sortingMonth)),
    housing: withMeta(housingDashboard(inputs, housing)),
  };
}

/** A planned project past the date it had to start by (DOMAIN.md: red). */
const missedStart = (p: Project, asOf: string) => p.status === 'planned' && !!p.plannedStart && p.plannedStart < asOf;

/** A stalled housing project past its resumption deadline (DOMAIN.md: alert). */
const stalledPastDeadline = (p: HousingProject, asOf: string) =>
  p.status === 'stalled' && !!p.resumeDeadline && p.resumeDeadline < asOf;

function targetValue(targets: Target[], domain: ReportDomain, year: number, metric: string): number {
  return (
    targets.find((t) => t.domain === domain && t.year === year && t.metric === metric)?.value ??
    DEFAULT_TARGETS[`${domain}#${metric}`]
  );
}

function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

const pct = (part: number, whole: number) => (whole > 0 ? round2((part / whole) * 100) : null);

function kpi(k: Omit<Kpi, 'completion'> & { completion?: number | null }): Kpi {
  const completion = k.completion !== undefined ? k.completion : k.target ? pct(k.actual, k.target) : null;
  return {
    ...k,
    actual: round2(k.actual),
    target: k.target === null ? null : round2(k.target),
    completion,
    timeProgress: k.timeProgress === null ? null : round2(k.timeProgress),
  };
}

function rank(streets: Street[], value: (s: Street) => { value: number | null; light: TrafficLight }): StreetRank[] {
  const rows = streets.map((s) => ({ street: s, ...value(s) }));
  rows.sort(
    (a, b) =>
      (b.value ?? Number.NEGATIVE_INFINITY) - (a.value ?? Number.NEGATIVE_INFINITY) ||
      a.street.code.localeCompare(b.street.code),
  );
  return rows.map((r, i) => ({
    rank: i + 1,
    street: r.street,
    value: r.value === null ? null : round2(r.value),
    light: r.light,
  })) as StreetRank[];
}

function constructionDashboard(
  x: Inputs,
  projects: Project[],
  months: { investment: number }[],
): Omit<DomainDashboard, 'seq' | 'lastUpdated' | 'stale'> {
  const invested = months.reduce((s, m) => s + m.investment, 0);
  const investmentTarget = x.target('construction', 'investment');
  const completion = pct(invested, investmentTarget) ?? 0;
  const count = projects.reduce((s, p) => s + p.projectCount, 0);
  const started = projects.filter((p) => p.status !== 'planned').reduce((s, p) => s + p.projectCount, 0);
  const investmentLight = lightForGap(completion, x.timeProgress);
  const alerts: Alert[] = [];
  for (const p of projects) {
    if (missedStart(p, x.asOf)) {
      alerts.push({
        domain: 'construction',
        severity: 'critical',
        entityId: p.code,
        messageZh: `${p.name}：计划${p.plannedStart}开工，尚未开工`,
        messageEn: `${p.name}: due to start by ${p.plannedStart}, not started`,
      });
      continue;
    }
    if (p.plannedInvestment <= 0) continue;
    const c = (p.investmentYtd / p.plannedInvestment) * 100;
    const light = lightForGap(c, x.timeProgress);
    if (light !== 'green') {
      const behind = round2(x.timeProgress - c);
      alerts.push({
        domain: 'construction',
        severity: light === 'red' ? 'critical' : 'warning',
        entityId: p.code,
        messageZh: `${p.name}：投资完成${round2(c)}%，落后序时进度${behind}个百分点`,
        messageEn: `${p.name}: ${round2(c)}% of planned investment, ${behind} points behind time progress`,
      });
    }
  }
  const ranking = rank(x.streets, (s) => {
    const mine = projects.filter((p) => p.street === s.code);
    const planned = mine.reduce((t, p) => t + p.plannedInvestment, 0);
    if (planned <= 0) return { value: null, light: 'green' };
    const c = (mine.reduce((t, p) => t + p.investmentYtd, 0) / planned) * 100;
    const anyMissedStart = mine.some((p) => missedStart(p, x.asOf));
    return { value: c, light: anyMissedStart ? 'red' : lightForGap(c, x.timeProgress) };
  });
  return {
    domain: 'construction',
    kpis: [
      kpi({
        metric: 'investment',
        labelZh: '重点项目完成投资',
        labelEn: 'Key project investment',
        unit: '亿元',
        actual: invested / 10_000,
        target: investmentTarget / 10_000,
        completion,
        timeProgress: x.timeProgress,
        light: investmentLight,
      }),
      kpi({
        metric: 'projects',
        labelZh: '重点项目个数',
        labelEn: 'Key projects',
        unit: '个',
        actual: count,
        target: x.target('construction', 'projects'),
        timeProgress: null,
        light: count >= x.target('construction', 'projects') ? 'green' : 'yellow',
      }),
      kpi({
        metric: 'startRate',
        labelZh: '项目开工率',
        labelEn: 'Projects started',
        unit: '%',
        actual: count ? (started / count) * 100 : 0,
        target: null,
        timeProgress: null,
        light: 'green',
      }),
    ],
    ranking,
    alerts: sortAlerts(alerts),
    light: worst(investmentLight, projects.some((p) => missedStart(p, x.asOf)) ? 'red' : 'green'),
  };
}

function sortingDashboard(x: Inputs, month: SortingMonth[]): Omit<DomainDashboard, 'seq' | 'lastUpdated' | 'stale'> {
  const coverageTarget = x.target('sorting', 'coverageRate');
  const recoveryTarget = x.target('sorting', 'recoveryRate');
  const reported = month.filter((m) => m.days > 0);
  const avg = (f: (m: SortingMonth) => number) =>
    reported.length ? reported.reduce((s, m) => s + f(m), 0) / reported.length : 0;
  const coverage = avg((m) => m.coverageRate);
  const recovery = avg((m) => m.recoveryRate);
  const byStreet = new Map(reported.map((m) => [m.street, m]));
  const alerts: Alert[] = [];
  for (const s of x.streets) {
    const m = byStreet.get(s.code);
    if (!m) continue;
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
  }
  const ranking = rank(x.streets, (s) => {
    const m = byStreet.get(s.code);
    if (!m) return { value: null, light: 'green' };
    return {
      value: m.recoveryRate,
      light: worst(lightForRate(m.coverageRate, coverageTarget, 1), lightForRate(m.recoveryRate, recoveryTarget)),
    };
  });
  const coverageLight = reported.length ? lightForRate(coverage, coverageTarget, 1) : 'green';
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
    light: worst(coverageLight, recoveryLight, alerts.some((a) => a.severity === 'critical') ? 'yellow' : 'green'),
  };
}

function housingDashboard(
  x: Inputs,
  projects: HousingProject[],
): Omit<DomainDashboard, 'seq' | 'lastUpdated' | 'stale'> {
  const due = projects.filter((p) => Number(p.deliveryDeadline.slice(0, 4)) <= x.year);
  const total = due.reduce((s, p) => s + p.totalUnits, 0);
  const delivered = due.reduce((s, p) => s + p.deliveredUnits, 0);
  const deliveryRateTarget = x.target('housing', 'deliveryRate');
  const unitsTarget = (total * deliveryRateTarget) / 100;
  const deliveryCompletion = pct(delivered, unitsTarget) ?? 0;
  const resumed = projects.filter((p) => p.status !== 'stalled').length;
  const resumptionRate = projects.length ? (resumed / projects.length) * 100 : 100;
  const alerts: Alert[] = [];
  const paceOf = (p: HousingProject) => {
    const expected = elapsedShare(`${p.deliveryDeadline.slice(0, 4)}-01-01`, p.deliveryDeadline, x.asOf);
    const actual = (p.deliveredUnits / p.totalUnits) * 100;
    return { expected, actual };
  };
  for (const p of projects) {
    if (stalledPastDeadline(p, x.asOf)) {
      alerts.push({
        domain: 'housing',
        severity: 'critical',
        entityId: p.code,
        messageZh: `${p.name}：已过复工期限${p.resumeDeadline}，仍处于停工状态`,
        messageEn: `${p.name}: still stalled after the ${p.resumeDeadline} resumption deadline`,
      });
      continue;
    }
    if (p.status === 'delivered') continue;
    const { expected, actual } = paceOf(p);
    if (p.deliveryDeadline < x.asOf && actual < 100) {
      alerts.push({
        domain: 'housing',
        severity: 'critical',
        entityId: p.code,
        messageZh: `${p.name}：已过交付期限${p.deliveryDeadline}，交付${round2(actual)}%`,
        messageEn: `${p.name}: past the ${p.deliveryDeadline} delivery deadline with ${round2(actual)}% delivered`,
      });
      continue;
    }
    const light = lightForGap(actual, expected);
    if (light !== 'green') {
      alerts.push({
        domain: 'housing',
        severity: light === 'red' ? 'critical' : 'warning',
        entityId: p.code,
        messageZh: `${p.name}：交付${round2(actual)}%，落后进度${round2(expected - actual)}个百分点`,
        messageEn: `${p.name}: ${round2(actual)}% delivered, ${round2(expected - actual)} points behind the pace to ${p.deliveryDeadline}`,
      });
    }
  }
  const ranking = rank(x.streets, (s) => {
    const mine = projects.filter((p) => p.street === s.code);
    const units = mine.reduce((t, p) => t + p.totalUnits, 0);
    if (!units) return { value: null, light: 'green' };
    const lights = mine.map((p) =>
      stalledPastDeadline(p, x.asOf) ? 'red' : lightForGap(paceOf(p).actual, paceOf(p).expected),
    );
    return { value: (mine.reduce((t, p) => t + p.deliveredUnits, 0) / units) * 100, light: worst(...lights) };
  });
  const deliveryLight = lightForGap(deliveryCompletion, x.timeProgress);
  return {
    domain: 'housing',
    kpis: [
      kpi({
        metric: 'deliveredUnits',
        labelZh: '保交楼交付套数',
        labelEn: 'Units delivered',
        unit: '套',
        actual: delivered,
        target: unitsTarget,
        completion: deliveryCompletion,
        timeProgress: x.timeProgress,
        light: deliveryLight,
      }),
      kpi({
        metric: 'resumptionRate',
        labelZh: '停工项目复工率',
        labelEn: 'Stalled projects resumed',
        unit: '%',
        actual: resumptionRate,
        target: x.target('housing', 'resumptionRate'),
        timeProgress: null,
        light: lightForRate(resumptionRate, x.target('housing', 'resumptionRate'), 10),
      }),
      kpi({
        metric: 'projects',
        labelZh: '保交楼项目',
        labelEn: 'Housing projects',
        unit: '个',
        actual: projects.length,
        target: null,
        timeProgress: null,
        light: 'green',
      }),
    ],
    ranking,
    alerts: sortAlerts(alerts),
    light: worst(deliveryLight, alerts.some((a) => a.severity === 'critical') ? 'red' : 'green'),
  };
}

function sortAlerts(alerts: Alert[]): Alert[] {
  return alerts.sort((a, b) =>
    a.severity === b.severity ? a.entityId.localeCompare(b.entityId) : a.severity === 'critical' ? -1 : 1,
  );
}
