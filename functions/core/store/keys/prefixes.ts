/**
 * The `PK` prefixes of every item the hub stores: the one place they are
 * spelled. Key builders (this folder), IAM grants (functions/manifest.ts via
 * infra/) and filters (the stream, the rebuild) all read them from here, so a
 * grant and the keys it guards cannot drift apart.
 */
export const PREFIX = {
  /** Hub table: a domain's log, `LOG#<domain>`. */
  log: 'LOG#',
  /** Hub table, GSI byEntity: `ENT#<domain>#<entity root>`. */
  entity: 'ENT#',
  /** Hub table, GSI byActor: `ACT#<sub>`. */
  actor: 'ACT#',
  /** Hub table: read models, `RM#...` (entity items are `RM#E#...`). */
  readModel: 'RM#',
  /** Hub table: checkpoints, `CKPT#<domain>` (projector) and `CKPT#fanout`. */
  checkpoint: 'CKPT#',
  /** Hub table: verified (seq, hash) anchors of a domain's log and its full re-verification, `VERIFY#<domain>`. */
  verification: 'VERIFY#',
  /** Hub table: the epoch of the logs, which life of the store they belong to, `EPOCH#log`. */
  epoch: 'EPOCH#',
  /** Hub table: idempotency reservations, `IDEM#<sub>#<key>`. */
  idempotency: 'IDEM#',
  /** Hub table: per-principal rate-limit windows, `RATE#<kind>#<sub>` (expire by TTL). */
  rateLimit: 'RATE#',
  /** Connections table: the connections a principal holds, `OWNER#<sub>` / `<connectionId>`. */
  owner: 'OWNER#',
  /** Connections table: a WebSocket connection and its subscriptions, `CONN#<connectionId>`. */
  connection: 'CONN#',
  /** Connections table: the sort-key prefix of a subscription row, `SUB#<id>`. */
  subscription: 'SUB#',
  /** Connections table: where the fan-out finds a topic's subscribers, `TOPIC#<topic>`. */
  topic: 'TOPIC#',
} as const;

export type KeyPrefix = (typeof PREFIX)[keyof typeof PREFIX];

/** A primary key of either table: both use string `PK` and `SK`. */
export interface ItemKey {
  PK: string;
  SK: string;
}
