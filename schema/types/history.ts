/** Current values and history series for screens: daily and monthly, paginated where long. */
import { builder } from '../builder.js';
import type { HousingReport, MonthlyInvestment, ProjectPeriod, SortingDay, SortingMonth } from '../model.js';
import { HousingStatusEnum } from './enums.js';
import { connectionOf } from './pagination.js';

export const SortingDayRef = builder.objectRef<SortingDay>('SortingDay').implement({
  fields: (t) => ({
    street: t.exposeID('street'),
    date: t.field({ type: 'Date', resolve: (d) => d.date }),
    coverageRate: t.exposeFloat('coverageRate'),
    recoveryRate: t.exposeFloat('recoveryRate'),
    seq: t.exposeInt('seq', { description: 'Last event that set this value.' }),
    updatedAt: t.field({ type: 'DateTime', resolve: (d) => d.updatedAt }),
  }),
});

export const SortingMonthRef = builder.objectRef<SortingMonth>('SortingMonth').implement({
  fields: (t) => ({
    street: t.exposeID('street'),
    month: t.exposeString('month'),
    coverageRate: t.exposeFloat('coverageRate', { description: 'Average of the reported days.' }),
    recoveryRate: t.exposeFloat('recoveryRate', { description: 'Average of the reported days.' }),
    days: t.exposeInt('days', { description: 'Days reported.' }),
  }),
});

export const ProjectPeriodRef = builder.objectRef<ProjectPeriod>('ProjectPeriod').implement({
  fields: (t) => ({
    project: t.exposeID('project'),
    period: t.exposeString('period'),
    investment: t.exposeFloat('investment', { description: '万元 completed in the period.' }),
    note: t.exposeString('note', { nullable: true }),
    seq: t.exposeInt('seq'),
    updatedAt: t.field({ type: 'DateTime', resolve: (d) => d.updatedAt }),
  }),
});

export const MonthlyInvestmentRef = builder.objectRef<MonthlyInvestment>('MonthlyInvestment').implement({
  fields: (t) => ({
    month: t.exposeString('month'),
    investment: t.exposeFloat('investment', { description: '万元 completed in the month (all key projects).' }),
    cumulative: t.exposeFloat('cumulative', { description: '万元 from January.' }),
  }),
});

export const HousingReportRef = builder.objectRef<HousingReport>('HousingReport').implement({
  fields: (t) => ({
    project: t.exposeID('project'),
    date: t.field({ type: 'Date', resolve: (d) => d.date }),
    deliveredUnits: t.exposeInt('deliveredUnits'),
    status: t.field({ type: HousingStatusEnum, nullable: true, resolve: (d) => d.status }),
    note: t.exposeString('note', { nullable: true }),
    seq: t.exposeInt('seq'),
    updatedAt: t.field({ type: 'DateTime', resolve: (d) => d.updatedAt }),
  }),
});

const SortingDayConnection = connectionOf('SortingDay', SortingDayRef, (d: SortingDay) => d.date);
const ProjectPeriodConnection = connectionOf('ProjectPeriod', ProjectPeriodRef, (d: ProjectPeriod) => d.period);
const HousingReportConnection = connectionOf('HousingReport', HousingReportRef, (d: HousingReport) => d.date);

const PAGE_SIZE = 'Page size, 1–500.';
const AFTER = 'endCursor of the previous page.';

builder.queryFields((t) => ({
  sortingRates: t.field({
    type: [SortingDayRef],
    description: "Each street's latest reported rates, or every street's on a given date.",
    authScopes: { readDomain: 'sorting' },
    args: { date: t.arg({ type: 'Date' }), street: t.arg.id() },
    resolve: (_r, a, ctx) =>
      ctx.services.read.sortingRates({ date: a.date, street: a.street == null ? null : String(a.street) }),
  }),
  sortingHistory: t.field({
    type: SortingDayConnection,
    description: "A street's daily rates, oldest first.",
    authScopes: { readDomain: 'sorting' },
    args: {
      street: t.arg.id({ required: true }),
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
      first: t.arg.int({ required: true, defaultValue: 100, description: PAGE_SIZE }),
      after: t.arg.string({ description: AFTER }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.read.sortingHistory({
        street: String(a.street),
        from: a.from,
        to: a.to,
        first: a.first,
        after: a.after,
      }),
  }),
  sortingMonthly: t.field({
    type: [SortingMonthRef],
    description: 'Monthly averages per street: one month (all streets) or a whole year.',
    authScopes: { readDomain: 'sorting' },
    args: { month: t.arg.string({ description: 'YYYY-MM' }), year: t.arg.int(), street: t.arg.id() },
    resolve: (_r, a, ctx) =>
      ctx.services.read.sortingMonthly({
        month: a.month,
        year: a.year,
        street: a.street == null ? null : String(a.street),
      }),
  }),
  projectHistory: t.field({
    type: ProjectPeriodConnection,
    description: "A project's monthly investment reports, oldest first.",
    authScopes: { readDomain: 'construction' },
    args: {
      project: t.arg.id({ required: true }),
      first: t.arg.int({ required: true, defaultValue: 100, description: PAGE_SIZE }),
      after: t.arg.string({ description: AFTER }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.read.projectHistory({ project: String(a.project), first: a.first, after: a.after }),
  }),
  projectProgress: t.field({
    type: [ProjectPeriodRef],
    description:
      "Every project's investment report for one month (YYYY-MM, not a future one), by project code; a project " +
      'without a report that month is absent (the entry grid prefills from it, the missing list chases them).',
    authScopes: { readDomain: 'construction' },
    args: { period: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.read.projectProgress({ period: a.period }),
  }),
  investmentMonthly: t.field({
    type: [MonthlyInvestmentRef],
    description: 'District investment per month of a year and cumulative (the investment-vs-plan line).',
    authScopes: { readDomain: 'construction' },
    args: { year: t.arg.int({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.read.investmentMonthly({ year: a.year }),
  }),
  housingHistory: t.field({
    type: HousingReportConnection,
    description: "A housing project's delivery reports, oldest first.",
    authScopes: { readDomain: 'housing' },
    args: {
      project: t.arg.id({ required: true }),
      first: t.arg.int({ required: true, defaultValue: 100, description: PAGE_SIZE }),
      after: t.arg.string({ description: AFTER }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.read.housingHistory({ project: String(a.project), first: a.first, after: a.after }),
  }),
}));
