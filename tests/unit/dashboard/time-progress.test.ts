import { describe, expect, it } from 'vitest';
import {
  elapsedShare,
  lightForGap,
  lightForRate,
  worst,
  yearProgress,
} from '../../../functions/core/domain/dashboard/time-progress.js';

describe('序时进度 and traffic lights', () => {
  it('time progress is the share of the year elapsed at the end of the day', () => {
    expect(yearProgress(2023, '2023-12-31')).toBe(100);
    expect(yearProgress(2023, '2023-01-01')).toBeCloseTo(100 / 365, 5);
    expect(yearProgress(2023, '2023-07-02')).toBeCloseTo((183 / 365) * 100, 5);
    expect(yearProgress(2023, '2022-06-30')).toBe(0);
    expect(yearProgress(2023, '2024-03-01')).toBe(100);
    expect(elapsedShare('2023-01-01', '2023-06-30', '2023-03-31')).toBeCloseTo((90 / 181) * 100, 5);
  });

  it('green on or ahead, yellow 10–30 points behind, red more than 30 behind (DOMAIN.md)', () => {
    expect(lightForGap(95, 90)).toBe('green');
    expect(lightForGap(81, 90)).toBe('green');
    expect(lightForGap(80, 90)).toBe('yellow');
    expect(lightForGap(60, 90)).toBe('yellow');
    expect(lightForGap(59.9, 90)).toBe('red');
  });

  it('rates against a floor target', () => {
    expect(lightForRate(98, 98)).toBe('green');
    expect(lightForRate(97, 98, 1)).toBe('yellow');
    expect(lightForRate(96.9, 98, 1)).toBe('red');
    expect(worst('green', 'yellow', 'green')).toBe('yellow');
    expect(worst('green', 'red', 'yellow')).toBe('red');
  });
});
