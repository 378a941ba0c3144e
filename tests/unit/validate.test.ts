import { describe, expect, it } from 'vitest';
import {
  requireCode,
  requireIdempotencyKey,
  requireNonNegative,
  requireNumberInRange,
  requirePeriod,
  requireReportDate,
} from '../../functions/core/domain/validate.js';
import { BadInputError } from '../../schema/errors.js';

const today = new Date('2026-11-27T10:00:00Z');
const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BadInputError);
    return (err as Error).message;
  }
  throw new Error('expected a BadInputError');
};

describe('input rules name the field and the rule', () => {
  it('rates are percentages', () => {
    expect(requireNumberInRange('input.coverageRate', 98.5, 0, 100)).toBe(98.5);
    expect(message(() => requireNumberInRange('input.coverageRate', 100.1, 0, 100))).toBe(
      'input.coverageRate: must be between 0 and 100 (got 100.1)',
    );
    expect(message(() => requireNumberInRange('input.recoveryRate', Number.NaN, 0, 100))).toContain(
      'input.recoveryRate: must be a number',
    );
  });

  it('money is not negative', () => {
    expect(message(() => requireNonNegative('input.investment', -1))).toBe(
      'input.investment: must not be negative (got -1)',
    );
  });

  it('report dates are real days, not in the future', () => {
    expect(requireReportDate('input.date', '2026-11-27', today)).toBe('2026-11-27');
    expect(requireReportDate('input.date', '2026-11-28', today)).toBe('2026-11-28'); // a day of slack for time zones
    expect(message(() => requireReportDate('input.date', '2026-11-30', today))).toContain('must not be in the future');
    expect(message(() => requireReportDate('input.date', '2026-02-30', today))).toContain('must be a date YYYY-MM-DD');
    expect(message(() => requireReportDate('input.date', '1999-12-31', today))).toContain(
      'must not be before 2000-01-01',
    );
  });

  it('periods are months up to the current one', () => {
    expect(requirePeriod('input.period', '2026-11', today)).toBe('2026-11');
    expect(message(() => requirePeriod('input.period', '2026-12', today))).toContain('must not be a future month');
    expect(message(() => requirePeriod('input.period', '2026-13', today))).toContain('must be a month YYYY-MM');
  });

  it('"today" and "this month" are the district\'s (China Standard Time), not UTC', () => {
    // 17:00 UTC on Nov 30 is 01:00 on Dec 1 in Zhengzhou: December has begun there.
    const evening = new Date('2026-11-30T17:00:00Z');
    expect(requirePeriod('input.period', '2026-12', evening)).toBe('2026-12');
    expect(requireReportDate('input.date', '2026-12-02', evening)).toBe('2026-12-02'); // tomorrow there
    expect(message(() => requireReportDate('input.date', '2026-12-03', evening))).toContain('today is 2026-12-01');
    // 15:59 UTC is still Nov 30 there.
    const afternoon = new Date('2026-11-30T15:59:00Z');
    expect(message(() => requirePeriod('input.period', '2026-12', afternoon))).toContain('must not be a future month');
  });

  it('codes stay inside a safe alphabet (they become key parts)', () => {
    expect(requireCode('input.street', '410104001')).toBe('410104001');
    expect(message(() => requireCode('input.project', 'P#1'))).toContain('input.project');
    expect(message(() => requireCode('input.project', ''))).toContain('input.project');
  });

  it('idempotency keys are printable and bounded', () => {
    expect(requireIdempotencyKey(undefined)).toBeNull();
    expect(requireIdempotencyKey('abc-123')).toBe('abc-123');
    expect(message(() => requireIdempotencyKey('a\nb'))).toContain('input.idempotencyKey');
    expect(message(() => requireIdempotencyKey('x'.repeat(201)))).toContain('input.idempotencyKey');
  });
});
