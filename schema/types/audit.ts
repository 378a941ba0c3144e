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

const VerificationModeEnum = builder.enumType('VerificationMode', {
  values: {
    FULL: { description: "This call's chain check started at seq 1 (no anchor was stored yet)." },
    INCREMENTAL: { description: 'This call checked only what followed the last verified anchor.' },
  } as const,
});

const LogVerificationRef = builder.objectRef<LogVerification>('LogVerification').implement({
  fields: (t) => ({
    domain: t.field({ type: DomainEnum, resolve: (v) => v.domain }),
    ok: t.exposeBoolean('ok'),
    checked: t.exposeInt('checked', {
      description: 'Events whose hash this call recomputed (what is new, and any full re-verification).',
    }),
    firstBadSeq: t.exposeInt('firstBadSeq', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
    headSeq: t.exposeInt('headSeq', { description: 'Seq of the last good event verified.' }),
    headHash: t.exposeString('headHash', {
      nullable: true,
      description: 'Hash of the last good event: publish it to anchor the log.',
    }),
    mode: t.field({ type: VerificationModeEnum, resolve: (v) => v.mode }),
    complete: t.exposeBoolean('complete', {
      description: 'The check reached the head of the log. False: the time budget ran out first; call again to go on.',
    }),
    verifiedThrough: t.exposeInt('verifiedThrough', {
      description: 'Every event up to this seq is verified and linked to seq 1; the next call starts after it.',
    }),
    fullCheckProgress: t.exposeInt('fullCheckProgress', {
      nullable: true,
      description: 'Seq a running full re-verification has reached (null: none running). Each call continues it.',
    }),
    fullCheckTarget: t.exposeInt('fullCheckTarget', {
      nullable: true,
      description: 'Seq the running full re-verification must reach.',
    }),
    lastFullCheckAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last full verification from seq 1 finished.',
      resolve: (v) => v.lastFullCheckAt,
    }),
    lastFullCheckThrough: t.exposeInt('lastFullCheckThrough', {
      nullable: true,
      description: 'The seq the last full verification reached.',
    }),
  }),
});

builder.queryFields((t) => ({
  events: t.field({
    type: EventConnectionRef,
    description:
      'The log itself, oldest first unless newestFirst (auditors). Filters narrow it; each call examines at most 5,000 events.',
    authScopes: { auditor: true },
    args: {
      domain: t.arg({ type: DomainEnum, required: true }),
      after: t.arg.int({ description: 'Return events with seq greater than this.' }),
      before: t.arg.int({ description: 'Return events with seq less than this (newest first: the last endSeq).' }),
      newestFirst: t.arg.boolean({
        description:
          'Read from the newest event backwards (what an auditor opens on); endSeq is then the lowest seq examined.',
      }),
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
      "Recomputes the domain log's hash chain; any edited, deleted or inserted item is reported with its seq. " +
      'Incremental: a call checks what follows the last verified anchor, within the request time; a full ' +
      're-verification from seq 1 runs daily (or when asked for) over as many calls as it needs.',
    authScopes: { auditor: true },
    args: {
      domain: t.arg({ type: DomainEnum, required: true }),
      full: t.arg.boolean({
        description: 'Start a full re-verification from seq 1 now; later calls continue it where this one stops.',
      }),
    },
    resolve: (_r, a, ctx) =>
      ctx.services.audit.verifyLog(a.domain, { full: a.full ?? false, remainingMs: ctx.remainingMs?.() ?? null }),
  }),
}));
