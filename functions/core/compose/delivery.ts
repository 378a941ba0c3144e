/**
 * Composes the delivery room: the operations (subscription selections
 * executed with graphql's `execute` against the Pothos schema, no HTTP app),
 * the fan-out checkpoint, the fan-out and the back-fill. The Stream entry
 * delivers through the fan-out; the Ws entry back-fills on subscribe.
 */
import { schema } from '../../../schema/index.js';
import { Backfiller } from '../realtime/delivery/backfill.js';
import { createStreetOf } from '../realtime/delivery/event-street.js';
import { HubFanOut } from '../realtime/delivery/fan-out.js';
import { type CheckpointOptions, FanOutCheckpoint } from '../realtime/delivery/fan-out-checkpoint.js';
import { Operations } from '../realtime/delivery/operations.js';
import type { ShardRunner } from '../realtime/delivery/shards.js';
import type { Base } from './base.js';
import type { Connections } from './connections.js';
import type { Hub } from './hub.js';

export interface DeliveryOptions {
  checkpoint?: CheckpointOptions;
  /** Posts in flight per event. */
  concurrency?: number;
  /** How a group's shards are delivered (compose/shard-runner.ts); default all in process. */
  shards?: ShardRunner;
}

export interface Delivery {
  checkpoint: FanOutCheckpoint;
  operations: Operations;
  fanOut: HubFanOut;
  backfiller: Backfiller;
}

export function composeDelivery(
  base: Base,
  hub: Hub,
  connections: Connections,
  options: DeliveryOptions = {},
): Delivery {
  const { config, ddb, logger } = base;
  const { store, socketFor, now } = connections;
  const checkpoint = new FanOutCheckpoint(ddb, config.hubTable, { now, ...options.checkpoint });
  const operations = new Operations({ schema, services: hub.services, logger });
  const streetOf = createStreetOf(hub.services.reference);
  const shared = { logStore: hub.store, checkpoint, store, operations, streetOf, logger };
  const backfiller = new Backfiller({ ...shared, epoch: () => hub.epoch.current() });
  const { concurrency, shards } = options;
  const epoch = () => hub.epoch.info();
  const fanOut = new HubFanOut({ ...shared, epoch, socketFor, now, concurrency, shards, shardSize: config.shardSize });
  return { checkpoint, operations, fanOut, backfiller };
}
