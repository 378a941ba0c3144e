/**
 * The two DynamoDB tables, built from the same layouts the embedded runtime
 * uses (functions/core/store/tables.ts), so keys and indexes cannot drift.
 *
 * Durability: the hub table holds the append-only log, i.e. the only copy of
 * the truth, so both tables get point-in-time recovery, deletion protection and
 * a RETAIN removal policy (a `cdk destroy` leaves them in place; README.md, "Deploy to AWS"
 * explains how to re-attach them).
 *
 * Encryption: AWS managed key (`aws/dynamodb`). A customer managed key would
 * cost a key per month plus requests, and would need kms grants for every
 * reader including the stream's event source mapping, for no gain in this
 * threat model: access is already limited per function and per key prefix by
 * IAM, and key use is still visible in CloudTrail.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { KeyAttr, TableLayout } from '../../functions/core/store/tables.js';
import { CONNECTIONS_TABLE, HUB_TABLE } from '../../functions/core/store/tables.js';

const attr = (k: KeyAttr) => ({ name: k.name, type: k.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER });

function tableFromLayout(scope: Construct, id: string, layout: TableLayout, stream?: StreamViewType): Table {
  const table = new Table(scope, id, {
    partitionKey: attr(layout.partitionKey),
    sortKey: attr(layout.sortKey),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    encryption: TableEncryption.AWS_MANAGED,
    timeToLiveAttribute: layout.ttlAttribute,
    stream,
  });
  for (const index of layout.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: attr(index.partitionKey),
      sortKey: attr(index.sortKey),
    });
  }
  return table;
}

export class HubTables extends Construct {
  readonly hub: Table;
  readonly connections: Table;
  /** Index names of each table, for index-scoped read grants. */
  readonly indexNames: { hub: string[]; connections: string[] };

  constructor(scope: Construct, id: string) {
    super(scope, id);
    // KEYS_ONLY: the projector only needs to know which log moved; it reads the
    // items itself, in order, from its checkpoint.
    this.hub = tableFromLayout(this, 'Hub', HUB_TABLE, StreamViewType.KEYS_ONLY);
    this.connections = tableFromLayout(this, 'Connections', CONNECTIONS_TABLE);
    this.indexNames = {
      hub: HUB_TABLE.indexes.map((i) => i.name),
      connections: CONNECTIONS_TABLE.indexes.map((i) => i.name),
    };
  }
}
