/** The ranking board of the 12 streets, one tab per domain the principal may read. */
import { h } from '../../dom.js';
import { DOMAIN_NAMES, lightBadge, num } from '../../format.js';
import { tx } from '../../i18n.js';
import type { DomainDashboard, ReportDomain } from '../../types.js';
import './ranking-board.css';

const BY: Record<ReportDomain, [string, string]> = {
  SORTING: ['本月资源化利用率（%）', 'Resource recovery rate this month (%)'],
  CONSTRUCTION: ['投资完成率（% 计划）', 'Investment completion (% of plan)'],
  HOUSING: ['交付率（% 总套数）', 'Units delivered (% of total)'],
};

export interface RankingBoard {
  update(dashboards: Partial<Record<ReportDomain, DomainDashboard | null>>): void;
}

export function rankingBoard(el: HTMLElement, order: ReportDomain[]): RankingBoard {
  let selected: ReportDomain = order[0];
  let last: Partial<Record<ReportDomain, DomainDashboard | null>> = {};
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': '排名 Ranking' });
  const body = h('div', { class: 'ranking', role: 'tabpanel', id: 'ranking-panel' });
  el.append(tabs, body);

  function draw() {
    const available = order.filter((d) => last[d]);
    if (!available.includes(selected) && available.length) selected = available[0];
    tabs.replaceChildren(
      ...available.map((d) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: 'tab',
            'aria-selected': d === selected ? 'true' : 'false',
            'aria-controls': 'ranking-panel',
            onclick: () => {
              selected = d;
              draw();
            },
          },
          tx(...DOMAIN_NAMES[d]),
        ),
      ),
    );
    const dash = last[selected];
    if (!dash) {
      body.replaceChildren();
      return;
    }
    // Bars span the field (lowest → highest) so close rates still read apart; the numbers are beside them.
    const values = dash.ranking.map((r) => r.value).filter((v): v is number => v !== null);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    const width = (v: number | null) => (v === null ? 0 : hi > lo ? 15 + (85 * (v - lo)) / (hi - lo) : v > 0 ? 100 : 0);
    body.replaceChildren(
      h('p', { class: 'ranking-by' }, tx(BY[selected][0], dash.rankingBy || BY[selected][1])),
      h(
        'ol',
        { class: 'ranking-list', 'data-domain': selected },
        ...dash.ranking.map((r) =>
          h(
            'li',
            { class: `rank-row rank-${r.rank <= 3 ? 'top' : 'rest'}`, 'data-street': r.street.code },
            h('span', { class: 'rank-no' }, String(r.rank)),
            h('span', { class: 'rank-name' }, tx(r.street.name.replace(/街道$/, ''), r.street.nameEn)),
            h(
              'span',
              { class: 'rank-bar', 'aria-hidden': 'true' },
              h('i', { class: `fill-${r.light.toLowerCase()}`, style: `width:${width(r.value).toFixed(1)}%` }),
            ),
            h('span', { class: 'rank-value' }, r.value === null ? '—' : num(r.value, 2)),
            // Nothing to rank is not "green": say there is no data.
            r.value === null ? h('span', { class: 'light light-none' }, tx('无数据', 'no data')) : lightBadge(r.light),
          ),
        ),
      ),
    );
  }

  return {
    update(dashboards) {
      last = dashboards;
      draw();
    },
  };
}
