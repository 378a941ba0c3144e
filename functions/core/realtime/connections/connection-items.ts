/**
 * Rows of the connections table ↔ the records the protocol and the fan-out
 * use. The subscription is copied into its topic rows with the same
 * attributes, so the fan-out needs nothing else to execute and deliver.
 */
import type { Principal } from '../../../../schema/model.js';
import type { ConnectionRecord, SubscriptionRecord } from './connection-store.js';

export type Item = Record<string, unknown>;

export function toConnection(item: Item): ConnectionRecord {
  return {
    connectionId: item.connectionId as string,
    state: item.state as ConnectionRecord['state'],
    principal: (item.principal as Principal | undefined) ?? null,
    connectedAt: item.connectedAt as number,
    ...(typeof item.initDeadline === 'number' ? { initDeadline: item.initDeadline } : {}),
    ...(typeof item.tokenExpiresAt === 'number' ? { tokenExpiresAt: item.tokenExpiresAt } : {}),
    ...(item.lang === 'zh' || item.lang === 'en' ? { lang: item.lang } : {}),
    expiresAt: item.expiresAt as number,
  };
}

export function toSubscription(item: Item): SubscriptionRecord {
  return {
    connectionId: item.connectionId as string,
    id: item.id as string,
    query: item.query as string,
    variables: (item.variables as Record<string, unknown> | undefined) ?? null,
    operationName: (item.operationName as string | undefined) ?? null,
    principal: item.principal as Principal,
    domains: item.domains as SubscriptionRecord['domains'],
    filter: {
      street: (item.street as string | undefined) ?? null,
      entityId: (item.entityId as string | undefined) ?? null,
    },
    topics: item.topics as string[],
    backfill: item.backfill === true,
    ...(typeof item.backfillUntil === 'number' ? { backfillUntil: item.backfillUntil } : {}),
    ...(typeof item.tokenExpiresAt === 'number' ? { tokenExpiresAt: item.tokenExpiresAt } : {}),
    ...(item.sentThrough ? { sentThrough: item.sentThrough as SubscriptionRecord['sentThrough'] } : {}),
    ...(typeof item.sentThroughEpoch === 'string' ? { sentThroughEpoch: item.sentThroughEpoch } : {}),
    expiresAt: item.expiresAt as number,
  };
}

export function subscriptionAttributes(s: SubscriptionRecord): Item {
  return {
    connectionId: s.connectionId,
    id: s.id,
    query: s.query,
    ...(s.variables ? { variables: s.variables } : {}),
    ...(s.operationName ? { operationName: s.operationName } : {}),
    principal: s.principal,
    domains: s.domains,
    ...(s.filter.street ? { street: s.filter.street } : {}),
    ...(s.filter.entityId ? { entityId: s.filter.entityId } : {}),
    topics: s.topics,
    ...(s.backfill ? { backfill: true } : {}),
    ...(s.backfill && s.backfillUntil !== undefined ? { backfillUntil: s.backfillUntil } : {}),
    ...(s.tokenExpiresAt !== undefined ? { tokenExpiresAt: s.tokenExpiresAt } : {}),
    expiresAt: s.expiresAt,
  };
}
