/**
 * Subscription cursors: an opaque string holding, per domain, the last seq the
 * holder has seen. Resuming with `after: <cursor>` back-fills each domain from
 * the seq after it. Encoded as base64url JSON so clients treat it as opaque.
 */
import { BadInputError } from './errors.js';
import { DOMAINS, type DomainName } from './model.js';

export type CursorPosition = Partial<Record<DomainName, number>>;

export function encodeCursor(position: CursorPosition): string {
  const ordered: CursorPosition = {};
  for (const d of DOMAINS) if (position[d] !== undefined) ordered[d] = position[d];
  return Buffer.from(JSON.stringify(ordered)).toString('base64url');
}

/** A cursor names at most every domain's seq: anything longer was not issued here. */
const MAX_CURSOR_LENGTH = 200;

export function decodeCursor(cursor: string, field = 'after'): CursorPosition {
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
  for (const [k, v] of Object.entries(parsed)) {
    // A seq is a safe integer (12 digits in the log's keys): 1e308 or 2^53 + 1 were not issued here.
    if (!(DOMAINS as readonly string[]).includes(k) || !Number.isSafeInteger(v) || (v as number) < 0) {
      throw new BadInputError(field, `has an invalid position for ${k.slice(0, 20)}`);
    }
    position[k as DomainName] = v as number;
  }
  return position;
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
