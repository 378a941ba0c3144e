/**
 * Table layouts, shared by the CDK stack and the embedded runtime so both
 * create exactly the same keys and indexes. Every key is built by keys/
 * (prefixes in keys/prefixes.ts); this is the map.
 *
 * Hub table (logs, idempotency reservations, checkpoints, read models), all keys strings:
 *   LOG#<domain>             / <seq, 12 digits>   an event (append-only)         keys/log.ts
 *   IDEM#<sub>#<key>         / IDEM               idempotency reservation        keys/idempotency.ts
 *   RATE#<kind>#<sub>        / <window start>     a rate-limit window            keys/rate-limits.ts
 *   (TTL attribute `expiresAt`, epoch seconds: reservations after the idempotency window, rate windows)
 *   CKPT#<domain>            / CKPT               projector checkpoint           keys/checkpoints.ts
 *   CKPT#fanout              / CKPT               fan-out checkpoint and lease   keys/checkpoints.ts
 *   VERIFY#<domain>          / VERIFY             verified anchor of the log     keys/verification.ts
 *   EPOCH#log                / EPOCH              which life of the store the logs belong to   keys/epoch.ts
 *   RM#E#<domain>#<root>     / <rest> or '#'      an entity's latest value       keys/entity-items.ts
 *   RM#<model>...            / ...                domain read models             keys/read-models.ts
 *   GSI byEntity: GSI1PK = ENT#<domain>#<entity root>, GSI1SK = <seq>              keys/log.ts
 *   GSI byActor:  GSI2PK = ACT#<sub>,                  GSI2SK = <domain>#<seq>     keys/log.ts
 *
 * Connections table (WebSocket connections and subscriptions), TTL attribute
 * `expiresAt` in epoch seconds:                                                  keys/connections.ts
 *   CONN#<connectionId>      / CONN               the connection: state, claims, deadlines
 *   CONN#<connectionId>      / SUB#<id>           a subscription of it (lists its topics)
 *   TOPIC#<topic>            / <connId>#<id>      the same subscription, found by the fan-out
 *   OWNER#<sub>              / <connectionId>     a principal's acknowledged connection (its cap)
 */
export interface KeyAttr {
  name: string;
  type: 'S' | 'N';
}
export interface IndexLayout {
  name: string;
  partitionKey: KeyAttr;
  sortKey: KeyAttr;
}
export interface TableLayout {
  partitionKey: KeyAttr;
  sortKey: KeyAttr;
  indexes: IndexLayout[];
  ttlAttribute?: string;
}

export const HUB_TABLE: TableLayout = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  indexes: [
    { name: 'byEntity', partitionKey: { name: 'GSI1PK', type: 'S' }, sortKey: { name: 'GSI1SK', type: 'S' } },
    { name: 'byActor', partitionKey: { name: 'GSI2PK', type: 'S' }, sortKey: { name: 'GSI2SK', type: 'S' } },
  ],
  // Idempotency reservations past their window and rate-limit windows; log items never carry it.
  ttlAttribute: 'expiresAt',
};

export const CONNECTIONS_TABLE: TableLayout = {
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  indexes: [],
  ttlAttribute: 'expiresAt',
};

/** CreateTable input for a layout (on-demand billing), used by the embedded runtime and tests. */
export function createTableInput(tableName: string, layout: TableLayout) {
  const attrs = new Map<string, KeyAttr>();
  for (const a of [
    layout.partitionKey,
    layout.sortKey,
    ...layout.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  ]) {
    attrs.set(a.name, a);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    KeySchema: [
      { AttributeName: layout.partitionKey.name, KeyType: 'HASH' as const },
      { AttributeName: layout.sortKey.name, KeyType: 'RANGE' as const },
    ],
    AttributeDefinitions: [...attrs.values()].map((a) => ({ AttributeName: a.name, AttributeType: a.type })),
    GlobalSecondaryIndexes:
      layout.indexes.length === 0
        ? undefined
        : layout.indexes.map((i) => ({
            IndexName: i.name,
            KeySchema: [
              { AttributeName: i.partitionKey.name, KeyType: 'HASH' as const },
              { AttributeName: i.sortKey.name, KeyType: 'RANGE' as const },
            ],
            Projection: { ProjectionType: 'ALL' as const },
          })),
  };
}
