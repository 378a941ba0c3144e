/** Department reports: one mutation per domain, each appending one event. */
import { builder } from '../builder.js';
import type { HousingStatus, ProjectStatus } from '../model.js';
import { HousingStatusEnum, ProjectStatusEnum } from './enums.js';
import { ReportResultRef } from './hub-event.js';

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Retrying with the same key (per caller) returns the original event and appends nothing.';

export const SortingReportInput = builder.inputType('SortingReportInput', {
  fields: (t) => ({
    street: t.id({ required: true, description: 'Subdistrict code, e.g. 410104001 (北下街街道).' }),
    date: t.field({ type: 'Date', required: true }),
    coverageRate: t.float({ required: true, description: '分类覆盖率, percent 0–100.' }),
    recoveryRate: t.float({ required: true, description: '资源化利用率, percent 0–100.' }),
    compoundsTotal: t.int({ required: false, description: 'Residential compounds in the street.' }),
    compoundsSorting: t.int({ required: false, description: 'Compounds doing sorted collection (≤ compoundsTotal).' }),
    householdsTotal: t.int({ required: false }),
    householdsSorting: t.int({ required: false, description: '≤ householdsTotal.' }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

export const ProjectProgressInput = builder.inputType('ProjectProgressInput', {
  fields: (t) => ({
    project: t.id({ required: true, description: 'Project code (Query.projects).' }),
    period: t.string({ required: true, description: 'Reporting month, YYYY-MM.' }),
    investment: t.float({ required: true, description: 'Investment completed in the period, 万元 (≥ 0).' }),
    cumulativeInvestment: t.float({
      required: false,
      description: "The department's own cumulative figure this year, 万元, kept for reconciliation.",
    }),
    status: t.field({ type: ProjectStatusEnum, required: false }),
    note: t.string({ required: false, description: 'Physical progress note (形象进度).' }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

export const HousingDeliveryInput = builder.inputType('HousingDeliveryInput', {
  fields: (t) => ({
    project: t.id({ required: true, description: 'Housing project code (Query.housingProjects).' }),
    date: t.field({ type: 'Date', required: true }),
    deliveredUnits: t.int({ required: true, description: 'Units delivered so far (≤ the project total).' }),
    status: t.field({ type: HousingStatusEnum, required: false }),
    note: t.string({ required: false }),
    correctionReason: t.string({
      required: false,
      description:
        'Why a figure the sanity checks question is right: a count below the latest report, or a jump of more ' +
        'than 30% of the units. Without it such a report is BAD_USER_INPUT with extensions.confirm naming the ' +
        'rule; with it the event is recorded as a correction carrying the reason (data.correctionReason).',
    }),
    idempotencyKey: t.string({ required: false, description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

builder.mutationType({
  description:
    'Writes. Each appends one event to a domain log; a report for a key that already has a value is a correction.',
  fields: (t) => ({
    reportSortingRate: t.field({
      type: ReportResultRef,
      description: 'Sorting coverage and recovery rates of a street on a day (城管局).',
      authScopes: { writeDomain: 'sorting' },
      args: { input: t.arg({ type: SortingReportInput, required: true }) },
      resolve: async (_r, { input }, ctx) => ({
        event: await ctx.services.reports.reportSortingRate(ctx.principal!, input),
      }),
    }),
    reportProjectProgress: t.field({
      type: ReportResultRef,
      description: "A key project's investment in a month (发改委).",
      authScopes: { writeDomain: 'construction' },
      args: { input: t.arg({ type: ProjectProgressInput, required: true }) },
      resolve: async (_r, { input }, ctx) => ({
        event: await ctx.services.reports.reportProjectProgress(ctx.principal!, {
          ...input,
          status: input.status as ProjectStatus | null,
        }),
      }),
    }),
    reportHousingDelivery: t.field({
      type: ReportResultRef,
      description: "A housing project's delivered units on a day (住建局).",
      authScopes: { writeDomain: 'housing' },
      args: { input: t.arg({ type: HousingDeliveryInput, required: true }) },
      resolve: async (_r, { input }, ctx) => ({
        event: await ctx.services.reports.reportHousingDelivery(ctx.principal!, {
          ...input,
          status: input.status as HousingStatus | null,
        }),
      }),
    }),
  }),
});
