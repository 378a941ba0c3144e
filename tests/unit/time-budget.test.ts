/** The back-fill's budget: shares of the time the invocation had left when it started. */
import { describe, expect, it } from 'vitest';
import { countdown, TimeBudget } from '../../functions/core/realtime/delivery/time-budget.js';

describe('TimeBudget', () => {
  it('measures shares against the time left when it was taken', () => {
    let left = 1000;
    const budget = new TimeBudget(() => left);
    expect(budget.startMs).toBe(1000);
    expect(budget.leaves(0.25)).toBe(true);
    expect(budget.msUntil(0.25)).toBe(750);
    left = 250;
    expect(budget.leaves(0.25)).toBe(false);
    expect(budget.leaves(0.1)).toBe(true);
    expect(budget.msUntil(0.1)).toBe(150);
    left = 50;
    expect(budget.msUntil(0.1)).toBe(0);
  });

  it('counts down from a timeout on the given clock, never below zero', () => {
    let now = 10_000;
    const remaining = countdown(29_000, () => now);
    expect(remaining()).toBe(29_000);
    now += 28_000;
    expect(remaining()).toBe(1_000);
    now += 5_000;
    expect(remaining()).toBe(0);
  });
});
