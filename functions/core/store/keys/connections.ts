/**
 * Keys of the connections table (PK/SK strings, TTL `expiresAt` in epoch seconds):
 *
 *   CONN#<connectionId> / CONN          the connection: state, claims, deadlines
 *   CONN#<connectionId> / SUB#<id>      a subscription of it (lists its topics)
 *   TOPIC#<topic>       / <connId>#<id> the same subscription, where the fan-out
 *                                       finds it: one Query per topic
 *   OWNER#<sub>         / <connId>      a principal's acknowledged connection:
 *                                       counted against its cap
 */
import { type ItemKey, PREFIX } from './prefixes.js';

const CONNECTION_SK = 'CONN';

export const connectionPk = (connectionId: string) => `${PREFIX.connection}${connectionId}`;

export const connectionKey = (connectionId: string): ItemKey => ({
  PK: connectionPk(connectionId),
  SK: CONNECTION_SK,
});

export const subscriptionKey = (connectionId: string, id: string): ItemKey => ({
  PK: connectionPk(connectionId),
  SK: `${PREFIX.subscription}${id}`,
});

export const topicPk = (topic: string) => `${PREFIX.topic}${topic}`;

export const topicKey = (topic: string, connectionId: string, id: string): ItemKey => ({
  PK: topicPk(topic),
  SK: `${connectionId}#${id}`,
});

/** Whether a row of a connection's partition is the connection itself (not one of its subscriptions). */
export const isConnectionSk = (sk: unknown) => sk === CONNECTION_SK;

/** Whether a row of a connection's partition is one of its subscriptions. */
export const isSubscriptionSk = (sk: unknown) => typeof sk === 'string' && sk.startsWith(PREFIX.subscription);

export const ownerPk = (sub: string) => `${PREFIX.owner}${sub}`;

/** A principal's acknowledged connection, counted against connectionsPerPrincipal. */
export const ownerKey = (sub: string, connectionId: string): ItemKey => ({ PK: ownerPk(sub), SK: connectionId });
