/**
 * The sorting log of the demo (城管局): a year of daily coverage and recovery
 * rates per street up to yesterday, three streets below target, a few
 * corrections in the last weeks.
 */
import type { Random, SeedWrite } from './seed-plan.js';
import { addDays, iso } from './seed-plan.js';
import { STREETS } from './streets.js';

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Daily reports for the 365 days ending `yesterday`. */
export function sortingWrites(yesterday: Date, random: Random): SeedWrite[] {
  const writes: SeedWrite[] = [];
  // Sorting: a year of daily rates per street up to yesterday; three streets below target.
  const low: Record<string, { cov: number; rec: number }> = {
    '410104011': { cov: -1.3, rec: 0 }, // 南曹: coverage below 98%
    '410104010': { cov: 0, rec: -3.2 }, // 十八里河: recovery below 38%
    '410104012': { cov: -0.8, rec: -2.4 }, // 金岱
  };
  const sortingCorrections: SeedWrite[] = [];
  for (let day = 364; day >= 0; day--) {
    const date = iso(addDays(yesterday, -day));
    STREETS.forEach((s, i) => {
      const bias = low[s.code] ?? { cov: 0, rec: 0 };
      const coverage = round(Math.min(99.8, Math.max(96.5, 98.9 + bias.cov + (random() - 0.5) * 1.2)));
      const recovery = round(Math.min(42, Math.max(34, 39.5 + bias.rec + (i % 4) * 0.4 + (random() - 0.5) * 2.4)));
      writes.push({
        kind: 'sorting',
        input: {
          street: s.code,
          date,
          coverageRate: coverage,
          recoveryRate: recovery,
          compoundsTotal: 80 + i * 7,
          compoundsSorting: Math.round(((80 + i * 7) * coverage) / 100),
        },
      });
      if (day < 20 && sortingCorrections.length < 8 && random() < 0.04) {
        const fixed = round(Math.min(99.8, coverage + 0.6));
        sortingCorrections.push({
          kind: 'sorting',
          input: {
            street: s.code,
            date,
            coverageRate: fixed,
            recoveryRate: recovery,
            compoundsTotal: 80 + i * 7,
            compoundsSorting: Math.round(((80 + i * 7) * fixed) / 100),
          },
        });
      }
    });
  }
  writes.push(...sortingCorrections);
  return writes;
}
