/** The wall's settings from the URL, and the "what changed" bookkeeping of the KPI tiles. */
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_ROTATE_MS, wallSettings } from '../../web/src/views/screen/wall-mode.js';
import { ChangeTracker, DELTA_MS, deltaText } from '../../web/src/views/screen/what-changed.js';

describe('wall mode settings', () => {
  it('is on for a screen principal, off for others, and the URL overrides both ways', () => {
    expect(wallSettings('#/screen', { role: 'SCREEN' })).toEqual({ wall: true, rotateMs: DEFAULT_ROTATE_MS });
    expect(wallSettings('#/screen', { role: 'AUDITOR' }).wall).toBe(false);
    expect(wallSettings('#/screen?wall=0', { role: 'SCREEN' }).wall).toBe(false);
    expect(wallSettings('#/screen?wall=1', { role: 'ADMIN' }).wall).toBe(true);
  });

  it('takes a rotation period in seconds within 1–120, and names a bad one (then keeps the default)', () => {
    expect(wallSettings('#/screen?rotate=2', { role: 'SCREEN' }).rotateMs).toBe(2000);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(wallSettings('#/screen?rotate=0.5', { role: 'SCREEN' }).rotateMs).toBe(DEFAULT_ROTATE_MS);
    expect(wallSettings('#/screen?rotate=abc', { role: 'SCREEN' }).rotateMs).toBe(DEFAULT_ROTATE_MS);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(warn.mock.calls[1][0]).toMatch(
      /^rotate=abc: 轮播周期须为 1–120 秒 \/ the rotation period must be 1–120 seconds/,
    );
    warn.mockRestore();
  });
});

describe('what changed', () => {
  it('a figure that moved shows its delta for DELTA_MS, then not; the first sight is no move', () => {
    const c = new ChangeTracker();
    expect(c.see('sorting.coverageRate', 98.5, 0)).toBeNull();
    expect(c.see('sorting.coverageRate', 98.5, 1000)).toBeNull();
    expect(c.see('sorting.coverageRate', 97.25, 2000)).toBeCloseTo(-1.25);
    // Redrawn with the same figure while the delta is fresh: still shown.
    expect(c.see('sorting.coverageRate', 97.25, 2000 + DELTA_MS - 1)).toBeCloseTo(-1.25);
    expect(c.see('sorting.coverageRate', 97.25, 2000 + DELTA_MS)).toBeNull();
    // No data (null) is not a move, and does not forget the last figure.
    expect(c.see('sorting.coverageRate', null, 20_000)).toBeNull();
    expect(c.see('sorting.coverageRate', 98, 21_000)).toBeCloseTo(0.75);
  });

  it('writes a delta as an arrow and its size in the figure’s decimals', () => {
    expect(deltaText(0.5234, 2)).toBe('▲0.52');
    expect(deltaText(-12, 0)).toBe('▼12');
  });
});
