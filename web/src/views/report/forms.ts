/** The three department report forms: 城管局 sorting rates, 发改委 project progress, 住建局 housing delivery. */
import { todayCst } from '../../format.js';
import { REPORT_HOUSING, REPORT_PROJECT, REPORT_SORTING } from '../../queries.js';
import type { HousingProject, Project, Street } from '../../types.js';
import type { FormSpec, Option } from './report-form.js';
import {
  checkCount,
  checkNonNegative,
  checkPartOfTotal,
  checkPeriod,
  checkRate,
  checkReportDate,
  checkRequired,
  type Problem,
} from './validate.js';

/** '' → null, otherwise a number (NaN for junk, which the checks report). */
const numberOrNull = (v: string): number | null => (v === '' ? null : Number(v));
const orNull = (v: string): string | null => (v === '' ? null : v);

/** Drops null optional fields so the input only carries what was filled in. */
function compact(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined));
}

const PROJECT_STATUS: Option[] = [
  { value: 'PLANNED', zh: '计划', en: 'Planned' },
  { value: 'STARTED', zh: '开工', en: 'Started' },
  { value: 'COMPLETED', zh: '竣工', en: 'Completed' },
  { value: 'IN_PRODUCTION', zh: '投产', en: 'In production' },
];

const HOUSING_STATUS: Option[] = [
  { value: 'STALLED', zh: '停工', en: 'Stalled' },
  { value: 'RESUMED', zh: '复工', en: 'Resumed' },
  { value: 'TOPPED_OUT', zh: '封顶', en: 'Topped out' },
  { value: 'DELIVERING', zh: '交付中', en: 'Delivering' },
  { value: 'DELIVERED', zh: '已交付', en: 'Delivered' },
];

export function sortingForm(streets: Street[]): FormSpec {
  return {
    id: 'report-sorting',
    title: ['生活垃圾分类 · 街道日报', 'Garbage sorting · daily street report'],
    mutation: REPORT_SORTING,
    resultField: 'reportSortingRate',
    fields: [
      {
        name: 'street',
        label: ['街道', 'Street'],
        kind: 'select',
        required: true,
        options: streets.map((s) => ({ value: s.code, zh: `${s.name}（${s.code}）`, en: `${s.nameEn} (${s.code})` })),
      },
      { name: 'date', label: ['日期', 'Date'], kind: 'date', required: true, initial: todayCst() },
      {
        name: 'coverageRate',
        label: ['分类覆盖率', 'Coverage rate'],
        kind: 'number',
        step: 'any',
        unit: '%',
        required: true,
      },
      {
        name: 'recoveryRate',
        label: ['资源化利用率', 'Recovery rate'],
        kind: 'number',
        step: 'any',
        unit: '%',
        required: true,
      },
      { name: 'compoundsTotal', label: ['小区总数', 'Compounds'], kind: 'number', step: '1' },
      { name: 'compoundsSorting', label: ['开展分类小区数', 'Compounds sorting'], kind: 'number', step: '1' },
      { name: 'householdsTotal', label: ['总户数', 'Households'], kind: 'number', step: '1' },
      { name: 'householdsSorting', label: ['参与分类户数', 'Households sorting'], kind: 'number', step: '1' },
    ],
    toInput: (v) =>
      compact({
        street: v.street,
        date: v.date,
        coverageRate: numberOrNull(v.coverageRate),
        recoveryRate: numberOrNull(v.recoveryRate),
        compoundsTotal: numberOrNull(v.compoundsTotal),
        compoundsSorting: numberOrNull(v.compoundsSorting),
        householdsTotal: numberOrNull(v.householdsTotal),
        householdsSorting: numberOrNull(v.householdsSorting),
      }),
    check(i) {
      const p: Problem[] = [];
      checkRequired('street', String(i.street ?? ''), p);
      checkReportDate('date', String(i.date ?? ''), todayCst(), p);
      checkRate('coverageRate', (i.coverageRate as number) ?? null, p);
      checkRate('recoveryRate', (i.recoveryRate as number) ?? null, p);
      for (const f of ['compoundsTotal', 'compoundsSorting', 'householdsTotal', 'householdsSorting'])
        checkCount(f, (i[f] as number) ?? null, p, false);
      const n = (f: string) => (typeof i[f] === 'number' ? (i[f] as number) : null);
      checkPartOfTotal('compoundsSorting', 'compoundsTotal', n('compoundsSorting'), n('compoundsTotal'), p);
      checkPartOfTotal('householdsSorting', 'householdsTotal', n('householdsSorting'), n('householdsTotal'), p);
      return p;
    },
  };
}

export function projectForm(projects: Project[]): FormSpec {
  return {
    id: 'report-project',
    title: ['重点项目 · 投资进度月报', 'Key projects · monthly investment progress'],
    mutation: REPORT_PROJECT,
    resultField: 'reportProjectProgress',
    fields: [
      {
        name: 'project',
        label: ['项目', 'Project'],
        kind: 'select',
        required: true,
        options: projects.map((p) => ({ value: p.code, zh: `${p.name}（${p.code}）`, en: `${p.name} (${p.code})` })),
      },
      { name: 'period', label: ['月份', 'Month'], kind: 'month', required: true, initial: todayCst().slice(0, 7) },
      {
        name: 'investment',
        label: ['本期完成投资', 'Invested in the month'],
        kind: 'number',
        step: 'any',
        unit: '万元',
        required: true,
      },
      {
        name: 'cumulativeInvestment',
        label: ['本年累计（部门口径）', 'Cumulative this year (dept. figure)'],
        kind: 'number',
        step: 'any',
        unit: '万元',
      },
      { name: 'status', label: ['项目状态', 'Status'], kind: 'select', options: PROJECT_STATUS },
      { name: 'note', label: ['形象进度', 'Progress note'], kind: 'text' },
    ],
    toInput: (v) =>
      compact({
        project: v.project,
        period: v.period,
        investment: numberOrNull(v.investment),
        cumulativeInvestment: numberOrNull(v.cumulativeInvestment),
        status: orNull(v.status),
        note: orNull(v.note),
      }),
    check(i) {
      const p: Problem[] = [];
      checkRequired('project', String(i.project ?? ''), p);
      checkPeriod('period', String(i.period ?? ''), todayCst().slice(0, 7), p);
      checkNonNegative('investment', (i.investment as number) ?? null, p);
      checkNonNegative('cumulativeInvestment', (i.cumulativeInvestment as number) ?? null, p, false);
      const inv = i.investment as number | undefined;
      const cum = i.cumulativeInvestment as number | undefined;
      if (typeof inv === 'number' && typeof cum === 'number' && cum >= 0 && cum < inv)
        p.push({
          field: 'cumulativeInvestment',
          zh: '不能小于本期完成投资',
          en: "must be at least the month's investment",
        });
      return p;
    },
  };
}

export function housingForm(projects: HousingProject[]): FormSpec {
  return {
    id: 'report-housing',
    title: ['保交楼 · 交付进度', 'Housing delivery · units delivered'],
    mutation: REPORT_HOUSING,
    resultField: 'reportHousingDelivery',
    fields: [
      {
        name: 'project',
        label: ['楼盘', 'Housing project'],
        kind: 'select',
        required: true,
        options: projects.map((p) => ({
          value: p.code,
          zh: `${p.name}（${p.code}，共${p.totalUnits}套）`,
          en: `${p.name} (${p.code}, ${p.totalUnits} units)`,
        })),
      },
      { name: 'date', label: ['日期', 'Date'], kind: 'date', required: true, initial: todayCst() },
      {
        name: 'deliveredUnits',
        label: ['累计交付套数', 'Units delivered so far'],
        kind: 'number',
        step: '1',
        unit: '套',
        required: true,
      },
      { name: 'status', label: ['项目状态', 'Status'], kind: 'select', options: HOUSING_STATUS },
      { name: 'note', label: ['备注', 'Note'], kind: 'text' },
    ],
    toInput: (v) =>
      compact({
        project: v.project,
        date: v.date,
        deliveredUnits: numberOrNull(v.deliveredUnits),
        status: orNull(v.status),
        note: orNull(v.note),
      }),
    check(i) {
      const p: Problem[] = [];
      checkRequired('project', String(i.project ?? ''), p);
      checkReportDate('date', String(i.date ?? ''), todayCst(), p);
      checkCount('deliveredUnits', (i.deliveredUnits as number) ?? null, p);
      return p;
    },
  };
}
