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
  /** Last seq examined; pass it as `after` to continue. */
  endSeq: number | null;
}

export interface LogVerification {
  domain: DomainName;
  ok: boolean;
  checked: number;
  firstBadSeq: number | null;
  reason: string | null;
  headSeq: number;
  headHash: string | null;
}

export interface Page<T> {
  items: T[];
  hasNextPage: boolean;
  endCursor: string | null;
}
