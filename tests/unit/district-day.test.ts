/**
 * The server's calendar (functions/core/domain/district-day.ts) and the web
 * client's (`todayCst`, web/src/format.ts) are written separately (the client
 * bundles no server code); they must name the same day at every hour.
 */
import { describe, expect, it } from 'vitest';
import { addDistrictDays, districtDay, districtMonth, districtYear } from '../../functions/core/domain/district-day.js';
import { todayCst } from '../../web/src/format.js';

describe('the district day', () => {
  it('turns at 16:00 UTC (midnight in Zhengzhou), not at UTC midnight', () => {
    expect(districtDay(new Date('2026-12-02T15:59:59Z'))).toBe('2026-12-02');
    expect(districtDay(new Date('2026-12-02T16:00:00Z'))).toBe('2026-12-03');
    expect(districtDay(new Date('2026-12-02T23:59:59Z'))).toBe('2026-12-03');
    expect(districtMonth(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01');
    expect(districtYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });

  it('agrees with the web client at every half hour of a year', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let t = start; t < start + 366 * 86_400_000; t += 1_800_000) {
      const now = new Date(t);
      if (districtDay(now) !== todayCst(now)) expect(`${districtDay(now)} at ${now.toISOString()}`).toBe(todayCst(now));
    }
  });

  it('adds days across months and years', () => {
    expect(addDistrictDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDistrictDays('2024-03-01', -1)).toBe('2024-02-29');
  });
});
