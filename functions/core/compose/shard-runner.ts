/**
 * How the Stream function delivers a group's shards: with DELIVER_FUNCTION
 * set, by Deliver invocations beside one shard in process
 * (realtime/delivery/invoked-shards.ts); without it, all in process. Only the
 * Stream entry (and its embedded stand-in) composes this, so the Lambda client
 * is in no other bundle.
 */
import { createLambdaClient } from '../aws/lambda-client.js';
import { invokedShards } from '../realtime/delivery/invoked-shards.js';
import { runShard, SHARD_DEFAULTS, type ShardRunner } from '../realtime/delivery/shards.js';
import type { Base } from './base.js';
import type { Connections } from './connections.js';

export function composeShardRunner(base: Base, connections: Connections): ShardRunner | undefined {
  const { config, logger } = base;
  if (!config.deliverFunction) return undefined;
  const { store, socketFor } = connections;
  const shardDeps = { store, socketFor, logger, concurrency: SHARD_DEFAULTS.postsInFlight };
  return invokedShards({
    lambda: createLambdaClient(config),
    functionName: config.deliverFunction,
    here: (job, remainingMs) => runShard(job, shardDeps, remainingMs),
    store,
    socketFor,
    logger,
  });
}
