/** A KPI tile's figures, rounded the way screens show them. */
import type { Kpi } from '../../../../schema/model.js';
import { round2 } from './time-progress.js';

/** part ÷ whole in percent, rounded; null when there is no whole to divide by. */
export const pct = (part: number, whole: number) => (whole > 0 ? round2((part / whole) * 100) : null);

/**
 * A KPI with its numbers rounded to 2 decimals. Completion defaults to
 * actual ÷ target; pass it explicitly when it is measured against something else.
 */
export function kpi(k: Omit<Kpi, 'completion'> & { completion?: number | null }): Kpi {
  const completion = k.completion !== undefined ? k.completion : k.target ? pct(k.actual, k.target) : null;
  return {
    ...k,
    actual: round2(k.actual),
    target: k.target === null ? null : round2(k.target),
    completion,
    timeProgress: k.timeProgress === null ? null : round2(k.timeProgress),
  };
}
