/** HubEvent: one log entry, as queries return it and subscriptions push it. */
import { builder } from '../builder.js';
import { encodeCursor, withEpoch } from '../cursor.js';
import type { Actor, HubEventRecord } from '../model.js';
import { DomainEnum, RoleEnum } from './enums.js';

/** Subscriptions attach a cursor covering every subscribed domain; queries fall back to the event's own position. */
export type HubEventShape = HubEventRecord & { cursor?: string };

export const ActorRef = builder.objectRef<Actor>('Actor').implement({
  description: 'Who made a change.',
  fields: (t) => ({
    sub: t.exposeString('sub', { description: 'Subject of the token that made the change.' }),
    role: t.field({ type: RoleEnum, resolve: (a) => a.role }),
    dept: t.string({ nullable: true, resolve: (a) => a.dept ?? null }),
  }),
});

export const HubEventRef = builder.objectRef<HubEventShape>('HubEvent').implement({
  description: 'One entry of a domain log: a report, a correction or a reference-data change.',
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: 'Position in the domain log, gapless from 1.' }),
    domain: t.field({ type: DomainEnum, resolve: (e) => e.domain }),
    type: t.exposeString('type', { description: 'e.g. SortingRateReported, SortingRateCorrected, ProjectRegistered.' }),
    entityId: t.exposeID('entityId', {
      description: 'The value this event sets, e.g. <street>:<date> or <project>:<period>.',
    }),
    at: t.field({ type: 'DateTime', resolve: (e) => e.at }),
    actor: t.string({ description: 'Subject (sub) of whoever made the change.', resolve: (e) => e.actor.sub }),
    actorInfo: t.field({
      type: ActorRef,
      description: 'Subject, role and department of whoever made the change.',
      resolve: (e) => e.actor,
    }),
    cursor: t.string({
      description:
        'Opaque resume position (with the log epoch): pass it as hubEvents(after:) to continue after this event.',
      // The fan-out and the back-fill build positions; the log's epoch is stamped on here, for every path.
      resolve: async (e, _args, ctx) =>
        withEpoch(e.cursor ?? encodeCursor({ [e.domain]: e.seq }), await ctx.services.read.logEpoch()),
    }),
    epoch: t.string({
      description:
        'Which life of the logs this event belongs to. Seqs start again when the store is recreated (a restore, a new table): an event of another epoch than the last one you saw is new, not a duplicate — reload what you show.',
      resolve: (_e, _args, ctx) => ctx.services.read.logEpoch(),
    }),
    data: t.field({ type: 'JSON', resolve: (e) => e.data }),
    prev: t.field({
      type: 'JSON',
      nullable: true,
      description: 'The value this event replaced (old → new), null for a first report.',
      resolve: (e) => e.prev,
    }),
    isCorrection: t.boolean({
      description:
        'It replaced a value (prev), or is a confirmed correction of a questionable figure (type …Corrected).',
      resolve: (e) => e.prev !== null || e.type.endsWith('Corrected'),
    }),
    idempotencyKey: t.string({ nullable: true, resolve: (e) => e.idempotencyKey ?? null }),
    hash: t.exposeString('hash', { description: 'SHA-256(prevHash ‖ canonical JSON of the event).' }),
    prevHash: t.exposeString('prevHash'),
  }),
});

export const RecentEventsRef = builder
  .objectRef<{ events: HubEventShape[]; cursor: string; epoch: string }>('RecentEvents')
  .implement({
    description:
      'The newest events and where the logs stand: subscribe with hubEvents(after: cursor) to continue without a gap.',
    fields: (t) => ({
      events: t.field({ type: [HubEventRef], description: 'Newest first.', resolve: (r) => r.events }),
      cursor: t.exposeString('cursor', { description: "The logs' heads when read, for hubEvents(after:)." }),
      epoch: t.exposeString('epoch', { description: 'The epoch of the logs (as on HubEvent.epoch).' }),
    }),
  });

export const ReportResultRef = builder.objectRef<{ event: HubEventShape }>('ReportResult').implement({
  fields: (t) => ({ event: t.field({ type: HubEventRef, resolve: (r) => r.event }) }),
});
