/**
 * What travels between the fan-out and a Deliver invocation: the request (one
 * shard's job and how long the invocation may take) as JSON, and the Deliver
 * handler that answers it with the shard's outcome. The request is checked
 * before anything is posted: a malformed one fails the invocation with an error
 * naming what is wrong, and posts nothing.
 */
import { DOMAINS } from '../../../../schema/model.js';
import { inRequestScope } from '../../logger.js';
import { deliverShard, type ShardDeps, type ShardJob, type ShardOutcome, shardInTime } from './shards.js';

export interface DeliverRequest {
  job: ShardJob;
  /**
   * Milliseconds this invocation may spend: until the calling pass's stop
   * point (shards.ts `ShardRunner`). The shard stops posting while a share of the
   * shorter of it and the invocation's own time is left (SHARD_STOP_SHARE),
   * within an event too, ends the connections it cut for resume and answers
   * who they are (`cut`). Absent: the invocation's own deadline alone.
   */
  budgetMs?: number;
}

export class DeliverRequestError extends Error {
  constructor(problem: string) {
    super(`Invalid Deliver request: ${problem}`);
    this.name = 'DeliverRequestError';
  }
}

/** The request body, as sent and as measured against Lambda's payload limit. */
export const encodeDeliverRequest = (request: DeliverRequest): Buffer => Buffer.from(JSON.stringify(request));

const isPost = (p: unknown, payloads: number): boolean =>
  Array.isArray(p) &&
  typeof p[0] === 'string' &&
  typeof p[1] === 'string' &&
  Number.isInteger(p[2]) &&
  p[2] >= 0 &&
  p[2] < payloads &&
  (p[3] === undefined || p[3] === null || typeof p[3] === 'number');

/** Checks an invocation's event; throws DeliverRequestError naming the first problem. */
export function parseDeliverRequest(event: unknown): DeliverRequest {
  const { job, budgetMs } = (event ?? {}) as Partial<DeliverRequest>;
  if (budgetMs !== undefined && !(typeof budgetMs === 'number' && budgetMs >= 0))
    throw new DeliverRequestError(`budgetMs must be a number of milliseconds ≥ 0, got ${JSON.stringify(budgetMs)}`);
  if (typeof job !== 'object' || job === null) throw new DeliverRequestError('job is missing');
  const { events, payloads, posts } = job;
  if (!Array.isArray(events) || !events.every((e) => DOMAINS.includes(e?.domain) && Number.isInteger(e?.seq)))
    throw new DeliverRequestError('job.events must be a list of { domain, seq }');
  if (!Array.isArray(payloads) || !payloads.every((p) => typeof p === 'string'))
    throw new DeliverRequestError('job.payloads must be a list of JSON texts');
  if (!Array.isArray(posts) || posts.length !== events.length)
    throw new DeliverRequestError(`job.posts must hold one list per event (${events.length})`);
  for (const [i, list] of posts.entries()) {
    if (!Array.isArray(list) || !list.every((p) => isPost(p, payloads.length)))
      throw new DeliverRequestError(
        `job.posts[${i}] must be [connectionId, id, payload index below ${payloads.length}, token expiry?] entries`,
      );
  }
  // JSON has no `undefined`: a missing token expiry arrives as null.
  const clean = posts.map((list) => list.map(([c, id, p, exp]) => [c, id, p, exp ?? undefined] as const));
  return { job: { events, payloads, posts: clean as ShardJob['posts'] }, budgetMs };
}

type DeliverContext = { awsRequestId?: string; getRemainingTimeInMillis?: () => number };

/** The Deliver function's handler: one shard posted, its outcome answered. */
export function makeDeliverHandler(deps: ShardDeps) {
  return (event: unknown, context?: DeliverContext): Promise<ShardOutcome> =>
    inRequestScope({ awsRequestId: context?.awsRequestId }, async () => {
      const { job, budgetMs } = parseDeliverRequest(event);
      const ownLeft = context?.getRemainingTimeInMillis?.bind(context);
      const until = budgetMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + budgetMs;
      const left = () => Math.min(ownLeft ? ownLeft() : Number.POSITIVE_INFINITY, until - Date.now());
      return deliverShard(job, deps, Number.isFinite(left()) ? shardInTime(left) : undefined);
    });
}
