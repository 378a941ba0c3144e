/**
 * The generic read model every event feeds: the latest value of each entity,
 * grouped by entity root so one Query returns an entity's history
 * (a street's days, a project's periods). The log writer reads it to find the
 * previous value of a corrected entity.
 *
 *   PK = RM#E#<domain>#<root>, SK = <rest of the entity id> or '#' for the root itself
 */
import type { DomainName } from '../../../../schema/model.js';
import { splitEntityId } from './log.js';
import { type ItemKey, PREFIX } from './prefixes.js';

export const ROOT_SK = '#';

export const entityPartition = (domain: DomainName, root: string) => `${PREFIX.readModel}E#${domain}#${root}`;

export function entityItemKey(domain: DomainName, entityId: string): ItemKey {
  const { root, rest } = splitEntityId(entityId);
  return { PK: entityPartition(domain, root), SK: rest ?? ROOT_SK };
}
