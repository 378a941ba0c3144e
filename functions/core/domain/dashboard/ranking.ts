/** The ranking board of the streets, shared by the three domains. */
import type { Street, StreetRank, TrafficLight } from '../../../../schema/model.js';
import { round2 } from './time-progress.js';

/** A street's figure to rank on; null when it has nothing to rank on (it goes last). */
export interface StreetScore {
  value: number | null;
  light: TrafficLight;
}

/** Ranks every street by its score, highest first; ties (and streets without a value) in street-code order. */
export function rankStreets(streets: Street[], score: (s: Street) => StreetScore): StreetRank[] {
  const rows = streets.map((s) => ({ street: s, ...score(s) }));
  rows.sort(
    (a, b) =>
      (b.value ?? Number.NEGATIVE_INFINITY) - (a.value ?? Number.NEGATIVE_INFINITY) ||
      a.street.code.localeCompare(b.street.code),
  );
  return rows.map((r, i) => ({
    rank: i + 1,
    street: r.street,
    value: r.value === null ? null : round2(r.value),
    light: r.light,
  }));
}
