/**
 * KPI tiles per domain: actual, target, completion %, 序时进度 and the traffic
 * light. A domain whose data is stale is dimmed and labelled, not shown as current.
 */
import { h } from '../../dom.js';
import { cst, DOMAIN_NAMES, lightBadge, num, pct, unit } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { DomainDashboard, Kpi, ReportDomain } from '../../types.js';
import './kpi-panel.css';

export function staleBadge(d: Pick<DomainDashboard, 'stale' | 'lastUpdated'>): HTMLElement | null {
  if (!d.stale) return null;
  return h(
    'span',
    { class: 'badge badge-stale', title: d.lastUpdated ?? '' },
    t('screen.stale'),
    ' · ',
    d.lastUpdated ? [t('screen.lastUpdated'), ' ', cst(d.lastUpdated)] : t('screen.never'),
  );
}

function tile(k: Kpi, domain: ReportDomain): HTMLElement {
  const completion = k.completion;
  const bar = completion === null ? null : Math.max(0, Math.min(100, completion));
  const progress = k.timeProgress;
  return h(
    'article',
    { class: `kpi light-edge-${k.light.toLowerCase()}`, 'data-metric': `${domain.toLowerCase()}.${k.metric}` },
    h('header', { class: 'kpi-head' }, h('h3', { class: 'kpi-label' }, tx(k.labelZh, k.labelEn)), lightBadge(k.light)),
    h(
      'div',
      { class: 'kpi-main' },
      h(
        'p',
        { class: 'kpi-value' },
        h('span', { class: 'kpi-actual' }, num(k.actual, k.unit === '%' ? 2 : 1)),
        h('span', { class: 'kpi-unit' }, unit(k.unit)),
      ),
      h(
        'dl',
        { class: 'kpi-facts' },
        k.target !== null ? [h('dt', {}, t('kpi.target')), h('dd', {}, `${num(k.target, 1)} `, unit(k.unit))] : null,
        completion !== null
          ? [h('dt', {}, t('kpi.completion')), h('dd', { class: 'kpi-completion' }, pct(completion))]
          : null,
        progress !== null ? [h('dt', {}, t('kpi.timeProgress')), h('dd', {}, pct(progress))] : null,
      ),
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

/** One card per domain; `null` for a domain this principal may not read. */
export function renderKpis(el: HTMLElement, domains: [ReportDomain, DomainDashboard | null][]): void {
  el.replaceChildren(
    ...domains
      .filter(([, d]) => d !== null)
      .map(([name, d]) => {
        const dash = d!;
        const [zh, en] = DOMAIN_NAMES[name];
        return h(
          'section',
          { class: `kpi-group${dash.stale ? ' stale' : ''}`, 'data-domain': name },
          h('header', { class: 'kpi-group-head' }, h('h2', {}, tx(zh, en)), lightBadge(dash.light), staleBadge(dash)),
          h('div', { class: 'kpi-tiles' }, ...dash.kpis.map((k) => tile(k, name))),
        );
      }),
  );
}
