/** The auditor's view: the log itself, filtered and paginated by seq, and its integrity check. */
import { builder } from '../builder.js';
import type { EventPage, LogVerification } from '../model.js';
import { DomainEnum } from './enums.js';
import { HubEventRef } from './hub-event.js';
import { PageInfoRef } from './pagination.js';

const EventEdgeRef = builder.objectRef<EventPage['events'][number]>('EventEdge').implement({
  fields: (t) => ({
    cursor: t.string({ description: 'The seq, as a string.', resolve: (e) => String(e.seq) }),
    node: t.field({ type: HubEventRef, resolve: (e) => e }),
  }),
});

const EventConnectionRef = builder.objectRef<EventPage>('EventConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [EventEdgeRef], resolve: (p) => p.events }),
    nodes: t.field({ type: [HubEventRef], resolve: (p) => p.events }),
    pageInfo: t.field({
      type: PageInfoRef,
      resolve: (p) => ({ hasNextPage: p.hasNextPage, endCursor: p.endSeq === null ? null : String(p.endSeq) }),
    }),
    endSeq: t.int({
      nullable: true,
      description: 'Last seq examined: pass it as `after` to continue.',
      resolve: (p) => p.endSeq,
    }),
  }),
});

const LogVerificationRef = builder.objectRef<LogVerification>('LogVerification').implement({
  fields: (t) => ({
    domain: t.field({ type: DomainEnum, resolve: (v) => v.domain }),
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked', { description: 'Events whose hash was recomputed.' }),
    firstBadSeq: t.exposeInt('firstBadSeq', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    headSeq: t.exposeInt('headSeq'),
    headHash: t.exposeString('headHash', {
      nullable: true,
      description: 'Hash of the last good event: publish it to anchor the log.',
    }),
  }),
});

builder.queryFields((t) => ({
  events: t.field({
    type: EventConnectionRef,
    description: 'The log itself, oldest first (auditors). Filters narrow it; each call examines at most 5,000 events.',
    authScopes: { auditor: true },
    args: {
      domain: t.arg({ type: DomainEnum, required: true }),
      after: t.arg.int({ description: 'Return events with seq greater than this.' }),
      first: t.arg.int({ description: 'Page size, 1–500 (default 100).' }),
      entityId: t.arg.id({
        description: 'A street or project code (all its values), or a full entity id such as 410104001:2023-05-01.',
      }),
      actor: t.arg.string({ description: 'Subject (sub) of the actor.' }),
      type: t.arg.string({ description: 'Event type, e.g. SortingRateCorrected.' }),
      from: t.arg({ type: 'DateTime' }),
      to: t.arg({ type: 'DateTime' }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.audit.events({ ...a, entityId: a.entityId == null ? null : String(a.entityId) }),
  }),
  event: t.field({
    type: HubEventRef,
    nullable: true,
    authScopes: { auditor: true },
    args: { domain: t.arg({ type: DomainEnum, required: true }), seq: t.arg.int({ required: true }) },
    resolve: (_r, a, ctx) => ctx.services.audit.event(a.domain, a.seq),
  }),
  verifyLog: t.field({
    type: LogVerificationRef,
    description:
      "Recomputes the domain log's hash chain; any edited, deleted or inserted item is reported with its seq.",
    authScopes: { auditor: true },
    args: { domain: t.arg({ type: DomainEnum, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.audit.verifyLog(a.domain),
  }),
}));
