/** 序时进度: the share of a period that has elapsed by a date, in percent, and the gap rules of DOMAIN.md. */
import type { TrafficLight } from '../../../../schema/model.js';

const DAY = 86_400_000;
const utc = (date: string) => Date.parse(`${date}T00:00:00Z`);

/** Share of [start, end] elapsed at the end of day `asOf`, 0–100. */
export function elapsedShare(start: string, end: string, asOf: string): number {
  const total = utc(end) - utc(start) + DAY;
  const done = utc(asOf) - utc(start) + DAY;
  if (total <= 0) return 100;
  return Math.max(0, Math.min(100, (done / total) * 100));
}

export const yearProgress = (year: number, asOf: string) => elapsedShare(`${year}-01-01`, `${year}-12-31`, asOf);

/**
 * Green on or ahead of time progress (or less than 10 points behind), yellow
 * 10–30 points behind, red more than 30 behind.
 */
export function lightForGap(completion: number, timeProgress: number): TrafficLight {
  const behind = timeProgress - completion;
  if (behind > 30) return 'red';
  if (behind >= 10) return 'yellow';
  return 'green';
}

/** Rates against a floor target: green at or above it, yellow within `tolerance` points below, red further. */
export function lightForRate(actual: number, target: number, tolerance = 2): TrafficLight {
  if (actual >= target) return 'green';
  if (actual >= target - tolerance) return 'yellow';
  return 'red';
}

/** The worst of some lights; `none` (nothing to judge) counts only when every light is `none`. */
export function worst(...lights: TrafficLight[]): TrafficLight {
  if (lights.includes('red')) return 'red';
  if (lights.includes('yellow')) return 'yellow';
  if (lights.includes('green')) return 'green';
  return 'none';
}

export const round2 = (v: number) => Math.round(v * 100) / 100;
