/**
 * Verifies a domain's hash chain incrementally, so a call costs what is new
 * rather than the whole log (a large log no longer fits one Http invocation).
 *
 * A call:
 *   1. checks the stored anchor still holds: the item at its seq exists, its
 *      content matches its hash and that hash is the one verified before (a
 *      deletion or rewrite of the verified prefix's end shows up here);
 *   2. walks the chain from the anchor towards the head, page by page, until
 *      the head, a fault or the deadline, and moves the anchor to the last
 *      good event (so the next call goes on from there);
 *   3. at the head, compares with the projector checkpoint, which remembers
 *      the last seq it applied: a deletion at the very end shows up here;
 *   4. with the time left (and a page at least), continues a full re-verification from seq 1 (when
 *      asked for, when the anchor failed, or when the last one is older than
 *      a day): paged, resumable through a cursor in the anchor item, ending
 *      where the anchor was when it started, whose hash it must meet.
 * A fault stays reported on every call until the chain is good again: the
 * anchor and the cursor stop before it, so each call re-examines it first.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { DomainName, LogVerification } from '../../../schema/model.js';
import { checkpointKey } from '../store/keys/checkpoints.js';
import { eventHash, GENESIS_HASH } from './hash.js';
import { type LogStore, readEvent } from './log-reader.js';
import { type FullCheckState, loadAnchor, saveAnchor, type VerificationAnchor } from './verify-anchor.js';
import { type ChainFault, type ChainPoint, walkChain } from './verify-chain.js';

export interface VerifyOptions {
  /** Epoch ms by which the answer must be on its way; no deadline when absent (tools, tests). */
  deadline?: number;
  now?: () => number;
  /** Start a full re-verification now, even if the last one is recent. */
  full?: boolean;
  /** A full re-verification starts by itself once the last one finished longer ago than this. */
  fullCheckIntervalMs?: number;
  /** Items per Query (tests use small pages to exercise paging). */
  pageSize?: number;
}

export const FULL_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

export async function verifyLog(
  store: LogStore,
  domain: DomainName,
  options: VerifyOptions = {},
): Promise<LogVerification> {
  const now = options.now ?? Date.now;
  const iso = () => new Date(now()).toISOString();
  const walkOptions = { deadline: options.deadline ?? Number.POSITIVE_INFINITY, now, pageSize: options.pageSize };
  const state = await loadAnchor(store, domain);
  const faults: ChainFault[] = [];
  let checked = 0;

  // 1. The verified prefix still ends where it was verified.
  const anchorFault = await checkAnchor(store, domain, state);
  if (anchorFault) faults.push(anchorFault);

  // 2. The new part, from the anchor on (skipped when the anchor itself failed: nothing links to it).
  const mode = state.anchor.seq === 0 ? 'FULL' : 'INCREMENTAL';
  let anchor = state.anchor;
  let complete = false;
  if (!anchorFault) {
    const walk = await walkChain(store, domain, state.anchor, walkOptions);
    checked += walk.checked;
    anchor = walk.through;
    complete = walk.done;
    if (walk.fault) faults.push(walk.fault);
  }

  // 3. A deletion at the very end: the projector remembers the last seq it applied.
  if (complete) {
    const projected = await projectedSeq(store, domain);
    if (projected > anchor.seq) {
      faults.push({ seq: anchor.seq + 1, reason: `seq ${anchor.seq + 1}..${projected} were projected but are gone` });
    }
  }

  // 4. The full re-verification, where time allows.
  let { full, lastFullCheckAt, lastFullCheckThrough } = state;
  if (complete && faults.length === 0 && !full && (mode === 'FULL' || lastFullCheckAt === null)) {
    // The chain from seq 1 reached the head (in this call, or over several): a full verification.
    lastFullCheckAt = iso();
    lastFullCheckThrough = anchor.seq;
  } else {
    const age = lastFullCheckAt === null ? 0 : now() - Date.parse(lastFullCheckAt);
    const due = options.full || anchorFault !== null || age >= (options.fullCheckIntervalMs ?? FULL_CHECK_INTERVAL_MS);
    // A pass stuck on a fault starts over when a full check is asked for (the log may have been restored).
    if (due && state.anchor.seq > 0 && (!full || (options.full && full.fault))) {
      full = { cursor: { seq: 0, hash: GENESIS_HASH }, target: state.anchor, startedAt: iso(), fault: null };
    }
    // Like the walk above, at least one page even past the deadline: every call makes progress, and the
    // deadline (a share of the time left) leaves room for a page or two more.
    if (full) {
      const pass = await continueFullCheck(store, domain, full, walkOptions);
      checked += pass.checked;
      full = pass.state;
      if (!full) {
        lastFullCheckAt = iso();
        lastFullCheckThrough = pass.reached;
      }
    }
  }
  if (full?.fault) faults.push(full.fault);

  const next = {
    anchor,
    verifiedAt: anchor.seq === state.anchor.seq ? state.verifiedAt : iso(),
    full,
    lastFullCheckAt,
    lastFullCheckThrough,
  };
  if (JSON.stringify(next) !== JSON.stringify({ ...state, version: undefined })) {
    await saveAnchor(store, domain, state, next);
  }

  const fault = faults.sort((a, b) => a.seq - b.seq)[0] ?? null;
  const good = fault ? [anchor, full?.cursor].find((p) => p && p.seq === fault.seq - 1) : anchor;
  return {
    domain,
    ok: fault === null,
    checked,
    firstBadSeq: fault?.seq ?? null,
    reason: fault?.reason ?? null,
    headSeq: fault ? fault.seq - 1 : anchor.seq,
    headHash: good && good.seq > 0 ? good.hash : null,
    mode,
    complete,
    verifiedThrough: anchor.seq,
    fullCheckProgress: full ? full.cursor.seq : null,
    fullCheckTarget: full ? full.target.seq : null,
    lastFullCheckAt,
    lastFullCheckThrough,
  };
}

/** The item at the anchor seq still is the event that was verified there. */
async function checkAnchor(store: LogStore, domain: DomainName, state: VerificationAnchor): Promise<ChainFault | null> {
  const { seq, hash } = state.anchor;
  if (seq === 0) return null;
  const since = state.verifiedAt ? ` (verified ${state.verifiedAt})` : '';
  const event = await readEvent(store, domain, seq);
  if (!event) return { seq, reason: `seq ${seq}${since} is gone` };
  if (eventHash(event.prevHash, event) !== event.hash) return { seq, reason: 'content does not match its hash' };
  if (event.hash !== hash) return { seq, reason: `seq ${seq} no longer has the hash it had when verified${since}` };
  return null;
}

/** One slice of the full re-verification; `state` null when it finished (reaching `reached`). */
async function continueFullCheck(
  store: LogStore,
  domain: DomainName,
  full: FullCheckState,
  walkOptions: { deadline: number; now: () => number; pageSize?: number },
): Promise<{ state: FullCheckState | null; checked: number; reached: number }> {
  const walk = await walkChain(store, domain, full.cursor, { ...walkOptions, until: full.target.seq });
  const cursor: ChainPoint = walk.through;
  if (walk.fault) return { state: { ...full, cursor, fault: walk.fault }, checked: walk.checked, reached: cursor.seq };
  if (!walk.done) return { state: { ...full, cursor, fault: null }, checked: walk.checked, reached: cursor.seq };
  if (cursor.hash !== full.target.hash) {
    // Every link holds, yet the chain ends elsewhere than it did: it was rewritten and re-hashed.
    const fault = {
      seq: full.target.seq,
      reason: `the chain up to seq ${full.target.seq} was rewritten: it no longer ends in the hash verified then`,
    };
    return { state: { ...full, cursor, fault }, checked: walk.checked, reached: cursor.seq };
  }
  return { state: null, checked: walk.checked, reached: cursor.seq };
}

async function projectedSeq(store: LogStore, domain: DomainName): Promise<number> {
  const ckpt = await store.ddb.send(
    new GetCommand({ TableName: store.table, Key: checkpointKey(domain), ConsistentRead: true }),
  );
  return (ckpt.Item?.seq as number | undefined) ?? 0;
}
