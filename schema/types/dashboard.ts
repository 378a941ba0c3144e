/** The dashboard: KPIs vs targets, 序时进度, traffic lights, street rankings and alerts per domain. */
import { builder } from '../builder.js';
import type { Alert, Dashboard, DomainDashboard, Kpi, LightReason, StreetRank } from '../model.js';
import { AlertSeverityEnum, DomainEnum, TrafficLightEnum } from './enums.js';
import { StreetRef } from './reference.js';

export const KpiRef = builder.objectRef<Kpi>('Kpi').implement({
  description: 'One figure on a KPI tile.',
  fields: (t) => ({
    metric: t.exposeString('metric'),
    labelZh: t.exposeString('labelZh'),
    labelEn: t.exposeString('labelEn'),
    unit: t.exposeString('unit', { description: 'Display unit, e.g. 亿元, %, 套.' }),
    actual: t.exposeFloat('actual'),
    target: t.exposeFloat('target', { nullable: true }),
    completion: t.exposeFloat('completion', { nullable: true, description: 'actual ÷ target, percent.' }),
    timeProgress: t.exposeFloat('timeProgress', {
      nullable: true,
      description: '序时进度: share of the year elapsed, percent.',
    }),
    hasData: t.exposeBoolean('hasData', {
      description: 'False while nothing was reported for this figure: show "—" and 无数据, not 0 (actual is 0 then).',
    }),
    light: t.field({ type: TrafficLightEnum, resolve: (k) => k.light }),
  }),
});

export const LightReasonRef = builder.objectRef<LightReason>('LightReason').implement({
  description: "Why a domain's light is what it is: the worst of its KPI tiles, named, so it cannot contradict them.",
  fields: (t) => ({
    metric: t.exposeString('metric', {
      nullable: true,
      description: 'The KPI tile (Kpi.metric) whose light the domain takes; null when all are green or none has data.',
    }),
    zh: t.exposeString('zh'),
    en: t.exposeString('en'),
  }),
});

export const StreetRankRef = builder.objectRef<StreetRank>('StreetRank').implement({
  fields: (t) => ({
    rank: t.exposeInt('rank'),
    street: t.field({ type: StreetRef, resolve: (r) => r.street }),
    value: t.exposeFloat('value', {
      nullable: true,
      description: 'What the ranking is by (see DomainDashboard.rankingBy); null when the street has nothing to rank.',
    }),
    light: t.field({
      type: TrafficLightEnum,
      description:
        'The ranked value’s light (against the same target or 序时进度 as the domain’s tile); NONE without a value.',
      resolve: (r) => r.light,
    }),
  }),
});

export const AlertRef = builder.objectRef<Alert>('Alert').implement({
  fields: (t) => ({
    domain: t.field({ type: DomainEnum, resolve: (a) => a.domain }),
    severity: t.field({ type: AlertSeverityEnum, resolve: (a) => a.severity }),
    entityId: t.exposeID('entityId', { description: 'Street, project or housing project code.' }),
    messageZh: t.exposeString('messageZh'),
    messageEn: t.exposeString('messageEn'),
  }),
});

const RANKING_BY: Record<string, string> = {
  construction: 'investment completion, % of plan',
  sorting: 'resource recovery rate this month, %',
  housing: 'units delivered, % of total',
};

export const DomainDashboardRef = builder.objectRef<DomainDashboard>('DomainDashboard').implement({
  fields: (t) => ({
    domain: t.field({ type: DomainEnum, resolve: (d) => d.domain }),
    kpis: t.field({ type: [KpiRef], resolve: (d) => d.kpis }),
    rankingBy: t.string({ resolve: (d) => RANKING_BY[d.domain] }),
    ranking: t.field({ type: [StreetRankRef], description: 'The 12 streets, best first.', resolve: (d) => d.ranking }),
    alerts: t.field({ type: [AlertRef], description: 'Active alerts, critical first.', resolve: (d) => d.alerts }),
    light: t.field({
      type: TrafficLightEnum,
      description: 'The worst light of this domain’s KPI tiles (alerts do not colour it: they are listed).',
      resolve: (d) => d.light,
    }),
    lightReason: t.field({ type: LightReasonRef, resolve: (d) => d.lightReason }),
    seq: t.exposeInt('seq', { description: 'Last event of this domain reflected here.' }),
    lastUpdated: t.field({ type: 'DateTime', nullable: true, resolve: (d) => d.lastUpdated }),
    stale: t.exposeBoolean('stale', {
      description: 'Nothing reported for longer than the reporting cycle: show as stale, not current.',
    }),
  }),
});

export const DashboardRef = builder.objectRef<Dashboard>('Dashboard').implement({
  fields: (t) => ({
    year: t.exposeInt('year'),
    asOf: t.field({ type: 'Date', resolve: (d) => d.asOf }),
    timeProgress: t.exposeFloat('timeProgress', { description: '序时进度 of the year at asOf, percent.' }),
    construction: t.field({
      type: DomainDashboardRef,
      authScopes: { readDomain: 'construction' },
      nullable: true,
      resolve: (d) => d.construction,
    }),
    sorting: t.field({
      type: DomainDashboardRef,
      authScopes: { readDomain: 'sorting' },
      nullable: true,
      resolve: (d) => d.sorting,
    }),
    housing: t.field({
      type: DomainDashboardRef,
      authScopes: { readDomain: 'housing' },
      nullable: true,
      resolve: (d) => d.housing,
    }),
  }),
});

builder.queryFields((t) => ({
  dashboard: t.field({
    type: DashboardRef,
    description:
      'KPIs vs targets for all three domains. A department sees its own domain; the others are null with FORBIDDEN.',
    authScopes: { authenticated: true },
    args: {
      year: t.arg.int({ description: 'Plan year; default the year of asOf.' }),
      asOf: t.arg({
        type: 'Date',
        description: 'Day the time progress is measured at; default today (or Dec 31 of a past year).',
      }),
    },
    resolve: (_r, a, ctx) => ctx.services.read.dashboard({ year: a.year, asOf: a.asOf }),
  }),
}));
