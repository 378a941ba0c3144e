/**
 * Input rules. Each check throws BAD_USER_INPUT naming the field and the rule,
 * so a department's system (or a person at a form) knows what to fix.
 */

import { BadInputError } from '../../../schema/errors.js';
import { LIMIT_MESSAGES } from '../limits/messages.js';
import { addDistrictDays, districtDay, districtMonth } from './district-day.js';
import { bad, M } from './messages.js';

export function requireText(field: string, v: unknown, max = 200): string {
  if (typeof v !== 'string' || v.trim() === '') throw bad(field, M.notEmpty());
  if (v.length > max) throw bad(field, M.tooLong(max, v.length));
  return v.trim();
}

export function optionalText(field: string, v: unknown, max = 1000): string | null {
  if (v === null || v === undefined || v === '') return null;
  return requireText(field, v, max);
}

export function requireNumberInRange(field: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, M.notNumber());
  if (v < min || v > max) throw bad(field, M.between(min, max, v));
  return v;
}

export function requireNonNegative(field: string, v: unknown, max = 1e9): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(field, M.notNumber());
  if (v < 0) throw bad(field, M.negative(v));
  if (v > max) throw bad(field, M.atMost(max, v));
  return v;
}

export function requireCount(field: string, v: unknown, max = 1e7): number {
  const n = requireNonNegative(field, v, max);
  if (!Number.isInteger(n)) throw bad(field, M.wholeNumber(n));
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
  if (typeof v !== 'string' || !isCalendarDate(v)) throw bad(field, M.date(v));
  if (v < '2000-01-01') throw bad(field, M.dateBefore2000(v));
  // Tomorrow is allowed: a department's clock may run a little ahead of ours near midnight.
  const day = districtDay(today);
  if (v > addDistrictDays(day, 1)) throw bad(field, M.futureDate(v, day));
  return v;
}

export function requireDate(field: string, v: unknown): string {
  if (typeof v !== 'string' || !isCalendarDate(v)) throw bad(field, M.date(v));
  return v;
}

export function optionalDate(field: string, v: unknown): string | null {
  return v === null || v === undefined ? null : requireDate(field, v);
}

/** A reporting period YYYY-MM, not after the current month. */
export function requirePeriod(field: string, v: unknown, today: Date): string {
  const m = typeof v === 'string' ? PERIOD_RE.exec(v) : null;
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw bad(field, M.month(v));
  if (Number(m[1]) < 2000) throw bad(field, M.monthBefore2000(v as string));
  const current = districtMonth(today);
  if ((v as string) > current) throw bad(field, M.futureMonth(v as string, current));
  return v as string;
}

export function requireYear(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 2000 || v > 2100) {
    throw bad(field, M.year(v));
  }
  return v;
}

export function requireOneOf<T extends string>(field: string, v: unknown, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !allowed.includes(v as T)) {
    throw bad(field, M.oneOf(allowed, v));
  }
  return v as T;
}

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;
/** Codes become parts of keys and entity ids, so they are kept to a safe alphabet. */
export function requireCode(field: string, v: unknown): string {
  if (typeof v !== 'string' || !CODE_RE.test(v)) {
    throw bad(field, M.code(v));
  }
  return v;
}

export function requireIdempotencyKey(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string' || v.length < 1 || v.length > 200 || [...v].some((c) => c.charCodeAt(0) < 0x20)) {
    throw bad('input.idempotencyKey', M.idempotencyKey());
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
