/**
 * Key functions for the log. Sharding a domain's log later (by district, say)
 * is a change here and in the cursor, not in the architecture.
 */
import type { DomainName } from '../../../schema/model.js';

const SEQ_DIGITS = 12;

export const logPk = (domain: DomainName) => `LOG#${domain}`;
/** Sort keys are zero-padded so string order is seq order. */
export const seqSk = (seq: number) => String(seq).padStart(SEQ_DIGITS, '0');
export const checkpointKey = (domain: DomainName) => ({ PK: `CKPT#${domain}`, SK: 'CKPT' });
export const idempotencyKey = (sub: string, key: string) => ({ PK: `IDEM#${sub}#${key}`, SK: 'IDEM' });

/** `<root>:<rest>` → root; the part of an entity id that groups its history (a street, a project). */
export const entityRoot = (entityId: string) => {
  const i = entityId.indexOf(':');
  return i < 0 ? entityId : entityId.slice(0, i);
};
export const entityIndexPk = (domain: DomainName, entityId: string) => `ENT#${domain}#${entityRoot(entityId)}`;
export const actorIndexPk = (sub: string) => `ACT#${sub}`;

export const GENESIS_HASH = '0'.repeat(64);
