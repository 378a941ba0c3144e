/**
 * Subscription cursors: an opaque string holding, per domain, the last seq the
 * holder has seen, and the epoch of the logs those seqs belong to
 * (functions/core/log/log-epoch.ts). Resuming with `after: <cursor>`
 * back-fills each domain from the seq after it; a cursor of another epoch is
 * refused (`CONFLICT`, `extensions.reason: "EPOCH_CHANGED"`), since its seqs
 * name positions in a log that no longer exists. A cursor without an epoch
 * (issued before epochs existed) is taken as the current epoch's. Encoded as
 * base64url JSON so clients treat it as opaque.
 */
import { BadInputError } from './errors.js';
import { DOMAINS, type DomainName } from './model.js';

export type CursorPosition = Partial<Record<DomainName, number>>;

/** The JSON key of the epoch inside a cursor (never a domain name). */
const EPOCH_KEY = 'epoch';

/** An epoch as this hub issues it (log-epoch.ts: 16 base64url characters); a little slack for other issuers. */
const EPOCH_PATTERN = /^[A-Za-z0-9_-]{8,40}$/;

export interface ParsedCursor {
  position: CursorPosition;
  /** null: a cursor issued before epochs existed. */
  epoch: string | null;
}

export function encodeCursor(position: CursorPosition, epoch?: string | null): string {
  const ordered: Record<string, number | string> = {};
  for (const d of DOMAINS) if (position[d] !== undefined) ordered[d] = position[d] as number;
  if (epoch) ordered[EPOCH_KEY] = epoch;
  return Buffer.from(JSON.stringify(ordered)).toString('base64url');
}

/** The same position under `epoch`: how a cursor built from positions alone gets its log's epoch. */
export function withEpoch(cursor: string, epoch: string): string {
  return encodeCursor(decodeCursor(cursor), epoch);
}

/** A cursor names at most every domain's seq: anything longer was not issued here. */
const MAX_CURSOR_LENGTH = 200;

/** The positions of a cursor (its epoch checked but left out: parseCursor has it). */
export function decodeCursor(cursor: string, field = 'after'): CursorPosition {
  return parseCursor(cursor, field).position;
}

export function parseCursor(cursor: string, field = 'after'): ParsedCursor {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]*$/.test(cursor)) {
    throw new BadInputError(field, 'is not a cursor this hub issued (pass the cursor of the last event you received)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new BadInputError(field, 'is not a cursor this hub issued (pass the cursor of the last event you received)');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new BadInputError(field, 'is not a cursor this hub issued (pass the cursor of the last event you received)');
  }
  const position: CursorPosition = {};
  let epoch: string | null = null;
  for (const [k, v] of Object.entries(parsed)) {
    if (k === EPOCH_KEY) {
      if (typeof v !== 'string' || !EPOCH_PATTERN.test(v)) {
        throw new BadInputError(field, 'has an invalid epoch (pass the cursor of the last event you received)');
      }
      epoch = v;
      continue;
    }
    // A seq is a safe integer (12 digits in the log's keys): 1e308 or 2^53 + 1 were not issued here.
    if (!(DOMAINS as readonly string[]).includes(k) || !Number.isSafeInteger(v) || (v as number) < 0) {
      throw new BadInputError(field, `has an invalid position for ${k.slice(0, 20)}`);
    }
    position[k as DomainName] = v as number;
  }
  return { position, epoch };
}

/** The later of two positions, domain by domain. */
export function mergeCursor(a: CursorPosition, b: CursorPosition): CursorPosition {
  const out: CursorPosition = { ...a };
  for (const d of DOMAINS) {
    const v = b[d];
    if (v !== undefined && (out[d] === undefined || v > (out[d] as number))) out[d] = v;
  }
  return out;
}
