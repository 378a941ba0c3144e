/**
 * The three entry grids: 城管局 one date × twelve streets, 发改委 one month ×
 * every project of the year, 住建局 one date × every housing project. A spec
 * says which rows a key (date or month) has, what each row holds now, how a
 * row becomes the mutation's input, and what to check before sending it.
 */
import { housingSanity, type SanityFinding, sortingSanity } from '../../../../../schema/model/sanity.js';
import type { GqlClient } from '../../../gql.js';
import { HOUSING_PROJECTS, PROJECT_PROGRESS, PROJECTS } from '../../../queries.js';
import type { HousingProject, Project, Street } from '../../../types.js';
import {
  checkCount,
  checkNonNegative,
  checkPartOfTotal,
  checkPeriod,
  checkRate,
  checkReportDate,
  type Problem,
} from '../validate.js';
import type { ReportTarget } from './send-rows.js';

export interface GridColumn {
  name: string;
  label: [string, string];
  kind: 'number' | 'text';
  /** Only sent when filled; never makes a row "changed" on its own (a reason, a note). */
  annotation?: boolean;
}

export interface GridRow {
  code: string;
  label: [string, string];
  /** The value this key already has (strings as the cells show them); null: nothing reported yet. */
  current: Record<string, string> | null;
  /** The latest value on another key, shown as placeholders and used by the sanity checks. */
  latest: Record<string, string> | null;
  latestKey: string | null;
  /** A limit the row must respect (a housing project's units). */
  total?: number;
}

export interface GridSpec {
  id: string;
  title: [string, string];
  keyLabel: [string, string];
  keyKind: 'date' | 'month';
  columns: GridColumn[];
  target: ReportTarget;
  load(gql: GqlClient, key: string): Promise<GridRow[]>;
  toInput(row: GridRow, key: string, values: Record<string, string>): Record<string, unknown>;
  check(input: Record<string, unknown>, today: string, row: GridRow): Problem[];
  sanity(row: GridRow, key: string, input: Record<string, unknown>): SanityFinding[];
}

const n = (v: string): number | null => (v.trim() === '' ? null : Number(v));
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));
const num = (i: Record<string, unknown>, f: string) => (typeof i[f] === 'number' ? (i[f] as number) : null);

function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

const RATES = 'coverageRate recoveryRate compoundsTotal compoundsSorting householdsTotal householdsSorting';
/** The read model keeps the rates (the optional counts stay in the log), so only they prefill. */
const SORTING_RATES =
  'query GridSorting($date: Date) { sortingRates(date: $date) { street date coverageRate recoveryRate } }';
const SORTING_LATEST = 'query GridSortingLatest { sortingRates { street date coverageRate recoveryRate } }';
const STREETS_Q = 'query GridStreets { streets { code name nameEn } }';

type MonthFigure = { project: string; investment: number; note: string | null };
type RateRow = Record<string, unknown> & { street: string; date: string };
const rateStrings = (r: RateRow) => Object.fromEntries(RATES.split(' ').map((f) => [f, str(r[f])]));

export const SORTING_TARGET: ReportTarget = { rowsField: 'reportSortingRateRows', inputType: 'SortingReportInput' };

export const SORTING_COLUMNS: GridColumn[] = [
  { name: 'coverageRate', label: ['覆盖率 %', 'Coverage %'], kind: 'number' },
  { name: 'recoveryRate', label: ['资源化利用率 %', 'Recovery %'], kind: 'number' },
  { name: 'compoundsTotal', label: ['小区总数', 'Compounds'], kind: 'number' },
  { name: 'compoundsSorting', label: ['分类小区数', 'Sorting compounds'], kind: 'number' },
  { name: 'householdsTotal', label: ['总户数', 'Households'], kind: 'number' },
  { name: 'householdsSorting', label: ['参与户数', 'Sorting households'], kind: 'number' },
];

/** Client checks of a sorting input, shared by the grid and the import. */
export function checkSorting(i: Record<string, unknown>, today: string): Problem[] {
  const p: Problem[] = [];
  checkReportDate('date', str(i.date), today, p);
  checkRate('coverageRate', num(i, 'coverageRate') ?? (i.coverageRate === undefined ? null : Number.NaN), p);
  checkRate('recoveryRate', num(i, 'recoveryRate') ?? (i.recoveryRate === undefined ? null : Number.NaN), p);
  for (const f of ['compoundsTotal', 'compoundsSorting', 'householdsTotal', 'householdsSorting'])
    checkCount(f, i[f] === undefined ? null : (i[f] as number), p, false);
  checkPartOfTotal('compoundsSorting', '小区总数', num(i, 'compoundsSorting'), num(i, 'compoundsTotal'), p);
  checkPartOfTotal('householdsSorting', '总户数', num(i, 'householdsSorting'), num(i, 'householdsTotal'), p);
  return p;
}

export function sortingInput(street: string, date: string, v: Record<string, string>): Record<string, unknown> {
  return compact({ street, date, ...Object.fromEntries(SORTING_COLUMNS.map((c) => [c.name, n(v[c.name] ?? '')])) });
}

export const sortingGrid: GridSpec = {
  id: 'grid-sorting',
  title: ['生活垃圾分类 · 十二个街道一起填', 'Garbage sorting · all twelve streets'],
  keyLabel: ['日期', 'Date'],
  keyKind: 'date',
  columns: SORTING_COLUMNS,
  target: SORTING_TARGET,
  async load(gql, date) {
    const [{ streets }, onDate, latest] = await Promise.all([
      gql.request<{ streets: Street[] }>(STREETS_Q),
      gql.request<{ sortingRates: RateRow[] }>(SORTING_RATES, { date }),
      gql.request<{ sortingRates: RateRow[] }>(SORTING_LATEST),
    ]);
    const byStreet = new Map(onDate.sortingRates.map((r) => [r.street, r]));
    const latestBy = new Map(latest.sortingRates.map((r) => [r.street, r]));
    return [...streets]
      .sort((a, b) => a.code.localeCompare(b.code))
      .map((s) => {
        const cur = byStreet.get(s.code);
        const last = latestBy.get(s.code);
        return {
          code: s.code,
          label: [s.name, s.nameEn] as [string, string],
          current: cur ? rateStrings(cur) : null,
          latest: last ? rateStrings(last) : null,
          latestKey: last?.date ?? null,
        };
      });
  },
  toInput: (row, date, v) => sortingInput(row.code, date, v),
  check: (i, today) => checkSorting(i, today),
  sanity(row, _key, i) {
    const base = row.current ?? row.latest;
    const prev = base ? { coverageRate: Number(base.coverageRate), recoveryRate: Number(base.recoveryRate) } : null;
    return sortingSanity(prev, { coverageRate: Number(i.coverageRate), recoveryRate: Number(i.recoveryRate) });
  },
};

export const projectGrid: GridSpec = {
  id: 'grid-project',
  title: ['重点项目 · 本月全部项目', 'Key projects · every project this month'],
  keyLabel: ['月份', 'Month'],
  keyKind: 'month',
  columns: [
    { name: 'investment', label: ['本期完成投资（万元）', 'Invested (10k CNY)'], kind: 'number' },
    { name: 'cumulativeInvestment', label: ['本年累计（万元）', 'Cumulative (10k CNY)'], kind: 'number' },
    { name: 'note', label: ['形象进度', 'Progress note'], kind: 'text', annotation: true },
  ],
  target: { rowsField: 'reportProjectProgressRows', inputType: 'ProjectProgressInput' },
  async load(gql, period) {
    const [{ projects }, { projectProgress }] = await Promise.all([
      gql.request<{ projects: Project[] }>(PROJECTS, { year: Number(period.slice(0, 4)) }),
      gql.request<{ projectProgress: MonthFigure[] }>(PROJECT_PROGRESS, { period }),
    ]);
    const ofMonth = new Map(projectProgress.map((r) => [r.project, r]));
    return projects.map((p) => {
      const own = ofMonth.get(p.code);
      return {
        code: p.code,
        label: [p.name, p.name] as [string, string],
        // The month's own figure (a change to it is a correction); the year's cumulative as the placeholder.
        current: own ? { investment: str(own.investment), cumulativeInvestment: '', note: own.note ?? '' } : null,
        latest: { investment: '', cumulativeInvestment: str(p.investmentYtd), note: '' },
        latestKey: p.lastPeriod ?? null,
      };
    });
  },
  toInput: (row, period, v) =>
    compact({
      project: row.code,
      period,
      investment: n(v.investment ?? ''),
      cumulativeInvestment: n(v.cumulativeInvestment ?? ''),
      note: v.note?.trim(),
    }),
  check(i, today) {
    const p: Problem[] = [];
    checkPeriod('period', str(i.period), today.slice(0, 7), p);
    checkNonNegative('investment', i.investment === undefined ? null : (i.investment as number), p);
    checkNonNegative('cumulativeInvestment', num(i, 'cumulativeInvestment'), p, false);
    const inv = num(i, 'investment');
    const cum = num(i, 'cumulativeInvestment');
    if (inv !== null && cum !== null && cum >= 0 && cum < inv)
      p.push({
        field: 'cumulativeInvestment',
        zh: '不能小于本期完成投资',
        en: "must be at least the month's investment",
      });
    return p;
  },
  sanity: () => [],
};

export const housingGrid: GridSpec = {
  id: 'grid-housing',
  title: ['保交楼 · 全部楼盘', 'Housing delivery · every project'],
  keyLabel: ['日期', 'Date'],
  keyKind: 'date',
  columns: [
    { name: 'deliveredUnits', label: ['累计交付套数', 'Units delivered'], kind: 'number' },
    { name: 'correctionReason', label: ['更正原因', 'Reason for a correction'], kind: 'text', annotation: true },
  ],
  target: { rowsField: 'reportHousingDeliveryRows', inputType: 'HousingDeliveryInput' },
  async load(gql, date) {
    const { housingProjects } = await gql.request<{ housingProjects: HousingProject[] }>(HOUSING_PROJECTS);
    return housingProjects.map((p) => {
      const value = { deliveredUnits: str(p.deliveredUnits), correctionReason: '' };
      const onDate = p.lastReportDate === date;
      return {
        code: p.code,
        label: [`${p.name}（共${p.totalUnits}套）`, `${p.name} (${p.totalUnits} units)`] as [string, string],
        current: onDate ? value : null,
        latest: p.lastReportDate ? value : null,
        latestKey: p.lastReportDate ?? null,
        total: p.totalUnits,
      };
    });
  },
  toInput: (row, date, v) =>
    compact({
      project: row.code,
      date,
      deliveredUnits: n(v.deliveredUnits ?? ''),
      correctionReason: v.correctionReason?.trim(),
    }),
  check(i, today, row) {
    const p: Problem[] = [];
    checkReportDate('date', str(i.date), today, p);
    checkCount('deliveredUnits', i.deliveredUnits === undefined ? null : (i.deliveredUnits as number), p);
    const d = num(i, 'deliveredUnits');
    if (d !== null && row.total !== undefined && d > row.total)
      p.push({ field: 'deliveredUnits', zh: `不能超过总套数 ${row.total}`, en: `must not exceed ${row.total} units` });
    return p;
  },
  sanity(row, date, i) {
    if (!row.latest || row.total === undefined) return [];
    const latest = { value: Number(row.latest.deliveredUnits), date: row.latestKey };
    return housingSanity(latest, { value: Number(i.deliveredUnits), date }, row.total);
  },
};
