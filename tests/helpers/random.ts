/** A seeded PRNG so randomized tests replay exactly (the same generator as the demo data). */
import { mulberry32 } from '../../infra/local/seed/seeded-random.js';

export { mulberry32 };

export function seededRandom(seed: number) {
  const next = mulberry32(seed);
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}
