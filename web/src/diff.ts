/** old → new for an event: the fields whose value changed between `prev` and `data`. */
import { h } from './dom.js';
import { tx } from './i18n.js';

/** Fields in words: people read 覆盖率, not coverageRate (the code stays in data-field for tools). */
const FIELD_WORDS: Record<string, [string, string]> = {
  street: ['街道', 'Street'],
  date: ['日期', 'Date'],
  coverageRate: ['覆盖率', 'Coverage'],
  recoveryRate: ['资源化利用率', 'Recovery'],
  compoundsTotal: ['小区总数', 'Compounds'],
  compoundsSorting: ['分类小区数', 'Sorting compounds'],
  householdsTotal: ['总户数', 'Households'],
  householdsSorting: ['参与户数', 'Sorting households'],
  project: ['项目', 'Project'],
  period: ['月份', 'Month'],
  investment: ['本期投资', 'Investment'],
  cumulativeInvestment: ['本年累计', 'Cumulative'],
  status: ['状态', 'Status'],
  note: ['备注', 'Note'],
  deliveredUnits: ['累计交付套数', 'Units delivered'],
  correctionReason: ['更正原因', 'Reason'],
  correctsReport: ['更正的上次填报', 'Corrects report'],
  name: ['名称', 'Name'],
  nameEn: ['英文名', 'English name'],
  totalUnits: ['总套数', 'Total units'],
  value: ['数值', 'Value'],
};

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** Identity fields (the entity's key) are the same on both sides and left out. */
export function changes(prev: Record<string, unknown> | null, data: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(prev ?? {}), ...Object.keys(data)])];
  return keys
    .filter((k) => JSON.stringify(prev?.[k]) !== JSON.stringify(data[k]))
    .map((k) => ({ field: k, old: prev ? prev[k] : undefined, new: data[k] }));
}

const show = (v: unknown) => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** A compact list: field: old → new (or field: new for a first report). */
export function renderChanges(prev: Record<string, unknown> | null, data: Record<string, unknown>): HTMLElement {
  const list = changes(prev, data);
  return h(
    'ul',
    { class: 'changes' },
    ...list.map((c) =>
      h(
        'li',
        { 'data-field': c.field },
        h('span', { class: 'field' }, FIELD_WORDS[c.field] ? tx(...FIELD_WORDS[c.field]) : c.field),
        ': ',
        prev ? [h('del', { class: 'old' }, show(c.old)), h('span', { 'aria-hidden': 'true' }, ' → ')] : null,
        prev ? h('span', { class: 'visually-hidden' }, ' to ') : null,
        h('ins', { class: 'new' }, show(c.new)),
      ),
    ),
  );
}
