/**
 * The three departments' imports: 城管局 a street's rates per day, 发改委 a
 * project's investment per month, 住建局 a housing project's delivered units
 * per day. Each reuses its entry grid's input, checks and target, so a row
 * imported is exactly a row typed into the grid.
 */
import { housingSanity, sortingSanity } from '../../../../../schema/model/sanity.js';
import { HOUSING_PROJECTS, PROJECTS, STREETS } from '../../../queries.js';
import type { HousingProject, Project, Street } from '../../../types.js';
import {
  checkSorting,
  type GridRow,
  housingGrid,
  projectGrid,
  SORTING_COLUMNS,
  SORTING_TARGET,
  sortingInput,
} from '../grid/grid-specs.js';
import { housingCurrent, projectCurrent, sortingCurrent } from './current-values.js';
import type { ImportSpec } from './import-rows.js';

const n = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : Number(v));
const text = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);
const defined = (o: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
/** A grid row holding what a grid's check needs of an entity (a housing project's units). */
const asGridRow = (total?: number) => ({ total }) as GridRow;

export const sortingImport: ImportSpec = {
  dept: 'sorting',
  templateName: '垃圾分类填报模板.csv',
  headers: ['街道', '日期', '分类覆盖率(%)', '资源化利用率(%)', '小区总数', '开展分类小区数', '总户数', '参与分类户数'],
  headerMatch: [
    [/^(街道|street)/i, 'entity'],
    [/^(日期|date)/i, 'date'],
    [/(覆盖率|coverage)/i, 'coverageRate'],
    [/(资源化|回收|recovery)/i, 'recoveryRate'],
    [/^(开展分类小区|分类小区|compoundssorting)/i, 'compoundsSorting'],
    [/^(小区总数|小区数|compoundstotal|compounds)/i, 'compoundsTotal'],
    [/^(参与分类户|参与户|householdssorting)/i, 'householdsSorting'],
    [/^(总户数|户数|householdstotal|households)/i, 'householdsTotal'],
  ],
  keyKind: 'date',
  columns: SORTING_COLUMNS.slice(0, 2),
  compared: ['coverageRate', 'recoveryRate'],
  target: SORTING_TARGET,
  unknownEntity: (cell) => ({ zh: `没有名为“${cell}”的街道`, en: `unknown street "${cell}"` }),
  async entities(gql) {
    const { streets } = await gql.request<{ streets: Street[] }>(STREETS);
    return streets.map((s) => ({
      code: s.code,
      label: [s.name, s.nameEn],
      names: [s.code, s.name, s.name.replace(/街道$/, ''), s.nameEn],
    }));
  },
  toInput: (code, date, values) => sortingInput(code, date, values),
  check: (input, today) => checkSorting(input, today),
  current: (gql, entities, keys) =>
    sortingCurrent(
      gql,
      entities.map((e) => e.code),
      keys[0],
      keys[keys.length - 1],
    ),
  sanity: (_e, _key, input, old) =>
    sortingSanity(old ? { coverageRate: Number(old.coverageRate), recoveryRate: Number(old.recoveryRate) } : null, {
      coverageRate: input.coverageRate as number,
      recoveryRate: input.recoveryRate as number,
    }),
};

export const projectImport: ImportSpec = {
  dept: 'construction',
  templateName: '重点项目月度投资模板.csv',
  headers: ['项目', '月份', '本期完成投资(万元)', '本年累计投资(万元)', '形象进度'],
  headerMatch: [
    [/^(项目|project)/i, 'entity'],
    [/^(月份|期间|period|month)/i, 'period'],
    [/(累计|cumulative)/i, 'cumulativeInvestment'],
    [/(本期|完成投资|investment)/i, 'investment'],
    [/(形象进度|进度|备注|note)/i, 'note'],
  ],
  keyKind: 'month',
  columns: [{ name: 'investment', label: ['本期完成投资（万元）', 'Invested (10k CNY)'] }],
  compared: ['investment'],
  target: projectGrid.target,
  unknownEntity: (cell) => ({ zh: `没有名为“${cell}”的重点项目`, en: `unknown project "${cell}"` }),
  async entities(gql) {
    const year = new Date().getUTCFullYear();
    const { projects } = await gql.request<{ projects: Project[] }>(PROJECTS, { year });
    return projects.map((p) => ({ code: p.code, label: [p.name, p.name], names: [p.code, p.name] }));
  },
  toInput: (code, period, v) =>
    defined({
      project: code,
      period,
      investment: n(v.investment) ?? Number.NaN,
      cumulativeInvestment: n(v.cumulativeInvestment),
      note: text(v.note),
    }),
  check: (input, today) => projectGrid.check(input, today, asGridRow()),
  current: (gql, _entities, months) => projectCurrent(gql, months),
  sanity: () => [],
};

export const housingImport: ImportSpec = {
  dept: 'housing',
  templateName: '保交楼交付填报模板.csv',
  headers: ['项目', '日期', '累计交付套数', '更正原因', '备注'],
  headerMatch: [
    [/^(项目|楼盘|project)/i, 'entity'],
    [/^(日期|date)/i, 'date'],
    [/(交付|delivered)/i, 'deliveredUnits'],
    [/(原因|reason)/i, 'correctionReason'],
    [/(备注|note)/i, 'note'],
  ],
  keyKind: 'date',
  columns: [{ name: 'deliveredUnits', label: ['累计交付套数', 'Units delivered'] }],
  compared: ['deliveredUnits'],
  target: housingGrid.target,
  unknownEntity: (cell) => ({ zh: `没有名为“${cell}”的住房项目`, en: `unknown housing project "${cell}"` }),
  async entities(gql) {
    const { housingProjects } = await gql.request<{ housingProjects: HousingProject[] }>(HOUSING_PROJECTS);
    return housingProjects.map((p) => ({
      code: p.code,
      label: [p.name, p.name],
      names: [p.code, p.name],
      total: p.totalUnits,
      latest: { value: p.deliveredUnits, date: p.lastReportDate ?? null },
    }));
  },
  toInput: (code, date, v) =>
    defined({
      project: code,
      date,
      deliveredUnits: n(v.deliveredUnits) ?? Number.NaN,
      correctionReason: text(v.correctionReason),
      note: text(v.note),
    }),
  check: (input, today, entity) => housingGrid.check(input, today, asGridRow(entity.total)),
  current: (gql, entities, keys) =>
    housingCurrent(
      gql,
      entities.map((e) => e.code),
      keys[0],
      keys[keys.length - 1],
    ),
  sanity: (entity, date, input) =>
    entity.total === undefined
      ? []
      : housingSanity(entity.latest ?? null, { value: input.deliveredUnits as number, date }, entity.total),
  advance: (date, input) => ({ value: input.deliveredUnits as number, date }),
};

export const IMPORTS: Record<ImportSpec['dept'], ImportSpec> = {
  sorting: sortingImport,
  construction: projectImport,
  housing: housingImport,
};
