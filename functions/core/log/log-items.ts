/** Converting events to and from log items. */
import type { DomainName, HubEventRecord } from '../../../schema/model.js';
import { actorIndexPk, actorIndexSk, entityIndexPk, logPk, seqSk } from '../store/keys/log.js';

export type Item = Record<string, unknown>;

export function eventToItem(e: HubEventRecord): Item {
  return {
    PK: logPk(e.domain),
    SK: seqSk(e.seq),
    seq: e.seq,
    domain: e.domain,
    type: e.type,
    entityId: e.entityId,
    at: e.at,
    actor: e.actor,
    data: e.data,
    prev: e.prev,
    ...(e.idempotencyKey ? { idempotencyKey: e.idempotencyKey } : {}),
    prevHash: e.prevHash,
    hash: e.hash,
    GSI1PK: entityIndexPk(e.domain, e.entityId),
    GSI1SK: seqSk(e.seq),
    GSI2PK: actorIndexPk(e.actor.sub),
    GSI2SK: actorIndexSk(e.domain, seqSk(e.seq)),
  };
}

export function itemToEvent(item: Item): HubEventRecord {
  return {
    seq: item.seq as number,
    domain: item.domain as DomainName,
    type: item.type as string,
    entityId: item.entityId as string,
    at: item.at as string,
    actor: item.actor as HubEventRecord['actor'],
    data: (item.data ?? {}) as Record<string, unknown>,
    prev: (item.prev ?? null) as Record<string, unknown> | null,
    ...(item.idempotencyKey ? { idempotencyKey: item.idempotencyKey as string } : {}),
    prevHash: item.prevHash as string,
    hash: item.hash as string,
  };
}
