/**
 * The verification anchor of a domain's log, in the hub table:
 *
 *   VERIFY#<domain> / VERIFY   the last (seq, hash) verifyLog proved linked to
 *                              seq 1, and the cursor of a full re-verification
 *
 * Its own prefix, not the checkpoints', so the Http function's grant to write
 * it reaches nothing else (and the rebuild, which drops projector
 * checkpoints, leaves it alone: it is about the log, not the read models).
 */
import type { DomainName } from '../../../../schema/model.js';
import { type ItemKey, PREFIX } from './prefixes.js';

export const verificationAnchorKey = (domain: DomainName): ItemKey => ({
  PK: `${PREFIX.verification}${domain}`,
  SK: 'VERIFY',
});
