/**
 * The demo data of DOMAIN.md, generated deterministically from an anchor day
 * (so an interrupted seed regenerates the same plan when it resumes). The
 * seed document's 2022 results become last year and its 2023 targets this
 * year, so the demo is live: today's reports land in the plan year on screen.
 *
 * The plan is one ordered list of writes per log; seeding appends them in
 * order, which is what lets a restart skip exactly the writes already made.
 */
import { districtDay } from '../../../functions/core/domain/district-day.js';
import { constructionWrites } from './demo-construction.js';
import { housingWrites } from './demo-housing.js';
import { sortingWrites } from './demo-sorting.js';
import { addDays, type SeedPlan } from './seed-plan.js';
import { mulberry32 } from './seeded-random.js';
import { STREETS } from './streets.js';

export type { SeedPlan, SeedWrite } from './seed-plan.js';

export function demoPlan(anchor: Date): SeedPlan {
  const random = mulberry32(20221228);
  // The anchor's day in the district (CST), so the demo's "yesterday" is the screens' yesterday.
  const today = districtDay(anchor);
  const year = Number(today.slice(0, 4));
  const yesterday = addDays(new Date(`${today}T00:00:00Z`), -1);
  const monthNow = Number(today.slice(5, 7)); // 1-12
  const plan: SeedPlan = { reference: [], construction: [], sorting: [], housing: [] };

  for (const s of STREETS) plan.reference.push({ kind: 'street', input: { ...s } });

  // Targets (seed: 342 projects, ≥ 793 亿; coverage ≥ 98%, recovery ≥ 38%).
  plan.construction.push({
    kind: 'target',
    input: { domain: 'construction', year, metric: 'investment', value: 7_930_000 },
  });
  plan.construction.push({ kind: 'target', input: { domain: 'construction', year, metric: 'projects', value: 342 } });
  plan.construction.push({
    kind: 'target',
    input: { domain: 'construction', year: year - 1, metric: 'investment', value: 4_993_000 },
  });
  plan.construction.push({
    kind: 'target',
    input: { domain: 'construction', year: year - 1, metric: 'projects', value: 291 },
  });
  plan.sorting.push({ kind: 'target', input: { domain: 'sorting', year, metric: 'coverageRate', value: 98 } });
  plan.sorting.push({ kind: 'target', input: { domain: 'sorting', year, metric: 'recoveryRate', value: 38 } });
  plan.housing.push({ kind: 'target', input: { domain: 'housing', year, metric: 'deliveryRate', value: 90 } });
  plan.housing.push({ kind: 'target', input: { domain: 'housing', year, metric: 'resumptionRate', value: 100 } });

  // One random stream, drawn by construction then sorting (housing draws none): the order is part of the plan.
  plan.construction.push(...constructionWrites(year, monthNow, random));
  plan.sorting.push(...sortingWrites(yesterday, random));
  plan.housing.push(...housingWrites(year, yesterday));
  return plan;
}
