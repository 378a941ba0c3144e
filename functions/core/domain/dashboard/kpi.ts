/** A KPI tile's figures, rounded the way screens show them, and the part of the colour rule every tile shares. */
import type { Kpi } from '../../../../schema/model.js';
import { round2 } from './time-progress.js';

/** part ÷ whole in percent, rounded; null when there is no whole to divide by. */
export const pct = (part: number, whole: number) => (whole > 0 ? round2((part / whole) * 100) : null);

/**
 * A KPI with its numbers rounded to 2 decimals. Completion defaults to
 * actual ÷ target; pass it explicitly when it is measured against something else.
 * The light is `none` (grey 无数据, never green) while nothing was reported
 * (`hasData: false`, default true) and for a figure without a target: a
 * light must come from the figure against its target.
 */
export function kpi(k: Omit<Kpi, 'completion' | 'hasData'> & { completion?: number | null; hasData?: boolean }): Kpi {
  const hasData = k.hasData ?? true;
  const completion = k.completion !== undefined ? k.completion : k.target ? pct(k.actual, k.target) : null;
  return {
    ...k,
    actual: round2(k.actual),
    target: k.target === null ? null : round2(k.target),
    completion: hasData ? completion : null,
    timeProgress: k.timeProgress === null ? null : round2(k.timeProgress),
    hasData,
    light: hasData && k.target !== null ? k.light : 'none',
  };
}
