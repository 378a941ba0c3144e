/**
 * Subscription.hubEvents. On the Lambda path the fan-out executes the
 * subscription document once per event with the event as root value (so
 * `resolve` returns its parent); in-process servers use `subscribe` with the
 * context's live event source.
 */
import { builder } from '../builder.js';
import { parseCursor } from '../cursor.js';
import { EpochChangedError, ForbiddenError, HubError } from '../errors.js';
import { type DomainName, type Principal, REPORT_DOMAINS } from '../model.js';
import { DomainEnum } from './enums.js';
import { HubEventRef, type HubEventShape, RecentEventsRef } from './hub-event.js';

/**
 * Domains a subscriber follows: those asked for, or by default the three
 * report domains (a department: its own). Departments may follow their own
 * domain and reference data only.
 */
export function followedDomains(p: Principal, domains: readonly DomainName[] | null | undefined): DomainName[] {
  const chosen =
    domains && domains.length > 0
      ? [...new Set(domains)]
      : p.role === 'department' && p.dept
        ? [p.dept]
        : [...REPORT_DOMAINS];
  for (const d of chosen) {
    if (p.role === 'department' && p.dept !== d && d !== 'reference') {
      throw new ForbiddenError(`A ${p.dept} department may follow its own domain only, not ${d}`);
    }
  }
  return chosen;
}

builder.queryFields((t) => ({
  recentEvents: t.field({
    type: RecentEventsRef,
    description:
      "The newest events of the given domains (default: the three report domains; a department's own domain) for a screen's ticker, and the cursor to subscribe from.",
    authScopes: { authenticated: true },
    args: {
      domains: t.arg({ type: [DomainEnum] }),
      last: t.arg.int({ defaultValue: 20, required: true, description: '1–200.' }),
    },
    resolve: (_root, args, ctx) => {
      const domains = followedDomains(ctx.principal!, args.domains);
      return ctx.services.read.recentEvents({ domains, last: args.last });
    },
  }),
}));

builder.subscriptionType({
  fields: (t) => ({
    hubEvents: t.field({
      type: HubEventRef,
      description:
        "Every new event of the given domains (default: the three report domains; a department's own domain), live. With `after` (a cursor from an event), first back-fills what was missed, then goes live; drop duplicates by (domain, seq) within one epoch. A cursor of another epoch (the store was recreated) is refused with CONFLICT, extensions.reason EPOCH_CHANGED: reload, then subscribe with the cursor of recentEvents.",
      authScopes: { authenticated: true },
      args: {
        domains: t.arg({ type: [DomainEnum] }),
        after: t.arg.string({ description: 'Cursor of the last event received.' }),
        street: t.arg.id({ description: 'Only events about this street.' }),
        entityId: t.arg.id({
          description: 'Only events about this entity (a project or housing project code, or a full entity id).',
        }),
      },
      subscribe: async (_root, args, ctx) => {
        const domains = followedDomains(ctx.principal!, args.domains);
        if (args.after != null) {
          // Seqs of another life of the logs name positions that no longer exist: never back-fill from them.
          const { epoch } = parseCursor(args.after);
          const current = await ctx.services.read.logEpoch();
          if (epoch !== null && epoch !== current) throw new EpochChangedError('after', current);
        }
        if (!ctx.live) throw new HubError('INTERNAL', 'This server does not stream subscriptions in-process');
        return ctx.live.subscribe({
          domains,
          after: args.after ?? null,
          street: args.street == null ? null : String(args.street),
          entityId: args.entityId == null ? null : String(args.entityId),
        });
      },
      resolve: (event: HubEventShape) => event,
    }),
  }),
});
