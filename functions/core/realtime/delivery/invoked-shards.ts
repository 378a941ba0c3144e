/**
 * Delivery by separate invocations (issue 10): the shards of a group go to
 * synchronous (RequestResponse) invocations of the Deliver function, one per
 * shard, while the first shard runs in this process — a lone shard costs no
 * invoke at all. Synchronous, so the fan-out still waits for every shard at
 * the end of a group before it saves its position: per-connection order and
 * the resume guarantee hold as with in-process shards.
 *
 * - Payload limit: a shard whose request would exceed Lambda's 6 MB is split
 *   by connection into pieces that fit (job-pieces.ts); one connection's job
 *   still over it is posted here.
 * - Deadline: each request carries the time the invocation may take: until
 *   the pass's stop point (the Stream's context, its reserve kept out). The
 *   Deliver stops posting while a share of that is left (SHARD_STOP_SHARE),
 *   within an event too, ends the connections it cut for resume itself and
 *   answers who they are, before the pass must stop. Nothing comes back to
 *   post here: a Deliver short of time means this process is short of it too.
 * - Refused before running (throttled: 429, or any other 4xx: nothing was
 *   posted): retried twice with a short backoff, then posted here.
 * - Failed after running (an error, a timeout, a lost answer): which posts
 *   were made is unknown. Posting again would double some, skipping would lose
 *   some, so every connection of the shard is ended for resume (send-next.ts
 *   `endForResume`): its client reconnects and back-fills from its last cursor.
 *   Nothing lost, nothing doubled; the failure is logged.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LAMBDA } from '../../aws/service-limits.js';
import { logHandledFailure } from '../../handled-failures.js';
import type { Logger } from '../../logger.js';
import { mapLimit } from '../../map-limit.js';
import type { ConnectionStore } from '../connections/connection-store.js';
import type { SocketFactory } from '../connections/socket.js';
import { encodeDeliverRequest } from './deliver-request.js';
import { connectionsOf, mergeOutcomes, splitToFit } from './job-pieces.js';
import { endForResume } from './send-next.js';
import { emptyOutcome, type ShardJob, type ShardOutcome, type ShardRunner } from './shards.js';
import type { RemainingMs } from './time-budget.js';

export interface InvokedShardsDeps {
  lambda: Pick<LambdaClient, 'send'>;
  /** The Deliver function's name (DELIVER_FUNCTION). */
  functionName: string;
  /**
   * Posts a shard in this process (the lone shard, an oversized piece, a
   * refused invocation's job), until the pass's stop point (shards.ts `runShard`).
   */
  here(job: ShardJob, untilStopMs?: RemainingMs): Promise<ShardOutcome>;
  store: ConnectionStore;
  socketFor: SocketFactory;
  logger: Logger;
  /** Largest request body; default Lambda's synchronous limit. */
  maxPayloadBytes?: number;
  /** Backoff before retrying a refused invocation, ms (doubled each time). Default 50. */
  retryDelayMs?: number;
}

/** Invocation outcomes, counted for tests and logs. */
export interface InvokedShardsStats {
  invocations: number;
  refused: number;
  failed: number;
  /** Pieces posted here because even one connection's request was over the payload limit. */
  oversized: number;
}

const REFUSAL_RETRIES = 2;
/** Answers of the Lambda API that mean the function never ran: nothing was posted. */
const neverRan = (err: unknown) => {
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return status !== undefined && status >= 400 && status < 500;
};

export function invokedShards(deps: InvokedShardsDeps): ShardRunner & { stats: InvokedShardsStats } {
  const stats: InvokedShardsStats = { invocations: 0, refused: 0, failed: 0, oversized: 0 };
  const maxBytes = deps.maxPayloadBytes ?? LAMBDA.maxSyncPayloadBytes;

  const invoke = async (job: ShardJob, untilStopMs?: RemainingMs): Promise<ShardOutcome> => {
    const budgetMs = untilStopMs ? Math.floor(untilStopMs()) : undefined;
    for (let attempt = 0; ; attempt++) {
      stats.invocations++;
      let answer: Awaited<ReturnType<typeof send>>;
      try {
        answer = await send(job, budgetMs);
      } catch (err) {
        if (!neverRan(err)) return endShard(job, err);
        stats.refused++;
        if (attempt < REFUSAL_RETRIES) {
          await new Promise((r) => setTimeout(r, (deps.retryDelayMs ?? 50) * 2 ** attempt));
          continue;
        }
        deps.logger.warn('Deliver invocation refused; posting its shard here', { err, connections: job.posts.length });
        return deps.here(job, untilStopMs);
      }
      if (answer.FunctionError) return endShard(job, new Error(answer.text.slice(0, 500)));
      // Complete, or stopped for its deadline with its cut connections ended for resume (`cut`).
      return JSON.parse(answer.text) as ShardOutcome;
    }
  };

  const send = async (job: ShardJob, budgetMs: number | undefined) => {
    const r = await deps.lambda.send(
      new InvokeCommand({
        FunctionName: deps.functionName,
        InvocationType: 'RequestResponse',
        Payload: encodeDeliverRequest({ job, budgetMs }),
      }),
    );
    return { FunctionError: r.FunctionError, text: Buffer.from(r.Payload ?? []).toString('utf8') };
  };

  const endShard = async (job: ShardJob, err: unknown): Promise<ShardOutcome> => {
    stats.failed++;
    const connections = connectionsOf(job);
    logHandledFailure(deps.logger, 'deliverInvocationFailed', 'Deliver invocation failed; its connections resume', {
      connections: connections.length,
      events: job.events.length,
      err,
    });
    await mapLimit(connections, 32, (c) => endForResume(deps, deps.socketFor(c), c));
    return { ...emptyOutcome(), failed: connections, through: job.events.length };
  };

  const deliverInvoked = async (job: ShardJob, untilStopMs?: RemainingMs): Promise<ShardOutcome> => {
    const size = (j: ShardJob) => encodeDeliverRequest({ job: j, budgetMs: Number.MAX_SAFE_INTEGER }).length;
    const pieces = splitToFit(job, size, maxBytes);
    const outcomes = await Promise.all(
      pieces.map((p) => {
        if (p.fits) return invoke(p.job, untilStopMs);
        stats.oversized++;
        return deps.here(p.job, untilStopMs);
      }),
    );
    return pieces.length === 1 ? outcomes[0] : mergeOutcomes(outcomes, job.events.length);
  };

  const run: ShardRunner = (jobs, untilStopMs) =>
    Promise.all(jobs.map((job, i) => (i === 0 ? deps.here(job, untilStopMs) : deliverInvoked(job, untilStopMs))));
  return Object.assign(run, { stats });
}
