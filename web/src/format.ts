/** Number, time and traffic-light formatting shared by the views. */
import { tx } from './i18n.js';
import type { Domain, Light } from './types.js';

export function num(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return v.toLocaleString('zh-CN', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Decimals a figure is shown with, by unit: one rule for every panel (KPI, ticker, chart, deltas). */
export function figureDigits(unit: string): number {
  return unit === '个' || unit === '套' ? 0 : 2;
}

/** A figure in its unit's rounding (亿元 and % to 2 decimals, counts whole). */
export function figure(v: number | null | undefined, unit: string): string {
  return num(v, figureDigits(unit));
}

/** 万元 as reported → 亿元 as screens show money. */
export const wanToYi = (wan: number) => wan / 10_000;

export function pct(v: number | null | undefined, digits = 1): string {
  return v === null || v === undefined ? '—' : `${num(v, digits)}%`;
}

/** 2023-06-30T08:00:00Z → 06-30 16:00 (China Standard Time, where the screens are). */
export function cst(iso: string | null | undefined, withSeconds = false): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: withSeconds ? '2-digit' : undefined,
    hour12: false,
  }).format(d);
  return s.replace(/\//g, '-');
}

export function cstFull(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return `${new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'medium' }).format(d)}`;
}

// Built once: a formatter costs far more to make than to use, and the grid and ticker ask for the day often.
const CST_DAY = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' });

/** Today's date in China Standard Time, YYYY-MM-DD (the server counts the same day: district-day.ts). */
export function todayCst(now = new Date()): string {
  return CST_DAY.format(now);
}

export const LIGHTS: Record<Light, [string, string]> = {
  GREEN: ['绿', 'GREEN'],
  YELLOW: ['黄', 'YELLOW'],
  RED: ['红', 'RED'],
  NONE: ['无数据', 'NO DATA'],
};

/**
 * A traffic light as a coloured dot plus its name: never colour alone. With a
 * reason (a domain's light), the reason follows the name: "红 · 重点项目…落后…".
 */
export function lightBadge(light: Light, reason?: { zh: string; en: string }): HTMLElement {
  const el = document.createElement('span');
  el.className = `light light-${light.toLowerCase()}`;
  el.dataset.light = light;
  el.setAttribute('role', 'img');
  const [zh, en] = LIGHTS[light];
  el.setAttribute('aria-label', reason ? `${zh} · ${reason.zh}` : `${zh} ${en}`);
  const dot = document.createElement('i');
  dot.setAttribute('aria-hidden', 'true');
  const word = document.createElement('b');
  word.append(tx(zh, en));
  el.append(dot, word);
  if (reason && light !== 'NONE') {
    const why = document.createElement('span');
    why.className = 'light-reason';
    why.append(tx(` · ${reason.zh}`, ` · ${reason.en}`));
    el.append(why);
  }
  return el;
}

export const DOMAIN_NAMES: Record<Domain, [string, string]> = {
  CONSTRUCTION: ['重点项目', 'Key projects'],
  SORTING: ['垃圾分类', 'Garbage sorting'],
  HOUSING: ['保交楼', 'Housing delivery'],
  REFERENCE: ['参考数据', 'Reference data'],
};

export function domainName(d: Domain): DocumentFragment {
  const [zh, en] = DOMAIN_NAMES[d] ?? [d, d];
  return tx(zh, en);
}

const EVENT_TYPES: Record<string, [string, string]> = {
  SortingRateReported: ['分类数据上报', 'Sorting report'],
  SortingRateCorrected: ['分类数据更正', 'Sorting correction'],
  ProjectProgressReported: ['项目进度上报', 'Project progress'],
  ProjectProgressCorrected: ['项目进度更正', 'Progress correction'],
  HousingDeliveryReported: ['交付数据上报', 'Delivery report'],
  HousingDeliveryCorrected: ['交付数据更正', 'Delivery correction'],
  ProjectRegistered: ['项目登记', 'Project registered'],
  ProjectUpdated: ['项目变更', 'Project updated'],
  HousingProjectRegistered: ['楼盘登记', 'Housing project registered'],
  HousingProjectUpdated: ['楼盘变更', 'Housing project updated'],
  StreetRegistered: ['街道登记', 'Street registered'],
  StreetUpdated: ['街道变更', 'Street updated'],
  TargetSet: ['目标设定', 'Target set'],
  TargetChanged: ['目标调整', 'Target changed'],
};

/** Event types by domain, for the audit view's type filter. */
export const EVENT_TYPES_BY_DOMAIN: Record<Domain, string[]> = {
  SORTING: ['SortingRateReported', 'SortingRateCorrected'],
  CONSTRUCTION: ['ProjectProgressReported', 'ProjectProgressCorrected'],
  HOUSING: ['HousingDeliveryReported', 'HousingDeliveryCorrected'],
  REFERENCE: Object.keys(EVENT_TYPES).filter((k) => !/Rate|Progress|Delivery/.test(k)),
};

export function eventTypeWords(type: string): [string, string] {
  return EVENT_TYPES[type] ?? [type, type];
}

export function eventTypeName(type: string): DocumentFragment {
  const [zh, en] = EVENT_TYPES[type] ?? [type, type];
  return tx(zh, en);
}

/** Whole days from `today` to `date` (both YYYY-MM-DD); negative when past. */
export function daysUntil(date: string, today: string): number {
  return Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

const UNITS: Record<string, string> = { 亿元: '100M CNY', 万元: '10k CNY', 个: '', 套: 'units', '%': '%' };

/** A display unit from the server (Chinese) with its English form. */
export function unit(u: string): DocumentFragment {
  return tx(u, UNITS[u] ?? u);
}
