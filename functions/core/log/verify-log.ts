/**
 * Recomputes a domain's hash chain from seq 1. Any edited, deleted or inserted
 * log item breaks it: an edit changes a hash, a deletion leaves a gap, an
 * insertion puts an unexpected key or seq in the sequence. A deletion at the
 * very end is caught against the projector checkpoint, which remembers the
 * last seq and hash it saw.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainName, LogVerification } from '../../../schema/model.js';
import { checkpointKey } from '../store/keys/checkpoints.js';
import { seqSk } from '../store/keys/log.js';
import { eventHash, GENESIS_HASH } from './hash.js';
import { itemToEvent } from './log-items.js';
import { type LogStore, scanLog } from './log-reader.js';

export async function verifyLog(store: LogStore, domain: DomainName): Promise<LogVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let checked = 0;
  const bad = (seq: number, reason: string): LogVerification => ({
    domain,
    ok: false,
    checked,
    firstBadSeq: seq,
    reason,
    headSeq: expectedSeq - 1,
    headHash: prevHash === GENESIS_HASH ? null : prevHash,
  });
  for await (const page of scanLog(store, domain)) {
    for (const item of page) {
      if (item.SK !== seqSk(expectedSeq)) {
        const seqInKey = Number(item.SK);
        if (Number.isInteger(seqInKey) && seqInKey > expectedSeq) {
          return bad(expectedSeq, `seq ${expectedSeq} is missing`);
        }
        return bad(expectedSeq, `unexpected item ${String(item.SK)} where seq ${expectedSeq} belongs`);
      }
      const event = itemToEvent(item);
      if (event.seq !== expectedSeq) return bad(expectedSeq, `item ${expectedSeq} claims seq ${String(item.seq)}`);
      if (event.prevHash !== prevHash) return bad(expectedSeq, `prevHash does not link to seq ${expectedSeq - 1}`);
      if (eventHash(prevHash, event) !== event.hash) return bad(expectedSeq, 'content does not match its hash');
      prevHash = event.hash;
      expectedSeq++;
      checked++;
    }
  }
  const ckpt = await store.ddb.send(
    new GetCommand({ TableName: store.table, Key: checkpointKey(domain), ConsistentRead: true }),
  );
  const projected = (ckpt.Item?.seq as number | undefined) ?? 0;
  if (projected > checked) return bad(checked + 1, `seq ${checked + 1}..${projected} were projected but are gone`);
  return {
    domain,
    ok: true,
    checked,
    firstBadSeq: null,
    reason: null,
    headSeq: checked,
    headHash: checked === 0 ? null : prevHash,
  };
}
