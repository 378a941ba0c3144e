/**
 * The connections table (core/store/tables.ts: PK/SK strings, TTL `expiresAt`
 * in epoch seconds):
 *
 *   CONN#<connectionId> / CONN          the connection: state, claims, deadlines
 *   CONN#<connectionId> / SUB#<id>      a subscription of it (lists its topics)
 *   TOPIC#<topic>       / <connId>#<id> the same subscription, where the fan-out
 *                                       finds it: one Query per topic
 *
 * The subscription is copied into its topic rows (operation, claims, filter)
 * so the fan-out needs nothing else to execute and deliver. DynamoDB's TTL
 * deletes lag by up to days (and dynalite has no TTL), so every read filters
 * on `expiresAt` and the sweeper deletes what is left.
 */

import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { DomainName, Principal } from '../../../../schema/model.js';
import type { Lang } from '../../errors/localize.js';
import { batchDelete, batchWrite } from '../../store/batch.js';
import { isConditionFailure } from '../../store/errors.js';
import {
  connectionKey,
  isConnectionSk,
  isSubscriptionSk,
  ownerKey,
  subscriptionKey,
  topicKey,
  topicPk,
} from '../../store/keys/connections.js';
import type { ItemKey } from '../../store/keys/prefixes.js';
import { queryPages, scanPages } from '../../store/paging.js';
import { type Item, subscriptionAttributes, toConnection, toSubscription } from './connection-items.js';
import {
  type AckResult,
  type AddSubscriptionResult,
  type ConnectionRecord,
  type ConnectionStore,
  type SubscriptionRecord,
  type SweepableRow,
  toEpochSeconds,
} from './connection-store.js';

export class DynamoConnectionStore implements ConnectionStore {
  private readonly ref: { ddb: DynamoDBDocumentClient; table: string };

  constructor(
    private readonly ddb: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly now: () => number = Date.now,
  ) {
    this.ref = { ddb, table };
  }

  async putConnection(c: ConnectionRecord) {
    await this.ddb.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...connectionKey(c.connectionId),
          connectionId: c.connectionId,
          state: c.state,
          ...(c.principal ? { principal: c.principal } : {}),
          connectedAt: c.connectedAt,
          ...(c.initDeadline !== undefined ? { initDeadline: c.initDeadline } : {}),
          ...(c.tokenExpiresAt !== undefined ? { tokenExpiresAt: c.tokenExpiresAt } : {}),
          expiresAt: c.expiresAt,
        },
      }),
    );
  }

  async getConnection(connectionId: string) {
    const out = await this.ddb.send(
      new GetCommand({ TableName: this.table, Key: connectionKey(connectionId), ConsistentRead: true }),
    );
    if (!out.Item || (out.Item.expiresAt as number) <= toEpochSeconds(this.now())) return null;
    return toConnection(out.Item);
  }

  async acknowledge(
    connectionId: string,
    principal: Principal,
    tokenExpiresAt?: number,
    lang?: Lang,
  ): Promise<AckResult> {
    const expiry = tokenExpiresAt !== undefined;
    const set = `${expiry ? ', tokenExpiresAt = :exp' : ''}${lang ? ', lang = :lang' : ''}`;
    try {
      await this.ddb.send(
        new UpdateCommand({
          TableName: this.table,
          Key: connectionKey(connectionId),
          UpdateExpression: `SET #state = :acked, principal = :p${set} REMOVE initDeadline`,
          ConditionExpression: 'attribute_exists(PK) AND #state <> :acked',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':acked': 'acked',
            ':p': principal,
            ...(expiry ? { ':exp': tokenExpiresAt } : {}),
            ...(lang ? { ':lang': lang } : {}),
          },
        }),
      );
      return 'acked';
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return (await this.getConnection(connectionId)) ? 'already-acked' : 'missing';
    }
  }

  async hasSubscription(connectionId: string, id: string) {
    const out = await this.ddb.send(
      new GetCommand({
        TableName: this.table,
        Key: subscriptionKey(connectionId, id),
        ProjectionExpression: 'PK, completedEarly',
        ConsistentRead: true,
      }),
    );
    // A `complete` that overtook its `subscribe` left a marker, not a subscription.
    return !!out.Item && out.Item.completedEarly !== true;
  }

  async addSubscription(s: SubscriptionRecord): Promise<AddSubscriptionResult> {
    // The SUB row is the id's reservation: only one `subscribe` with this id wins (4409 for the other).
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...subscriptionKey(s.connectionId, s.id), ...subscriptionAttributes(s) },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
    } catch (err) {
      if (!isConditionFailure(err)) throw err;
      return (await this.takeCompletedEarly(s.connectionId, s.id)) ? 'completed-early' : 'exists';
    }
    await batchWrite(
      this.ref,
      s.topics.map((t) => ({ put: { ...topicKey(t, s.connectionId, s.id), ...subscriptionAttributes(s) } })),
    );
    return 'added';
  }

  async markCompletedEarly(connectionId: string, id: string, expiresAt: number) {
    try {
      await this.ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: { ...subscriptionKey(connectionId, id), connectionId, id, completedEarly: true, expiresAt },
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (err) {
      // The subscription was stored meanwhile: the caller removes it.
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Consumes the marker a `complete` left for this id; false when the row is a real subscription. */
  private async takeCompletedEarly(connectionId: string, id: string): Promise<boolean> {
    try {
      await this.ddb.send(
        new DeleteCommand({
          TableName: this.table,
          Key: subscriptionKey(connectionId, id),
          ConditionExpression: 'completedEarly = :yes',
          ExpressionAttributeValues: { ':yes': true },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  async goLive(s: SubscriptionRecord, sentThrough: Partial<Record<DomainName, number>> = {}, epoch?: string) {
    await Promise.all(
      s.topics.map((t) =>
        this.ddb
          .send(
            new UpdateCommand({
              TableName: this.table,
              Key: topicKey(t, s.connectionId, s.id),
              UpdateExpression: epoch
                ? 'SET sentThrough = :sent, sentThroughEpoch = :epoch REMOVE backfill, backfillUntil'
                : 'SET sentThrough = :sent REMOVE backfill, backfillUntil',
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: epoch ? { ':sent': sentThrough, ':epoch': epoch } : { ':sent': sentThrough },
            }),
          )
          .catch((err) => {
            // Completed or disconnected meanwhile: nothing to hand over.
            if (!isConditionFailure(err)) throw err;
          }),
      ),
    );
  }

  async removeSubscription(connectionId: string, id: string) {
    let out: { Attributes?: Item };
    try {
      out = await this.ddb.send(
        new DeleteCommand({
          TableName: this.table,
          Key: subscriptionKey(connectionId, id),
          // A marker of an early `complete` stays until its `subscribe` consumes it (or it expires).
          ConditionExpression: 'attribute_not_exists(completedEarly)',
          ReturnValues: 'ALL_OLD',
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) return true;
      throw err;
    }
    if (!out.Attributes) return false;
    await batchDelete(
      this.ref,
      ((out.Attributes.topics as string[]) ?? []).map((t) => topicKey(t, connectionId, id)),
    );
    return true;
  }

  async removeConnection(connectionId: string) {
    const rows: Item[] = [];
    for await (const page of queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': connectionKey(connectionId).PK },
      ConsistentRead: true,
    })) {
      rows.push(...page);
    }
    // Topic rows first: a crash half-way leaves SUB rows that still name them (and TTL covers the rest).
    const topicKeys = rows
      .filter((r) => isSubscriptionSk(r.SK))
      .flatMap((r) => ((r.topics as string[]) ?? []).map((t) => topicKey(t, connectionId, r.id as string)));
    await batchDelete(this.ref, topicKeys);
    // The principal's slot (connection-caps.ts) goes with the connection.
    const owner = (rows.find((r) => isConnectionSk(r.SK))?.principal as Principal | undefined)?.sub;
    await batchDelete(this.ref, [
      ...rows.map((r): ItemKey => ({ PK: r.PK as string, SK: r.SK as string })),
      ...(owner ? [ownerKey(owner, connectionId)] : []),
    ]);
  }

  async subscribers(topic: string, nowMs: number) {
    const out: SubscriptionRecord[] = [];
    for await (const page of queryPages(this.ddb, {
      TableName: this.table,
      KeyConditionExpression: 'PK = :pk',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':pk': topicPk(topic), ':now': toEpochSeconds(nowMs) },
      ConsistentRead: true,
    })) {
      for (const item of page) out.push(toSubscription(item));
    }
    return out;
  }

  async *sweepable(nowMs: number): AsyncIterable<SweepableRow> {
    for await (const page of scanPages(this.ddb, {
      TableName: this.table,
      FilterExpression: 'expiresAt <= :nowS OR initDeadline <= :nowMs',
      ExpressionAttributeValues: { ':nowS': toEpochSeconds(nowMs), ':nowMs': nowMs },
    })) {
      for (const item of page) {
        if (isConnectionSk(item.SK)) {
          const connection = toConnection(item);
          yield {
            kind: 'connection',
            connection,
            reason: connection.expiresAt <= toEpochSeconds(nowMs) ? 'expired' : 'init-timeout',
          };
        } else {
          yield { kind: 'row', PK: item.PK as string, SK: item.SK as string };
        }
      }
    }
  }

  async deleteRow(row: SweepableRow) {
    if (row.kind === 'connection') return this.removeConnection(row.connection.connectionId);
    await this.ddb.send(new DeleteCommand({ TableName: this.table, Key: { PK: row.PK, SK: row.SK } }));
  }
}
