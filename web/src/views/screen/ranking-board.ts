/**
 * The ranking board of the 12 streets, one list per domain the principal may
 * read. On a wall the lists take turns every rotation period with a visible
 * indicator (or stand side by side on a 32:9 wall, CSS); elsewhere the tabs
 * choose. A bar and its light take the ranked value's colour (server rule);
 * ▲▼ say how a street moved at the last change of order.
 */
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

/** How long a rank arrow stays after the order changed. */
const ARROW_MS = 10 * 60_000;

export interface RankingBoard {
  update(dashboards: Partial<Record<ReportDomain, DomainDashboard | null>>): void;
  stop(): void;
}

/** Per domain: the last order seen, and the moves at its last change. */
interface Moves {
  order: string[];
  moved: Map<string, number>;
  at: number;
}

function arrow(moved: number | undefined): HTMLElement | null {
  if (!moved) return null;
  const up = moved > 0;
  return h(
    'span',
    { class: `rank-move ${up ? 'up' : 'down'}`, 'aria-label': up ? `上升${moved}` : `下降${-moved}` },
    `${up ? '▲' : '▼'}${Math.abs(moved)}`,
  );
}

function list(domain: ReportDomain, dash: DomainDashboard, moves: Moves | undefined): HTMLElement {
  // Bars span the field (lowest → highest) so close rates still read apart; the numbers are beside them.
  const values = dash.ranking.map((r) => r.value).filter((v): v is number => v !== null);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const width = (v: number | null) => (v === null ? 0 : hi > lo ? 15 + (85 * (v - lo)) / (hi - lo) : v > 0 ? 100 : 0);
  const fresh = moves && Date.now() - moves.at < ARROW_MS ? moves.moved : undefined;
  return h(
    'ol',
    { class: 'ranking-list', 'data-domain': domain },
    ...dash.ranking.map((r) =>
      h(
        'li',
        { class: `rank-row rank-${r.rank <= 3 ? 'top' : 'rest'}`, 'data-street': r.street.code, 'data-light': r.light },
        h('span', { class: 'rank-no' }, String(r.rank)),
        h('span', { class: 'rank-name' }, tx(r.street.name.replace(/街道$/, ''), r.street.nameEn)),
        h(
          'span',
          { class: 'rank-bar', 'aria-hidden': 'true' },
          h('i', { class: `fill-${r.light.toLowerCase()}`, style: `width:${width(r.value).toFixed(1)}%` }),
        ),
        h('span', { class: 'rank-value' }, r.value === null ? '—' : num(r.value, 2)),
        h('span', { class: 'rank-move-slot' }, arrow(fresh?.get(r.street.code))),
        lightBadge(r.light),
      ),
    ),
  );
}

/** @param rotateMs on a wall, how long each domain's list stays up; null: tabs choose (no rotation). */
export function rankingBoard(el: HTMLElement, order: ReportDomain[], rotateMs: number | null): RankingBoard {
  let selected: ReportDomain = order[0];
  let last: Partial<Record<ReportDomain, DomainDashboard | null>> = {};
  const moves = new Map<ReportDomain, Moves>();
  let lapse: ReturnType<typeof setTimeout> | undefined;
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': '排名 Ranking' });
  const pages = h('div', { class: 'ranking-pages' });
  el.append(tabs, pages);
  el.classList.toggle('rotating', rotateMs !== null);

  const available = () => order.filter((d) => last[d]);

  function track(domain: ReportDomain, dash: DomainDashboard): void {
    const now = dash.ranking.map((r) => r.street.code);
    const prev = moves.get(domain);
    if (!prev) {
      moves.set(domain, { order: now, moved: new Map(), at: 0 });
      return;
    }
    if (prev.order.join() === now.join()) return;
    const moved = new Map<string, number>();
    now.forEach((code, i) => {
      const before = prev.order.indexOf(code);
      if (before >= 0 && before !== i) moved.set(code, before - i);
    });
    moves.set(domain, { order: now, moved, at: Date.now() });
  }

  function select(): void {
    const shown = available();
    if (!shown.includes(selected) && shown.length) selected = shown[0];
    for (const tab of tabs.children) {
      const on = (tab as HTMLElement).dataset.domain === selected;
      tab.setAttribute('aria-selected', String(on));
    }
    for (const p of pages.children)
      (p as HTMLElement).classList.toggle('is-current', (p as HTMLElement).dataset.domain === selected);
  }

  function draw(): void {
    const shown = available();
    tabs.replaceChildren(
      ...shown.map((d, i) =>
        h(
          'button',
          {
            type: 'button',
            role: 'tab',
            class: 'tab',
            'data-domain': d,
            'aria-controls': `ranking-${d}`,
            onclick: () => {
              selected = d;
              select();
            },
          },
          tx(...DOMAIN_NAMES[d]),
          rotateMs !== null ? h('small', { class: 'tab-step' }, ` ${i + 1}/${shown.length}`) : null,
        ),
      ),
    );
    pages.replaceChildren(
      ...shown.map((d) => {
        const dash = last[d]!;
        return h(
          'section',
          { class: 'ranking-page', role: 'tabpanel', id: `ranking-${d}`, 'data-domain': d },
          h(
            'p',
            { class: 'ranking-by' },
            h('b', {}, tx(...DOMAIN_NAMES[d])),
            ' ',
            tx(BY[d][0], dash.rankingBy || BY[d][1]),
          ),
          list(d, dash, moves.get(d)),
        );
      }),
    );
    select();
    // Draw again when the arrows run out, so they do not stay up until the next change of order.
    const now = Date.now();
    const until = [...moves.values()].map((m) => m.at + ARROW_MS).filter((t) => t > now);
    clearTimeout(lapse);
    if (until.length) lapse = setTimeout(draw, Math.min(...until) - now + 50);
  }

  // On a wall the lists take turns; the tab strip (with its n/N) is the indicator.
  const timer =
    rotateMs === null
      ? undefined
      : setInterval(() => {
          const shown = available();
          if (shown.length < 2) return;
          selected = shown[(shown.indexOf(selected) + 1) % shown.length];
          select();
        }, rotateMs);

  return {
    update(dashboards) {
      last = dashboards;
      for (const d of order) {
        const dash = dashboards[d];
        if (dash) track(d, dash);
      }
      draw();
    },
    stop() {
      clearInterval(timer);
      clearTimeout(lapse);
    },
  };
}
