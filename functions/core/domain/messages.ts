/**
 * The one catalogue of validation messages, in English and Chinese. Every
 * rule in validate.ts and reports.ts takes its text from here, so a reporter
 * reads 「分类覆盖率：须在 0 到 100 之间（填写的是 120）」 where a department's
 * system reads `input.coverageRate: must be between 0 and 100 (got 120)`.
 * The HTTP app picks the language per request (errors/localize.ts); the
 * English text keeps the field path, the Chinese one names the field in words.
 */
import { BadInputError } from '../../../schema/errors.js';
import { quote } from '../limits/messages.js';

export interface Text {
  en: string;
  zh: string;
}

/** Field names as people say them; a path not listed shows its last segment. */
const FIELD_ZH: Record<string, string> = {
  street: '街道',
  date: '日期',
  coverageRate: '分类覆盖率',
  recoveryRate: '资源化利用率',
  compoundsTotal: '小区总数',
  compoundsSorting: '开展分类小区数',
  householdsTotal: '总户数',
  householdsSorting: '参与分类户数',
  project: '项目',
  period: '月份',
  investment: '本期完成投资',
  cumulativeInvestment: '本年累计投资',
  status: '状态',
  note: '备注',
  deliveredUnits: '已交付套数',
  idempotencyKey: '提交编号',
  correctionReason: '更正原因',
  code: '编码',
  name: '名称',
  nameEn: '英文名称',
  category: '类别',
  totalInvestment: '总投资',
  plannedInvestment: '年度计划投资',
  year: '年份',
  responsibleUnit: '责任单位',
  plannedStart: '计划开工日期',
  projectCount: '项目个数',
  totalUnits: '总套数',
  kind: '类型',
  resumeDeadline: '复工期限',
  deliveryDeadline: '交付期限',
  metric: '指标',
  value: '数值',
  first: '每页条数',
  last: '条数',
  after: '起始位置',
  before: '截止位置',
  from: '起始时间',
  to: '截止时间',
  month: '月份',
  inputs: '填报行',
};

export function fieldZh(field: string): string {
  const name = field.replace(/^input\./, '');
  return FIELD_ZH[name] ?? name;
}

/** A BAD_USER_INPUT error for `field` with the rule in both languages. */
export function bad(field: string, rule: Text, extra: Record<string, unknown> = {}): BadInputError {
  return new BadInputError(field, rule.en, `${fieldZh(field)}：${rule.zh}`, extra);
}

/** An echoed value, cut at 60 characters: a 3,000-character input is not sent back whole. */
const got = (v: unknown) => (typeof v === 'string' && v.length <= 60 ? v : quote(v));

/** The rules, each a function of what it needs to say. */
export const M = {
  notEmpty: (): Text => ({ en: 'must not be empty', zh: '不能为空' }),
  tooLong: (max: number, length: number): Text => ({
    en: `must be at most ${max} characters (got ${length})`,
    zh: `不能超过 ${max} 个字（填写了 ${length} 个）`,
  }),
  notNumber: (): Text => ({ en: 'must be a number', zh: '须为数字' }),
  between: (min: number, max: number, v: number): Text => ({
    en: `must be between ${min} and ${max} (got ${v})`,
    zh: `须在 ${min} 到 ${max} 之间（填写的是 ${v}）`,
  }),
  negative: (v: number): Text => ({ en: `must not be negative (got ${v})`, zh: `不能为负数（填写的是 ${v}）` }),
  atMost: (max: number, v: number): Text => ({
    en: `must be at most ${max} (got ${v})`,
    zh: `不能超过 ${max}（填写的是 ${v}）`,
  }),
  atLeast: (min: number): Text => ({ en: `must be at least ${min}`, zh: `不能小于 ${min}` }),
  wholeNumber: (v: number): Text => ({ en: `must be a whole number (got ${v})`, zh: `须为整数（填写的是 ${v}）` }),
  date: (v: unknown): Text => ({
    en: `must be a date YYYY-MM-DD (got ${quote(v)})`,
    zh: `日期格式应为 YYYY-MM-DD（填写的是 ${got(v)}）`,
  }),
  dateBefore2000: (v: string): Text => ({
    en: `must not be before 2000-01-01 (got ${v})`,
    zh: `不能早于 2000-01-01（填写的是 ${v}）`,
  }),
  futureDate: (v: string, today: string): Text => ({
    en: `must not be in the future (got ${v}, today is ${today})`,
    zh: `不能是将来的日期（填写的是 ${v}，今天是 ${today}）`,
  }),
  month: (v: unknown): Text => ({
    en: `must be a month YYYY-MM (got ${quote(v)})`,
    zh: `月份格式应为 YYYY-MM（填写的是 ${got(v)}）`,
  }),
  monthBefore2000: (v: string): Text => ({
    en: `must not be before 2000-01 (got ${v})`,
    zh: `不能早于 2000-01（填写的是 ${v}）`,
  }),
  futureMonth: (v: string, current: string): Text => ({
    en: `must not be a future month (got ${v}, this month is ${current})`,
    zh: `不能是将来的月份（填写的是 ${v}，本月是 ${current}）`,
  }),
  year: (v: unknown): Text => ({
    en: `must be a year between 2000 and 2100 (got ${quote(v)})`,
    zh: `年份须在 2000 到 2100 之间（填写的是 ${got(v)}）`,
  }),
  oneOf: (allowed: readonly string[], v: unknown): Text => ({
    en: `must be one of ${allowed.join(', ')} (got ${quote(v)})`,
    zh: `不是可选的值（填写的是 ${got(v)}）`,
  }),
  code: (v: unknown): Text => ({
    en: `must be 1–40 letters, digits, '-' or '_' starting with a letter or digit (got ${quote(v)})`,
    zh: `编码须为 1–40 位字母、数字、“-”或“_”（填写的是 ${got(v)}）`,
  }),
  idempotencyKey: (): Text => ({ en: 'must be 1–200 printable characters', zh: '须为 1–200 个可打印字符' }),
  unknownStreet: (code: string, hint = '; see Query.streets for the 12 codes'): Text => ({
    en: `unknown street code ${code}${hint}`,
    zh: `没有编码为 ${code} 的街道（管城区共 12 个街道）`,
  }),
  unknownProject: (code: string): Text => ({
    en: `unknown project code ${code}; see Query.projects`,
    zh: `没有编码为 ${code} 的重点项目`,
  }),
  unknownHousingProject: (code: string): Text => ({
    en: `unknown housing project code ${code}; see Query.housingProjects`,
    zh: `没有编码为 ${code} 的住房项目`,
  }),
  partExceedsTotal: (total: string, p: number, t: number): Text => ({
    en: `must not exceed ${total} (${p} > ${t})`,
    zh: `不能超过${fieldZh(total)}（${p} > ${t}）`,
  }),
  cumulativeBelowPeriod: (cumulative: number, investment: number): Text => ({
    en: `must be at least the period's investment (${cumulative} < ${investment})`,
    zh: `不能小于本期完成投资（${cumulative} < ${investment}）`,
  }),
  deliveredExceedsTotal: (delivered: number, total: number): Text => ({
    en: `must not exceed the project's total units (${delivered} > ${total})`,
    zh: `不能超过项目总套数（${delivered} > ${total}）`,
  }),
  tooManyRows: (max: number, got: number): Text => ({
    en: `must hold at most ${max} rows per call (got ${got}); send the rest in further calls`,
    zh: `每次最多提交 ${max} 行（提交了 ${got} 行），其余请分批提交`,
  }),
  deliveredWhileUndelivered: (undelivered: number): Text => ({
    en: `cannot be delivered while ${undelivered} units are undelivered`,
    zh: `还有 ${undelivered} 套未交付，状态不能是“已交付”`,
  }),
};
