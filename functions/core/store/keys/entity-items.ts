/**
 * The generic read model every event feeds: the latest value of each entity,
 * grouped by entity root so one Query returns an entity's history
 * (a street's days, a project's periods). The log writer reads it to find the
 * previous value of a corrected entity.
 *
 *   PK = RM#E#<domain>#<root>, SK = <rest of the entity id> or '#' for the root itself
 */
import type { DomainName } from '../../../schema/model.js';

export const ROOT_SK = '#';

export function entityItemKey(domain: DomainName, entityId: string) {
  const i = entityId.indexOf(':');
  const root = i < 0 ? entityId : entityId.slice(0, i);
  const rest = i < 0 ? ROOT_SK : entityId.slice(i + 1);
  return { PK: `RM#E#${domain}#${root}`, SK: rest };
}

export const entityPartition = (domain: DomainName, root: string) => `RM#E#${domain}#${root}`;
