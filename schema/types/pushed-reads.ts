/**
 * Reads a screen needs after every event, selectable on HubEvent so that a
 * subscription pushes them: `hubEvents { seq cursor dashboard { … } }`.
 *
 * Why here and not as HTTP queries: the fan-out executes each distinct
 * subscription operation once per event (fan-out.ts, payloadKey) and posts
 * the one result to every holder, so a thousand screens with the same
 * document cost one dashboard computation per event and no HTTP request.
 * Selected on a queried event (Query.events, recentEvents) they return the
 * state as it is now, not as it was at that event; the complexity cost keeps
 * a page of events from computing a dashboard per node.
 */
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { DashboardRef } from './dashboard.js';
import { MonthlyInvestmentRef } from './history.js';
import { HubEventRef } from './hub-event.js';
import { HousingProjectRef } from './reference.js';

/**
 * A quarter of dashboard-sized work: one event may carry all three reads, but a
 * list of events (×10 in the complexity count) selecting one exceeds the limit
 * of 20,000 (schema/builder.ts), so a page of events never computes one per node.
 */
const PUSHED_READ_COMPLEXITY = 2500;

/** Once per delivery step when the context shares its reads (schema/context.ts `pushedReads`), else each time. */
function shared<T>(ctx: Context, key: unknown[], read: () => Promise<T>): Promise<T> {
  const memo = ctx.pushedReads;
  if (!memo) return read();
  const k = JSON.stringify([key, ctx.principal?.role ?? null, ctx.principal?.dept ?? null]);
  let p = memo.get(k) as Promise<T> | undefined;
  if (!p) {
    p = read();
    memo.set(k, p);
  }
  return p;
}

builder.objectFields(HubEventRef, (t) => ({
  dashboard: t.field({
    type: DashboardRef,
    description:
      'The dashboard (same as Query.dashboard) as it stands once this event is applied. In a subscription it is computed once per event for all subscribers of the same operation.',
    complexity: PUSHED_READ_COMPLEXITY,
    args: {
      year: t.arg.int({ description: 'Plan year; default the year of asOf.' }),
      asOf: t.arg({ type: 'Date', description: 'Day the time progress is measured at; default today.' }),
    },
    resolve: (_e, a, ctx) =>
      shared(ctx, ['dashboard', a.year, a.asOf], () => ctx.services.read.dashboard({ year: a.year, asOf: a.asOf })),
  }),
  investmentMonthly: t.field({
    type: [MonthlyInvestmentRef],
    nullable: true,
    description: 'Query.investmentMonthly as it stands once this event is applied (construction readers).',
    authScopes: { readDomain: 'construction' },
    complexity: PUSHED_READ_COMPLEXITY,
    args: { year: t.arg.int({ required: true }) },
    resolve: (_e, a, ctx) =>
      shared(ctx, ['investmentMonthly', a.year], () => ctx.services.read.investmentMonthly({ year: a.year })),
  }),
  housingProjects: t.field({
    type: [HousingProjectRef],
    nullable: true,
    description: 'Query.housingProjects as it stands once this event is applied (housing readers).',
    authScopes: { readDomain: 'housing' },
    complexity: PUSHED_READ_COMPLEXITY,
    args: { street: t.arg.id() },
    resolve: (_e, a, ctx) =>
      shared(ctx, ['housingProjects', a.street ?? null], () =>
        ctx.services.reference.housingProjects({ street: a.street == null ? null : String(a.street) }),
      ),
  }),
}));
