/**
 * Housing delivery (住建局, 保交楼/安置房): units delivered against the units due
 * this year and 序时进度, the resumption rate of stalled projects; streets ranked
 * by share delivered; alerts for projects stalled past their resumption
 * deadline, past their delivery deadline, or behind the pace to it.
 */
import type { Alert, HousingProject } from '../../../../schema/model.js';
import { sortAlerts } from './alerts.js';
import type { DomainFigures, DomainInputs } from './inputs.js';
import { kpi, pct } from './kpi.js';
import { domainLight } from './light-reason.js';
import { rankStreets } from './ranking.js';
import { elapsedShare, lightForGap, lightForRate, round2 } from './time-progress.js';

/** A stalled housing project past its resumption deadline (DOMAIN.md: alert). */
export const stalledPastDeadline = (p: HousingProject, asOf: string) =>
  p.status === 'stalled' && !!p.resumeDeadline && p.resumeDeadline < asOf;

/**
 * Where a project stands against the pace needed to deliver by its deadline:
 * `expected` is the share of its deadline's year elapsed at asOf, `actual` the
 * share of its units delivered, both percent.
 */
export function deliveryPace(p: HousingProject, asOf: string): { expected: number; actual: number } {
  const expected = elapsedShare(`${p.deliveryDeadline.slice(0, 4)}-01-01`, p.deliveryDeadline, asOf);
  const actual = (p.deliveredUnits / p.totalUnits) * 100;
  return { expected, actual };
}

export function housingDashboard(x: DomainInputs, projects: HousingProject[]): DomainFigures {
  const due = projects.filter((p) => Number(p.deliveryDeadline.slice(0, 4)) <= x.year);
  const total = due.reduce((s, p) => s + p.totalUnits, 0);
  const delivered = due.reduce((s, p) => s + p.deliveredUnits, 0);
  const deliveryRateTarget = x.target('housing', 'deliveryRate');
  const unitsTarget = (total * deliveryRateTarget) / 100;
  const deliveryCompletion = pct(delivered, unitsTarget) ?? 0;
  const resumed = projects.filter((p) => p.status !== 'stalled').length;
  const resumptionRate = projects.length ? (resumed / projects.length) * 100 : 100;
  const resumptionTarget = x.target('housing', 'resumptionRate');
  const alerts = projects.flatMap((p) => projectAlerts(x, p));
  const kpis = [
    kpi({
      metric: 'deliveredUnits',
      labelZh: '保交楼交付套数',
      labelEn: 'Units delivered',
      unit: '套',
      actual: delivered,
      target: unitsTarget,
      completion: deliveryCompletion,
      timeProgress: x.timeProgress,
      hasData: total > 0,
      light: lightForGap(deliveryCompletion, x.timeProgress),
    }),
    kpi({
      metric: 'resumptionRate',
      labelZh: '停工项目复工率',
      labelEn: 'Stalled projects resumed',
      unit: '%',
      actual: resumptionRate,
      target: resumptionTarget,
      timeProgress: null,
      hasData: projects.length > 0,
      light: lightForRate(resumptionRate, resumptionTarget, 10),
    }),
    kpi({
      metric: 'projects',
      labelZh: '保交楼项目',
      labelEn: 'Housing projects',
      unit: '个',
      actual: projects.length,
      target: null,
      timeProgress: null,
      hasData: projects.length > 0,
      // A count without a target: nothing to colour it against (kpi() makes it `none`).
      light: 'none',
    }),
  ];
  // Stalled or late projects are alerts of their own; the domain's light is its tiles' (light-reason.ts).
  return {
    domain: 'housing',
    kpis,
    ranking: housingRanking(x, projects),
    alerts: sortAlerts(alerts),
    ...domainLight(kpis),
  };
}

/** At most one alert per project: the first of stalled past resumption, past delivery, behind pace. */
function projectAlerts(x: DomainInputs, p: HousingProject): Alert[] {
  if (stalledPastDeadline(p, x.asOf)) {
    return [
      {
        domain: 'housing',
        severity: 'critical',
        entityId: p.code,
        messageZh: `${p.name}：已过复工期限${p.resumeDeadline}，仍处于停工状态`,
        messageEn: `${p.name}: still stalled after the ${p.resumeDeadline} resumption deadline`,
      },
    ];
  }
  if (p.status === 'delivered') return [];
  const { expected, actual } = deliveryPace(p, x.asOf);
  if (p.deliveryDeadline < x.asOf && actual < 100) {
    return [
      {
        domain: 'housing',
        severity: 'critical',
        entityId: p.code,
        messageZh: `${p.name}：已过交付期限${p.deliveryDeadline}，交付${round2(actual)}%`,
        messageEn: `${p.name}: past the ${p.deliveryDeadline} delivery deadline with ${round2(actual)}% delivered`,
      },
    ];
  }
  const light = lightForGap(actual, expected);
  if (light === 'green') return [];
  return [
    {
      domain: 'housing',
      severity: light === 'red' ? 'critical' : 'warning',
      entityId: p.code,
      messageZh: `${p.name}：交付${round2(actual)}%，落后进度${round2(expected - actual)}个百分点`,
      messageEn: `${p.name}: ${round2(actual)}% delivered, ${round2(expected - actual)} points behind the pace to ${p.deliveryDeadline}`,
    },
  ];
}

/**
 * Streets by share of their units delivered, lit by that share against 序时进度 (the bar shows the ranked
 * value, so its colour does too; a stalled or late project is an alert, not a colour).
 */
function housingRanking(x: DomainInputs, projects: HousingProject[]) {
  return rankStreets(x.streets, (s) => {
    const mine = projects.filter((p) => p.street === s.code);
    const units = mine.reduce((t, p) => t + p.totalUnits, 0);
    if (!units) return { value: null, light: 'none' };
    const share = (mine.reduce((t, p) => t + p.deliveredUnits, 0) / units) * 100;
    return { value: share, light: lightForGap(share, x.timeProgress) };
  });
}
