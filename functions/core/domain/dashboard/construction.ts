/**
 * Key construction projects (发改委): cumulative investment against the year's
 * plan and 序时进度, the project count, the start rate; streets ranked by their
 * projects' investment completion; alerts for missed starts and projects behind.
 */
import type { Alert, Project } from '../../../../schema/model.js';
import { sortAlerts } from './alerts.js';
import type { DomainFigures, DomainInputs } from './inputs.js';
import { kpi, pct } from './kpi.js';
import { domainLight } from './light-reason.js';
import { rankStreets } from './ranking.js';
import { lightForGap, round2 } from './time-progress.js';

/** A planned project past the date it had to start by (DOMAIN.md: red). */
export const missedStart = (p: Project, asOf: string) =>
  p.status === 'planned' && !!p.plannedStart && p.plannedStart < asOf;

/**
 * @param allProjects every project record; only those of `x.year` count.
 * @param months the year's investment per month, 万元.
 */
export function constructionDashboard(
  x: DomainInputs,
  allProjects: Project[],
  months: { investment: number }[],
): DomainFigures {
  const projects = allProjects.filter((p) => p.year === x.year);
  const invested = months.reduce((s, m) => s + m.investment, 0);
  const investmentTarget = x.target('construction', 'investment');
  const completion = pct(invested, investmentTarget) ?? 0;
  const count = projects.reduce((s, p) => s + p.projectCount, 0);
  const started = projects.filter((p) => p.status !== 'planned').reduce((s, p) => s + p.projectCount, 0);
  const investmentLight = lightForGap(completion, x.timeProgress);
  const projectsTarget = x.target('construction', 'projects');
  const kpis = [
    kpi({
      metric: 'investment',
      labelZh: '重点项目完成投资',
      labelEn: 'Key project investment',
      unit: '亿元',
      actual: invested / 10_000,
      target: investmentTarget / 10_000,
      completion,
      timeProgress: x.timeProgress,
      hasData: months.length > 0,
      light: investmentLight,
    }),
    kpi({
      metric: 'projects',
      labelZh: '重点项目个数',
      labelEn: 'Key projects',
      unit: '个',
      actual: count,
      target: projectsTarget,
      timeProgress: null,
      hasData: projects.length > 0,
      light: count >= projectsTarget ? 'green' : 'yellow',
    }),
    kpi({
      metric: 'startRate',
      labelZh: '项目开工率',
      labelEn: 'Projects started',
      unit: '%',
      actual: count ? (started / count) * 100 : 0,
      target: null,
      timeProgress: null,
      hasData: count > 0,
      // No target for the start rate: nothing to colour it against (kpi() makes it `none`).
      light: 'none',
    }),
  ];
  return {
    domain: 'construction',
    kpis,
    ranking: constructionRanking(x, projects),
    alerts: sortAlerts(projects.flatMap((p) => projectAlerts(x, p))),
    ...domainLight(kpis),
  };
}

/** A missed start (critical), or investment 10+ points behind time progress (warning; critical past 30). */
function projectAlerts(x: DomainInputs, p: Project): Alert[] {
  if (missedStart(p, x.asOf)) {
    return [
      {
        domain: 'construction',
        severity: 'critical',
        entityId: p.code,
        messageZh: `${p.name}：计划${p.plannedStart}开工，尚未开工`,
        messageEn: `${p.name}: due to start by ${p.plannedStart}, not started`,
      },
    ];
  }
  if (p.plannedInvestment <= 0) return [];
  const c = (p.investmentYtd / p.plannedInvestment) * 100;
  const light = lightForGap(c, x.timeProgress);
  if (light === 'green') return [];
  const behind = round2(x.timeProgress - c);
  return [
    {
      domain: 'construction',
      severity: light === 'red' ? 'critical' : 'warning',
      entityId: p.code,
      messageZh: `${p.name}：投资完成${round2(c)}%，落后序时进度${behind}个百分点`,
      messageEn: `${p.name}: ${round2(c)}% of planned investment, ${behind} points behind time progress`,
    },
  ];
}

/**
 * Streets by their projects' investment ÷ plan, lit by that value against 序时进度 (the bar shows the ranked
 * value, so its colour does too; a missed start is an alert, not a colour).
 */
function constructionRanking(x: DomainInputs, projects: Project[]) {
  return rankStreets(x.streets, (s) => {
    const mine = projects.filter((p) => p.street === s.code);
    const planned = mine.reduce((t, p) => t + p.plannedInvestment, 0);
    if (planned <= 0) return { value: null, light: 'none' };
    const c = (mine.reduce((t, p) => t + p.investmentYtd, 0) / planned) * 100;
    return { value: c, light: lightForGap(c, x.timeProgress) };
  });
}
