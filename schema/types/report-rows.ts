/**
 * Reports in rows: the entry grid and the spreadsheet import send many rows
 * of one domain in one call. Each row is its own report (its own
 * idempotencyKey, event and error); the answer lists them in input order,
 * and a refused row is null with its error at path [field, index].
 */
import { builder } from '../builder.js';
import type { HousingStatus, ProjectStatus } from '../model.js';
import { ReportResultRef } from './hub-event.js';
import { HousingDeliveryInput, ProjectProgressInput, SortingReportInput } from './reports.js';

const ROWS_DESCRIPTION =
  'Many reports in one call, at most 50 rows, each exactly as if sent alone (own idempotencyKey, own event, ' +
  'own error: a refused row answers null with its error at path [field, index]); the read models are caught ' +
  'up once per call.';

/**
 * An Error list item becomes that row's GraphQL error (graphql-js completes an Error value by raising it);
 * Pothos's types know only the result shape, hence the cast.
 */
const asRows = (rows: unknown[]) => rows.map((r) => (r instanceof Error ? r : { event: r })) as never;

builder.mutationFields((t) => ({
  reportSortingRateRows: t.field({
    type: [ReportResultRef],
    nullable: { list: false, items: true },
    description: `${ROWS_DESCRIPTION} Sorting rates (城管局).`,
    authScopes: { writeDomain: 'sorting' },
    args: { inputs: t.arg({ type: [SortingReportInput], required: true }) },
    resolve: async (_r, { inputs }, ctx) =>
      asRows(await ctx.services.reports.reportSortingRateRows(ctx.principal!, inputs)),
  }),
  reportProjectProgressRows: t.field({
    type: [ReportResultRef],
    nullable: { list: false, items: true },
    description: `${ROWS_DESCRIPTION} Monthly project investment (发改委).`,
    authScopes: { writeDomain: 'construction' },
    args: { inputs: t.arg({ type: [ProjectProgressInput], required: true }) },
    resolve: async (_r, { inputs }, ctx) =>
      asRows(
        await ctx.services.reports.reportProjectProgressRows(
          ctx.principal!,
          inputs.map((i) => ({ ...i, status: i.status as ProjectStatus | null })),
        ),
      ),
  }),
  reportHousingDeliveryRows: t.field({
    type: [ReportResultRef],
    nullable: { list: false, items: true },
    description: `${ROWS_DESCRIPTION} Housing deliveries (住建局).`,
    authScopes: { writeDomain: 'housing' },
    args: { inputs: t.arg({ type: [HousingDeliveryInput], required: true }) },
    resolve: async (_r, { inputs }, ctx) =>
      asRows(
        await ctx.services.reports.reportHousingDeliveryRows(
          ctx.principal!,
          inputs.map((i) => ({ ...i, status: i.status as HousingStatus | null })),
        ),
      ),
  }),
}));
