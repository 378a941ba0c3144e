/** The hash chain: hash = SHA-256(prevHash ‖ canonical JSON of the event). */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { HubEventRecord } from '../../../schema/model.js';

/** The prevHash of seq 1. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields covered by the hash: everything but the hashes themselves. */
export function hashedBody(e: Omit<HubEventRecord, 'hash' | 'prevHash'>) {
  return {
    seq: e.seq,
    domain: e.domain,
    type: e.type,
    entityId: e.entityId,
    at: e.at,
    actor: e.actor,
    data: e.data,
    prev: e.prev,
    idempotencyKey: e.idempotencyKey ?? null,
  };
}

export function eventHash(prevHash: string, e: Omit<HubEventRecord, 'hash' | 'prevHash'>): string {
  // RFC 8785 canonical JSON: key order and number formatting are fixed, so
  // the hash does not depend on how DynamoDB returns the map.
  const canonical = (canonicalize as unknown as (v: unknown) => string)(hashedBody(e));
  return createHash('sha256').update(prevHash).update(canonical).digest('hex');
}
