/**
 * Checkpoints in the hub table (one item each, SK `CKPT`):
 *
 *   CKPT#<domain>  the projector's: last seq (and hash) applied to the read models
 *   CKPT#fanout    the fan-out's: seqs delivered per domain, and its lease
 *
 * Both sit under `CKPT#`, so one write grant covers them; the rebuild drops
 * only the projector's (resetting the fan-out's would resend every event).
 */
import { DOMAINS, type DomainName } from '../../../../schema/model.js';
import { type ItemKey, PREFIX } from './prefixes.js';

const CHECKPOINT_SK = 'CKPT';

export const checkpointKey = (domain: DomainName): ItemKey => ({
  PK: `${PREFIX.checkpoint}${domain}`,
  SK: CHECKPOINT_SK,
});

export const FANOUT_CHECKPOINT_KEY: Readonly<ItemKey> = Object.freeze({
  PK: `${PREFIX.checkpoint}fanout`,
  SK: CHECKPOINT_SK,
});

/** The partition keys of every projector checkpoint (and not the fan-out's). */
export const projectorCheckpointPks = (): string[] => DOMAINS.map((d) => checkpointKey(d).PK);
