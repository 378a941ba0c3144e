/** 保交楼 / 安置房 projects with delivered units and a countdown to the deadline that matters now. */
import { h } from '../../dom.js';
import { daysUntil, num } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { HousingProject, HousingStatus } from '../../types.js';
import './housing-table.css';

const STATUS: Record<HousingStatus, [string, string]> = {
  STALLED: ['停工', 'Stalled'],
  RESUMED: ['复工', 'Resumed'],
  TOPPED_OUT: ['封顶', 'Topped out'],
  DELIVERING: ['交付中', 'Delivering'],
  DELIVERED: ['已交付', 'Delivered'],
};

/** The deadline to count down to: resumption while stalled, else delivery; none once delivered. */
function deadline(p: HousingProject): { date: string; kind: 'resume' | 'deliver' } | null {
  if (p.status === 'DELIVERED') return null;
  if (p.status === 'STALLED' && p.resumeDeadline) return { date: p.resumeDeadline, kind: 'resume' };
  return { date: p.deliveryDeadline, kind: 'deliver' };
}

function countdown(p: HousingProject, today: string): HTMLElement {
  const d = deadline(p);
  if (!d) return h('span', { class: 'countdown done' }, t('housing.done'));
  const days = daysUntil(d.date, today);
  const label = d.kind === 'resume' ? tx('复工', 'resume') : tx('交付', 'deliver');
  if (days < 0) {
    return h(
      'span',
      { class: 'countdown overdue', title: d.date },
      label,
      ' ',
      tx(`逾期${-days}天`, `${-days} d overdue`),
    );
  }
  return h(
    'span',
    { class: `countdown${days <= 30 ? ' soon' : ''}`, title: d.date },
    label,
    ' ',
    tx(`剩${days}天`, `${days} d left`),
  );
}

/** Renders the table; returns its rows (for the pager). */
export function renderHousing(el: HTMLElement, projects: HousingProject[] | null, today: string): HTMLElement[] {
  if (!projects) {
    el.replaceChildren(h('p', { class: 'muted' }, t('screen.noAccess')));
    return [];
  }
  // Most urgent first: overdue, then nearest deadline; delivered last.
  const rows = [...projects].sort((a, b) => {
    const da = deadline(a)?.date ?? '9999';
    const db = deadline(b)?.date ?? '9999';
    return da.localeCompare(db) || a.code.localeCompare(b.code);
  });
  const body = h(
    'tbody',
    {},
    ...rows.map((p) => {
      const share = p.totalUnits ? (p.deliveredUnits / p.totalUnits) * 100 : 0;
      return h(
        'tr',
        { 'data-code': p.code },
        h(
          'td',
          { class: 'housing-name' },
          h('span', {}, p.name),
          h('small', {}, p.street ? tx(p.street.name, p.street.nameEn) : p.streetCode),
        ),
        h('td', {}, h('span', { class: `status status-${p.status.toLowerCase()}` }, tx(...STATUS[p.status]))),
        h(
          'td',
          { class: 'num' },
          `${num(p.deliveredUnits, 0)}/${num(p.totalUnits, 0)}`,
          h('small', {}, ` ${num(share, 0)}%`),
        ),
        h('td', {}, countdown(p, today)),
      );
    }),
  );
  el.replaceChildren(
    h(
      'table',
      { class: 'table housing-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, t('housing.project')),
          h('th', { scope: 'col' }, t('housing.status')),
          h('th', { scope: 'col', class: 'num' }, t('housing.delivered')),
          h('th', { scope: 'col' }, t('housing.countdown')),
        ),
      ),
      body,
    ),
  );
  return [...body.children] as HTMLElement[];
}
