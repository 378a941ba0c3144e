/**
 * The stored state of a domain log's verification (one item, VERIFY#<domain>):
 *
 *   seq, hash        the anchor: every event up to seq was verified, linked to
 *                    seq 1, and seq's hash was this; the next call starts here
 *   full             a running full re-verification: its cursor (the last
 *                    good point it reached), the anchor seq it must reach, and
 *                    the fault it found, if any (reported until it is gone)
 *   lastFull*        when the last full verification from seq 1 finished
 *   version          bumped on every save; a save is conditional on it, so two
 *                    concurrent calls cannot overwrite each other's progress
 *                    with an older state (the loser's progress is simply not kept)
 */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainName } from '../../../schema/model.js';
import { isConditionFailure } from '../store/errors.js';
import { verificationAnchorKey } from '../store/keys/verification.js';
import { GENESIS_HASH } from './hash.js';
import type { LogStore } from './log-reader.js';
import type { ChainFault, ChainPoint } from './verify-chain.js';

export interface FullCheckState {
  cursor: ChainPoint;
  /** The anchor seq when the pass started: it ends when the cursor reaches it with the anchor's hash. */
  target: ChainPoint;
  startedAt: string;
  fault: ChainFault | null;
}

export interface VerificationAnchor {
  anchor: ChainPoint;
  verifiedAt: string | null;
  full: FullCheckState | null;
  lastFullCheckAt: string | null;
  lastFullCheckThrough: number | null;
  version: number;
}

export const NO_ANCHOR: Readonly<VerificationAnchor> = Object.freeze({
  anchor: { seq: 0, hash: GENESIS_HASH },
  verifiedAt: null,
  full: null,
  lastFullCheckAt: null,
  lastFullCheckThrough: null,
  version: 0,
});

export async function loadAnchor(store: LogStore, domain: DomainName): Promise<VerificationAnchor> {
  const out = await store.ddb.send(
    new GetCommand({ TableName: store.table, Key: verificationAnchorKey(domain), ConsistentRead: true }),
  );
  const item = out.Item;
  if (!item) return { ...NO_ANCHOR };
  return {
    anchor: { seq: item.seq as number, hash: item.hash as string },
    verifiedAt: (item.verifiedAt as string | undefined) ?? null,
    full: (item.full as FullCheckState | undefined) ?? null,
    lastFullCheckAt: (item.lastFullCheckAt as string | undefined) ?? null,
    lastFullCheckThrough: (item.lastFullCheckThrough as number | undefined) ?? null,
    version: item.version as number,
  };
}

/** Saves `next` over the state read as `previous`; false when another call saved in between (nothing written). */
export async function saveAnchor(
  store: LogStore,
  domain: DomainName,
  previous: VerificationAnchor,
  next: Omit<VerificationAnchor, 'version'>,
): Promise<boolean> {
  try {
    await store.ddb.send(
      new PutCommand({
        TableName: store.table,
        Item: {
          ...verificationAnchorKey(domain),
          domain,
          seq: next.anchor.seq,
          hash: next.anchor.hash,
          verifiedAt: next.verifiedAt,
          full: next.full,
          lastFullCheckAt: next.lastFullCheckAt,
          lastFullCheckThrough: next.lastFullCheckThrough,
          version: previous.version + 1,
        },
        ConditionExpression: previous.version === 0 ? 'attribute_not_exists(PK)' : 'version = :v',
        ExpressionAttributeValues: previous.version === 0 ? undefined : { ':v': previous.version },
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}
