/**
 * The one colour rule for a domain's light (README, "One colour rule"): it is
 * the worst light of the domain's own KPI tiles, and it names the tile that
 * sets it, so a screen can never show 红 over three 绿 tiles. Alerts (missed
 * starts, stalled projects, streets below target) are listed as alerts; they
 * do not colour the domain behind the tiles' back.
 */
import type { Kpi, LightReason, TrafficLight } from '../../../../schema/model.js';
import { round2, worst } from './time-progress.js';

/** A figure in a reason: at most 2 decimals, no trailing zeros. */
const n = (v: number) => String(round2(v));

/** Why one tile is yellow or red, in both languages. */
function tileReason(k: Kpi): Pick<LightReason, 'zh' | 'en'> {
  if (k.timeProgress !== null && k.completion !== null) {
    const behind = n(k.timeProgress - k.completion);
    return {
      zh: `${k.labelZh}完成${n(k.completion)}%，落后序时进度${behind}个百分点`,
      en: `${k.labelEn} ${n(k.completion)}%, ${behind} pts behind time progress`,
    };
  }
  const unitZh = k.unit === '%' ? '%' : k.unit;
  const unitEn = k.unit === '%' ? '%' : '';
  return {
    zh: `${k.labelZh}${n(k.actual)}${unitZh}，低于目标${n(k.target ?? 0)}${unitZh}`,
    en: `${k.labelEn} ${n(k.actual)}${unitEn}, below the ${n(k.target ?? 0)}${unitEn} target`,
  };
}

/** The domain's light and its reason, from its tiles alone. */
export function domainLight(kpis: Kpi[]): { light: TrafficLight; lightReason: LightReason } {
  const light = worst(...kpis.map((k) => k.light));
  if (light === 'none') {
    return { light, lightReason: { metric: null, zh: '尚无上报数据', en: 'nothing reported yet' } };
  }
  if (light === 'green') {
    return {
      light,
      lightReason: { metric: null, zh: '各项指标达到目标或序时进度', en: 'every figure on target or time progress' },
    };
  }
  const tile = kpis.find((k) => k.light === light)!;
  return { light, lightReason: { metric: tile.metric, ...tileReason(tile) } };
}
