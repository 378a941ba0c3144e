/**
 * The colour rule as README documents it ("One colour rule"), written out
 * again for the browser tests: they recompute every light on the screen from
 * the figure shown beside it, independently of the server's code.
 */
export type Light = 'GREEN' | 'YELLOW' | 'RED' | 'NONE';

/** Against 序时进度: green within 10 points, yellow 10–30 behind, red beyond. */
export function byGap(completion: number, timeProgress: number): Light {
  const behind = timeProgress - completion;
  if (behind > 30) return 'RED';
  if (behind >= 10) return 'YELLOW';
  return 'GREEN';
}

/** Against a floor target: green at or above, yellow within the tolerance, red below. */
export function byFloor(actual: number, target: number, tolerance: number): Light {
  if (actual >= target) return 'GREEN';
  if (actual >= target - tolerance) return 'YELLOW';
  return 'RED';
}

/** Each tile's rule (README table); metrics without a target have no light. */
export function tileLight(
  metric: string,
  t: { actual: string; target: number | null; completion: number | null; timeProgress: number | null },
): Light {
  if (t.actual === '—' || t.target === null) return 'NONE';
  const actual = Number.parseFloat(t.actual.replace(/,/g, ''));
  switch (metric) {
    case 'investment':
    case 'deliveredUnits':
      return byGap(t.completion ?? 0, t.timeProgress ?? 0);
    case 'projects':
      return actual >= t.target ? 'GREEN' : 'YELLOW';
    case 'coverageRate':
      return byFloor(actual, t.target, 1);
    case 'recoveryRate':
      return byFloor(actual, t.target, 2);
    case 'resumptionRate':
      return byFloor(actual, t.target, 10);
    default:
      throw new Error(`no documented rule for the tile ${metric}`);
  }
}

const ORDER: Light[] = ['NONE', 'GREEN', 'YELLOW', 'RED'];

/** A domain's light: the worst of its tiles' (NONE only when every tile is NONE). */
export const worstOf = (lights: Light[]) => ORDER[Math.max(0, ...lights.map((l) => ORDER.indexOf(l)))];

export const WORDS: Record<Light, string> = { GREEN: '绿', YELLOW: '黄', RED: '红', NONE: '无数据' };
