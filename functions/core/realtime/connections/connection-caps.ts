/**
 * The caps of the connections table: subscriptions per connection and
 * acknowledged connections per principal. A principal's connections are
 * `OWNER#<sub> / <connectionId>` rows written at `connection_init` with the
 * connection's own expiry, deleted with the connection (removeConnection) and,
 * when a `$disconnect` is lost, ignored once expired and swept. Counting then
 * writing is not atomic: two inits racing may both take the last slot, so a
 * cap can be passed by the number of concurrent inits, never more.
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { connectionPk, ownerKey, ownerPk } from '../../store/keys/connections.js';
import { PREFIX } from '../../store/keys/prefixes.js';
import { toEpochSeconds } from './connection-store.js';

export class ConnectionCaps {
  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Live subscriptions of a connection (markers of early completes are not subscriptions). */
  async subscriptionCount(connectionId: string): Promise<number> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :sub)',
        FilterExpression: 'attribute_not_exists(completedEarly) OR completedEarly <> :t',
        ExpressionAttributeValues: { ':pk': connectionPk(connectionId), ':sub': PREFIX.subscription, ':t': true },
        Select: 'COUNT',
        ConsistentRead: true,
      }),
    );
    return out.Count ?? 0;
  }

  /** Takes one of the principal's `max` connection slots for this connection; false when all are taken. */
  async claimConnectionSlot(sub: string, connectionId: string, expiresAt: number, max: number): Promise<boolean> {
    const out = await this.ddb.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk',
        FilterExpression: 'expiresAt > :now',
        ExpressionAttributeValues: { ':pk': ownerPk(sub), ':now': toEpochSeconds(this.now()) },
        Select: 'COUNT',
        ConsistentRead: true,
      }),
    );
    if ((out.Count ?? 0) >= max) return false;
    await this.ddb.send(
      new PutCommand({ TableName: this.table, Item: { ...ownerKey(sub, connectionId), connectionId, expiresAt } }),
    );
    return true;
  }

  async releaseConnectionSlot(sub: string, connectionId: string): Promise<void> {
    await this.ddb.send(new DeleteCommand({ TableName: this.table, Key: ownerKey(sub, connectionId) }));
  }
}
