/**
 * The demo plan (infra/local/seed) is a pure function of its anchor day: a
 * resumed seed regenerates exactly the writes it already made. Its per-domain
 * builders share one random stream, so their call order is part of the plan;
 * the counts and sums below pin what DOMAIN.md's figures require.
 */
import { describe, expect, it } from 'vitest';
import { demoPlan } from '../../infra/local/seed/demo-data.js';
import type { ProjectInput } from '../../schema/model.js';

const ANCHOR = new Date('2025-07-04T12:00:00Z');

describe('demo plan', () => {
  it('is the same plan for the same anchor day, whatever the hour', () => {
    expect(JSON.stringify(demoPlan(ANCHOR))).toBe(JSON.stringify(demoPlan(new Date('2025-07-04T00:00:01Z'))));
  });

  it('has 12 streets, and per log the writes of the days and months before the anchor', () => {
    const plan = demoPlan(ANCHOR);
    expect(Object.fromEntries(Object.entries(plan).map(([log, writes]) => [log, writes.length]))).toEqual({
      reference: 12,
      construction: 305,
      sorting: 4390,
      housing: 387,
    });
    const days = new Set(plan.sorting.flatMap((w) => (w.kind === 'sorting' ? [w.input.date] : [])));
    expect(days.size).toBe(365);
    expect([...days].sort().at(-1)).toBe('2025-07-03');
  });

  it("plans this year's 342 key projects at 793 亿 (7,930,000 万元) in all", () => {
    const projects = demoPlan(ANCHOR)
      .construction.flatMap((w) => (w.kind === 'project' ? [w.input as ProjectInput] : []))
      .filter((p) => p.year === 2025);
    expect(projects.reduce((n, p) => n + (p.projectCount ?? 1), 0)).toBe(342);
    expect(projects.reduce((s, p) => s + p.plannedInvestment, 0)).toBe(7_930_000);
  });
});
