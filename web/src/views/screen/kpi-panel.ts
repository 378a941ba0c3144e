/**
 * KPI tiles per domain: actual, target, completion %, 序时进度 and the traffic
 * light; the domain's light with its reason ("红 · …落后序时进度…"), how long
 * ago it was updated, and for ~10 s after a figure moved its ▲▼ delta. A
 * figure with nothing reported shows "—" and 无数据; a stale domain is dimmed
 * and labelled, not shown as current.
 */
import { h } from '../../dom.js';
import { cst, DOMAIN_NAMES, figure, figureDigits, lightBadge, pct, unit } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { DomainDashboard, Kpi, ReportDomain } from '../../types.js';
import { ChangeTracker, DELTA_MS, deltaText, updatedAgo } from './what-changed.js';
import './kpi-panel.css';

export function staleBadge(d: Pick<DomainDashboard, 'stale' | 'lastUpdated'>): HTMLElement | null {
  if (!d.stale) return null;
  return h(
    'span',
    { class: 'badge badge-stale' },
    t('screen.stale'),
    ' · ',
    d.lastUpdated ? [t('screen.lastUpdated'), ' ', cst(d.lastUpdated)] : t('screen.never'),
  );
}

function tile(k: Kpi, domain: ReportDomain, delta: number | null): HTMLElement {
  const completion = k.hasData ? k.completion : null;
  const bar = completion === null ? null : Math.max(0, Math.min(100, completion));
  const progress = k.timeProgress;
  // A figure without a target has no light to show; one with nothing reported says 无数据.
  const badge = k.light === 'NONE' && k.hasData ? null : lightBadge(k.light);
  return h(
    'article',
    {
      class: `kpi light-edge-${k.light.toLowerCase()}${delta === null ? '' : ' kpi-changed'}`,
      'data-metric': `${domain.toLowerCase()}.${k.metric}`,
      'data-light': k.light,
    },
    h('header', { class: 'kpi-head' }, h('h3', { class: 'kpi-label' }, tx(k.labelZh, k.labelEn)), badge),
    h(
      'p',
      { class: 'kpi-value' },
      h('span', { class: 'kpi-actual' }, k.hasData ? figure(k.actual, k.unit) : '—'),
      h('span', { class: 'kpi-unit' }, unit(k.unit)),
      delta === null
        ? null
        : h('span', { class: `kpi-delta ${delta > 0 ? 'up' : 'down'}` }, deltaText(delta, figureDigits(k.unit))),
    ),
    h(
      'dl',
      { class: 'kpi-facts' },
      k.target !== null
        ? h('div', {}, h('dt', {}, t('kpi.target')), h('dd', {}, figure(k.target, k.unit), ' ', unit(k.unit)))
        : null,
      completion !== null
        ? h('div', {}, h('dt', {}, t('kpi.completion')), h('dd', { class: 'kpi-completion' }, pct(completion)))
        : null,
      progress !== null ? h('div', {}, h('dt', {}, t('kpi.timeProgress')), h('dd', {}, pct(progress))) : null,
    ),
    bar === null
      ? null
      : h(
          'div',
          {
            class: 'kpi-bar',
            role: 'progressbar',
            'aria-valuemin': 0,
            'aria-valuemax': 100,
            'aria-valuenow': Math.round(bar),
            'aria-label': `${k.labelZh} ${pct(completion)}`,
          },
          h('span', { class: 'kpi-bar-fill', style: `width:${bar}%` }),
          progress === null ? null : h('span', { class: 'kpi-bar-marker', style: `left:${Math.min(100, progress)}%` }),
        ),
  );
}

export interface KpiPanel {
  /** One card per domain; `null` for a domain this principal may not read. */
  update(domains: [ReportDomain, DomainDashboard | null][]): void;
  stop(): void;
}

export function kpiPanel(el: HTMLElement): KpiPanel {
  const changes = new ChangeTracker();
  let last: [ReportDomain, DomainDashboard | null][] = [];
  let clearDeltas: ReturnType<typeof setTimeout> | undefined;

  function draw(): void {
    let moved = false;
    el.replaceChildren(
      ...last
        .filter(([, d]) => d !== null)
        .map(([name, d]) => {
          const dash = d!;
          const [zh, en] = DOMAIN_NAMES[name];
          const tiles = dash.kpis.map((k) => {
            const delta = changes.see(`${name}.${k.metric}`, k.hasData ? k.actual : null);
            moved ||= delta !== null;
            return tile(k, name, delta);
          });
          return h(
            'section',
            { class: `kpi-group${dash.stale ? ' stale' : ''}`, 'data-domain': name, 'data-light': dash.light },
            h(
              'header',
              { class: 'kpi-group-head' },
              h('h2', {}, tx(zh, en)),
              lightBadge(dash.light, dash.lightReason),
              h('span', { class: 'updated-ago', 'data-at': dash.lastUpdated ?? '' }, updatedAgo(dash.lastUpdated)),
              staleBadge(dash),
            ),
            h('div', { class: 'kpi-tiles' }, ...tiles),
          );
        }),
    );
    // Draw again once the deltas have had their time, so they do not stay up.
    clearTimeout(clearDeltas);
    if (moved) clearDeltas = setTimeout(draw, DELTA_MS + 50);
  }

  // "x 分钟前" moves on without a new event.
  const ticker = setInterval(() => {
    for (const s of el.querySelectorAll<HTMLElement>('.updated-ago')) {
      s.replaceChildren(updatedAgo(s.dataset.at || null));
    }
  }, 30_000);

  return {
    update(domains) {
      last = domains;
      draw();
    },
    stop() {
      clearInterval(ticker);
      clearTimeout(clearDeltas);
    },
  };
}
