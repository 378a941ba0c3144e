/**
 * 未报提醒 "What is missing": what the department reported lately and who
 * has not reported, so it can chase them before the screen shows a gap.
 * 城管局: the streets without figures on a chosen day (today by default);
 * 发改委: the projects without the chosen month's investment (this month);
 * 住建局: the housing projects not updated for N days (7 by default: the
 * weekly round of site visits). The lists come from the entry grid's own
 * load (a row with no value for the key is missing), and the recent
 * reports from recentEvents of the department's domain.
 */
import { h } from '../../dom.js';
import { cst, eventTypeWords, todayCst } from '../../format.js';
import type { GqlClient } from '../../gql.js';
import { pick, tx } from '../../i18n.js';
import { RECENT_EVENTS } from '../../queries.js';
import type { LiveEvent } from '../../types.js';
import type { GridRow, GridSpec } from './grid/grid-specs.js';

/** Housing: a project whose latest report is older than this many days is listed. */
export const STALE_DAYS = 7;
const RECENT = 10;

const DOMAIN = { sorting: 'SORTING', construction: 'CONSTRUCTION', housing: 'HOUSING' } as const;

const daysBefore = (today: string, n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

export function missingPanel(
  gql: GqlClient,
  dept: keyof typeof DOMAIN,
  grid: GridSpec,
): { el: HTMLElement; stop(): void } {
  const today = todayCst();
  const byDays = dept === 'housing';
  const keyInput = h('input', {
    id: 'missing-key',
    type: byDays ? 'number' : grid.keyKind,
    min: byDays ? '1' : undefined,
    value: byDays ? String(STALE_DAYS) : grid.keyKind === 'date' ? today : today.slice(0, 7),
  });
  const keyLabel: [string, string] = byDays ? ['超过几天未更新', 'Not updated for (days)'] : grid.keyLabel;
  const summary = h('p', { class: 'missing-summary', role: 'status', 'aria-live': 'polite' });
  const list = h('ul', { class: 'missing-list' });
  const recent = h('ol', { class: 'recent-list' });
  let generation = 0;

  /** Rows not reported for the key, or (housing) not updated within the chosen days. */
  function missingRows(rows: GridRow[], key: string): { row: GridRow; note: string | null }[] {
    if (!byDays) return rows.filter((r) => !r.current).map((row) => ({ row, note: null }));
    const since = daysBefore(today, Math.max(1, Math.floor(Number(key)) || STALE_DAYS));
    return rows
      .filter((r) => !r.latestKey || r.latestKey < since)
      .map((row) => ({ row, note: row.latestKey ? pick(`最近 ${row.latestKey}`, `last ${row.latestKey}`) : null }));
  }

  async function load() {
    const gen = ++generation;
    summary.replaceChildren(tx('正在加载…', 'Loading…'));
    try {
      const key = keyInput.value;
      const [rows, { recentEvents }] = await Promise.all([
        grid.load(gql, byDays ? today : key),
        gql.request<{ recentEvents: { events: LiveEvent[] } }>(RECENT_EVENTS, { domains: [DOMAIN[dept]] }),
      ]);
      if (gen !== generation) return;
      const missing = missingRows(rows, key);
      summary.dataset.missing = String(missing.length);
      summary.replaceChildren(
        missing.length === 0
          ? tx(`全部 ${rows.length} 项均已报送`, `All ${rows.length} reported`)
          : tx(`${missing.length} / ${rows.length} 项未报：`, `${missing.length} of ${rows.length} not reported:`),
      );
      list.replaceChildren(
        ...missing.map(({ row, note }) =>
          h('li', { 'data-code': row.code }, pick(...row.label), note ? h('small', {}, `（${note}）`) : ''),
        ),
      );
      const names = new Map(rows.map((r) => [r.code, r.label]));
      recent.replaceChildren(
        ...recentEvents.events.slice(0, RECENT).map((e) => {
          const [code, ...rest] = e.entityId.split(':');
          const name = names.get(code);
          return h(
            'li',
            { 'data-seq': e.seq },
            `${cst(e.at)} · ${name ? pick(...name) : code}${rest.length ? ` · ${rest.join(':')}` : ''} · ${pick(...eventTypeWords(e.type))}`,
          );
        }),
      );
    } catch (err) {
      if (gen === generation)
        summary.replaceChildren(h('span', { class: 'error', role: 'alert' }, (err as Error).message));
    }
  }

  keyInput.addEventListener('change', () => void load());
  void load();
  const el = h(
    'section',
    { class: 'card missing-panel', 'aria-labelledby': 'missing-title' },
    h('h2', { id: 'missing-title' }, tx('未报提醒与最近报送', 'Missing reports and recent ones')),
    h('div', { class: 'field' }, h('label', { for: keyInput.id }, tx(...keyLabel)), keyInput),
    summary,
    list,
    h('h3', {}, tx('最近报送', 'Reported lately')),
    recent,
  );
  return {
    el,
    stop: () => {
      generation++;
    },
  };
}
