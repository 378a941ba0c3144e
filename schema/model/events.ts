/** The log as the API sees it: events, their filters and pages, and the integrity check's verdict. */
import type { Actor } from './principal.js';
import type { DomainName } from './vocabulary.js';

/** A log item as stored and as returned by the API. */
export interface HubEventRecord {
  seq: number;
  domain: DomainName;
  type: string;
  entityId: string;
  at: string;
  actor: Actor;
  data: Record<string, unknown>;
  /** Previous value for the same entity key, when this event is a correction. */
  prev: Record<string, unknown> | null;
  idempotencyKey?: string;
  prevHash: string;
  hash: string;
}

export interface EventFilter {
  domain: DomainName;
  after?: number | null;
  /** Only events with a seq below this (the next page of a newest-first read). */
  before?: number | null;
  /** Read from the head of the log backwards; endSeq is then the lowest seq examined. */
  newestFirst?: boolean | null;
  first?: number | null;
  entityId?: string | null;
  actor?: string | null;
  type?: string | null;
  from?: string | null;
  to?: string | null;
}

export interface EventPage {
  events: HubEventRecord[];
  hasNextPage: boolean;
  /** Last seq examined; pass it as `after` (or, newest first, as `before`) to continue. */
  endSeq: number | null;
}

/** FULL: this call's chain check started at seq 1; INCREMENTAL: at the last verified anchor. */
export type VerificationMode = 'FULL' | 'INCREMENTAL';

export interface LogVerification {
  domain: DomainName;
  ok: boolean;
  /** Events whose hash this call recomputed (the new part and any full re-verification). */
  checked: number;
  firstBadSeq: number | null;
  reason: string | null;
  /** The last good event verified (its seq and hash). */
  headSeq: number;
  headHash: string | null;
  mode: VerificationMode;
  /** Whether the chain check reached the head of the log (false: the time budget ran out, call again). */
  complete: boolean;
  /** Every event up to this seq is verified, linked to seq 1 (the stored anchor). */
  verifiedThrough: number;
  /** Seq a running full re-verification has reached, or null when none is running. */
  fullCheckProgress: number | null;
  /** Seq the running full re-verification must reach (the anchor it started against). */
  fullCheckTarget: number | null;
  /** When the last full verification from seq 1 finished, and the seq it reached. */
  lastFullCheckAt: string | null;
  lastFullCheckThrough: number | null;
}

export interface VerifyLogOptions {
  /** Time left in the invocation (Lambda's getRemainingTimeInMillis); the Http timeout when absent. */
  remainingMs?: number | null;
  /** Start a full re-verification now, even if the last one is recent. */
  full?: boolean | null;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}
