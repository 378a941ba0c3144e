/**
 * Client-side checks mirroring the server's field rules (so a typo is caught
 * before a round trip). The server stays the authority: rules that need its
 * state (unknown codes, units above a project's total) are left to it, and
 * its message is always shown.
 */
export type Problem = { field: string; zh: string; en: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

export function isCalendarDate(v: string): boolean {
  if (!DATE.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export function checkRate(field: string, v: number | null, problems: Problem[]): void {
  if (v === null || !Number.isFinite(v)) problems.push({ field, zh: '请输入数字', en: 'must be a number' });
  else if (v < 0 || v > 100) problems.push({ field, zh: '须在 0–100 之间', en: 'must be between 0 and 100' });
}

export function checkNonNegative(field: string, v: number | null, problems: Problem[], required = true): void {
  if (v === null) {
    if (required) problems.push({ field, zh: '请输入数字', en: 'must be a number' });
  } else if (!Number.isFinite(v)) problems.push({ field, zh: '请输入数字', en: 'must be a number' });
  else if (v < 0) problems.push({ field, zh: '不能为负数', en: 'must not be negative' });
}

export function checkCount(field: string, v: number | null, problems: Problem[], required = true): void {
  const before = problems.length;
  checkNonNegative(field, v, problems, required);
  if (problems.length === before && v !== null && !Number.isInteger(v))
    problems.push({ field, zh: '须为整数', en: 'must be a whole number' });
}

/** A report date: YYYY-MM-DD, from 2000, not after tomorrow (the server's clock decides at the edge). */
export function checkReportDate(field: string, v: string, today: string, problems: Problem[]): void {
  if (!isCalendarDate(v)) problems.push({ field, zh: '日期格式应为 YYYY-MM-DD', en: 'must be a date YYYY-MM-DD' });
  else if (v < '2000-01-01') problems.push({ field, zh: '不能早于 2000-01-01', en: 'must not be before 2000-01-01' });
  else {
    const tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    if (v > tomorrow) problems.push({ field, zh: '不能是将来的日期', en: 'must not be in the future' });
  }
}

export function checkPeriod(field: string, v: string, thisMonth: string, problems: Problem[]): void {
  if (!PERIOD.test(v)) problems.push({ field, zh: '月份格式应为 YYYY-MM', en: 'must be a month YYYY-MM' });
  else if (v < '2000-01') problems.push({ field, zh: '不能早于 2000-01', en: 'must not be before 2000-01' });
  else if (v > thisMonth) problems.push({ field, zh: '不能是将来的月份', en: 'must not be a future month' });
}

export function checkRequired(field: string, v: string, problems: Problem[]): void {
  if (!v.trim()) problems.push({ field, zh: '必填', en: 'required' });
}

export function checkPartOfTotal(
  part: string,
  total: string,
  p: number | null,
  tot: number | null,
  problems: Problem[],
) {
  if (p !== null && tot !== null && p > tot)
    problems.push({ field: part, zh: `不能超过${total}`, en: `must not exceed ${total}` });
}
