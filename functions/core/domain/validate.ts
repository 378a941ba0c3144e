/**
 * Input rules. Each check throws BAD_USER_INPUT naming the field and the rule,
 * so a department's system (or a person at a form) knows what to fix.
 */
import { BadInputError } from '../../../schema/errors.js';
import { LIMIT_MESSAGES, quote } from '../limits/messages.js';

export function requireText(field: string, v: unknown, max = 200): string {
  if (typeof v !== 'string' || v.trim() === '') throw new BadInputError(field, 'must not be empty');
  if (v.length > max) throw new BadInputError(field, `must be at most ${max} characters (got ${v.length})`);
  return v.trim();
}

export function optionalText(field: string, v: unknown, max = 1000): string | null {
  if (v === null || v === undefined || v === '') return null;
  return requireText(field, v, max);
}

export function requireNumberInRange(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadInputError(field, 'must be a number');
  if (v < min || v > max) throw new BadInputError(field, `must be between ${min} and ${max} (got ${v})`);
  return v;
}

export function requireNonNegative(field: string, v: unknown, max = 1e9): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new BadInputError(field, 'must be a number');
  if (v < 0) throw new BadInputError(field, `must not be negative (got ${v})`);
  if (v > max) throw new BadInputError(field, `must be at most ${max} (got ${v})`);
  return v;
}

export function requireCount(field: string, v: unknown, max = 1e7): number {
  const n = requireNonNegative(field, v, max);
  if (!Number.isInteger(n)) throw new BadInputError(field, `must be a whole number (got ${n})`);
  return n;
}

export function optionalCount(field: string, v: unknown, max = 1e7): number | null {
  return v === null || v === undefined ? null : requireCount(field, v, max);
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD_RE = /^(\d{4})-(\d{2})$/;

export function isCalendarDate(v: string): boolean {
  const m = DATE_RE.exec(v);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === v;
}

/** A calendar date YYYY-MM-DD, not before 2000 and not after tomorrow (reports describe the past). */
export function requireReportDate(field: string, v: unknown, today: Date): string {
  if (typeof v !== 'string' || !isCalendarDate(v))
    throw new BadInputError(field, `must be a date YYYY-MM-DD (got ${quote(v)})`);
  if (v < '2000-01-01') throw new BadInputError(field, `must not be before 2000-01-01 (got ${v})`);
  const tomorrow = new Date(today.getTime() + 86_400_000).toISOString().slice(0, 10);
  if (v > tomorrow)
    throw new BadInputError(
      field,
      `must not be in the future (got ${v}, today is ${today.toISOString().slice(0, 10)})`,
    );
  return v;
}

export function requireDate(field: string, v: unknown): string {
  if (typeof v !== 'string' || !isCalendarDate(v))
    throw new BadInputError(field, `must be a date YYYY-MM-DD (got ${quote(v)})`);
  return v;
}

export function optionalDate(field: string, v: unknown): string | null {
  return v === null || v === undefined ? null : requireDate(field, v);
}

/** A reporting period YYYY-MM, not after the current month. */
export function requirePeriod(field: string, v: unknown, today: Date): string {
  const m = typeof v === 'string' ? PERIOD_RE.exec(v) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new BadInputError(field, `must be a month YYYY-MM (got ${quote(v)})`);
  if (Number(m[1]) < 2000) throw new BadInputError(field, `must not be before 2000-01 (got ${v})`);
  const current = today.toISOString().slice(0, 7);
  if ((v as string) > current)
    throw new BadInputError(field, `must not be a future month (got ${v}, this month is ${current})`);
  return v as string;
}

export function requireYear(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 2000 || v > 2100) {
    throw new BadInputError(field, `must be a year between 2000 and 2100 (got ${quote(v)})`);
  }
  return v;
}

export function requireOneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw new BadInputError(field, `must be one of ${allowed.join(', ')} (got ${quote(v)})`);
  }
  return v as T;
}

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** Codes become parts of keys and entity ids, so they are kept to a safe alphabet. */
export function requireCode(field: string, v: unknown): string {
  if (typeof v !== 'string' || !CODE_RE.test(v)) {
    throw new BadInputError(
      field,
      `must be 1–40 letters, digits, '-' or '_' starting with a letter or digit (got ${quote(v)})`,
    );
  }
  return v;
}

export function requireIdempotencyKey(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || v.length < 1 || v.length > 200 || [...v].some((c) => c.charCodeAt(0) < 0x20)) {
    throw new BadInputError('input.idempotencyKey', 'must be 1–200 printable characters');
  }
  return v;
}

const PAGE_CURSORS = { date: /^\d{4}-\d{2}-\d{2}$/, period: /^\d{4}-\d{2}$/ } as const;
/**
 * A history page's `after`: the `endCursor` of the previous page, a date or a
 * period. Anything else (a foreign or forged string) is refused here, before it
 * becomes a key condition the store would reject.
 */
export function optionalPageCursor(field: string, v: unknown, shape: keyof typeof PAGE_CURSORS): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || !PAGE_CURSORS[shape].test(v)) throw new BadInputError(field, cursorRule(field));
  return v;
}
const cursorRule = (field: string) => LIMIT_MESSAGES.cursor(field).replaceAll(`${field}: `, '');
