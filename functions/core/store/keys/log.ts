/**
 * Keys of the log and its two indexes. Sharding a domain's log later (by
 * district, say) is a change here and in the cursor, not in the architecture.
 *
 *   LOG#<domain> / <seq, 12 digits>                       an event (append-only)
 *   GSI byEntity: ENT#<domain>#<entity root> / <seq>      an entity's history
 *   GSI byActor:  ACT#<sub> / <domain>#<seq>              who changed what
 */
import { DOMAINS, type DomainName } from '../../../../schema/model.js';
import { PREFIX } from './prefixes.js';

const SEQ_DIGITS = 12;

export const logPk = (domain: DomainName) => `${PREFIX.log}${domain}`;

/** Sort keys are zero-padded so string order is seq order. */
export const seqSk = (seq: number) => String(seq).padStart(SEQ_DIGITS, '0');

/** The largest seq sort key: the upper bound of a range that runs to the head. */
export const MAX_SEQ_SK = '9'.repeat(SEQ_DIGITS);

export const isLogPk = (pk: string) => pk.startsWith(PREFIX.log);

/** The domain whose log a `PK` belongs to, or null for any other item (or an unknown domain). */
export function domainOfLogPk(pk: string): DomainName | null {
  if (!isLogPk(pk)) return null;
  const domain = pk.slice(PREFIX.log.length) as DomainName;
  return DOMAINS.includes(domain) ? domain : null;
}

/**
 * `<root>:<rest>` → { root, rest }; the root groups an entity's history (a
 * street's days, a project's periods), rest is null for the root itself.
 */
export function splitEntityId(entityId: string): { root: string; rest: string | null } {
  const i = entityId.indexOf(':');
  return i < 0 ? { root: entityId, rest: null } : { root: entityId.slice(0, i), rest: entityId.slice(i + 1) };
}

/** `<root>:<rest>` → root; the part of an entity id that groups its history (a street, a project). */
export const entityRoot = (entityId: string) => splitEntityId(entityId).root;

export const entityIndexPk = (domain: DomainName, entityId: string) =>
  `${PREFIX.entity}${domain}#${entityRoot(entityId)}`;

export const actorIndexPk = (sub: string) => `${PREFIX.actor}${sub}`;

/** An actor's events sort by domain, then seq, so one domain's slice is one key range. */
export const actorIndexSk = (domain: DomainName, seqKey: string) => `${domain}#${seqKey}`;
