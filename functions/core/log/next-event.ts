/**
 * The event an append writes at head+1: its type (first value or correction),
 * `prev`, and its link in the hash chain. One builder for the writer's
 * conditional put and for bulk loads that write many events at once (the
 * embedded demo seed), so both produce the very same events.
 */
import type { Actor, DomainName, HubEventRecord } from '../../../schema/model.js';
import { eventHash } from './hash.js';

/** What an append asks for (the writer's AppendRequest has this shape). */
export interface EventRequest {
  domain: DomainName;
  actor: Actor;
  entityId: string;
  data: Record<string, unknown>;
  /** Event type for a first value and for a correction of an existing one. */
  type: { first: string; correction: string };
  idempotencyKey?: string | null;
}

/** Where the chain stands: the seq and hash of the head. */
export interface ChainHead {
  headSeq: number;
  headHash: string;
}

export function nextEvent(
  head: ChainHead,
  req: EventRequest,
  prev: { data: Record<string, unknown> } | null,
  at: Date,
): HubEventRecord {
  const body = {
    seq: head.headSeq + 1,
    domain: req.domain,
    type: prev ? req.type.correction : req.type.first,
    entityId: req.entityId,
    at: at.toISOString(),
    actor: req.actor,
    data: req.data,
    prev: prev?.data ?? null,
    ...(req.idempotencyKey ? { idempotencyKey: req.idempotencyKey } : {}),
  };
  return { ...body, prevHash: head.headHash, hash: eventHash(head.headHash, body) };
}
