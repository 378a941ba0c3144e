/** Semicircle gauges for the sorting rates against their targets (hand-written SVG: two arcs and a tick). */
import { h, svg } from '../../dom.js';
import { lightBadge, num } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { DomainDashboard, Kpi } from '../../types.js';
import './rate-gauges.css';

const R = 80;
const CX = 100;
const CY = 95;

/** The point on the arc at `share` (0 = left end, 1 = right end). */
function at(share: number, r = R): [number, number] {
  const a = Math.PI * (1 - Math.max(0, Math.min(1, share)));
  return [CX + r * Math.cos(a), CY - r * Math.sin(a)];
}

function arc(from: number, to: number): string {
  const [x1, y1] = at(from);
  const [x2, y2] = at(to);
  return `M ${x1.toFixed(2)} ${y1.toFixed(2)} A ${R} ${R} 0 0 1 ${x2.toFixed(2)} ${y2.toFixed(2)}`;
}

function gauge(k: Kpi): HTMLElement {
  const share = k.actual / 100;
  const target = (k.target ?? 0) / 100;
  const [tx1, ty1] = at(target, R - 14);
  const [tx2, ty2] = at(target, R + 14);
  const picture = svg(
    'svg',
    { viewBox: '0 0 200 110', class: 'gauge-svg', 'aria-hidden': 'true' },
    svg('path', { d: arc(0, 1), class: 'gauge-track' }),
    svg('path', { d: arc(0, share || 0.0001), class: `gauge-fill fill-${k.light.toLowerCase()}` }),
    svg('line', { x1: tx1, y1: ty1, x2: tx2, y2: ty2, class: 'gauge-target' }),
  );
  return h(
    'figure',
    { class: 'gauge', 'data-metric': k.metric },
    picture,
    h(
      'figcaption',
      {},
      h('span', { class: 'gauge-value' }, num(k.actual, 2), h('small', {}, '%')),
      h('span', { class: 'gauge-label' }, tx(k.labelZh, k.labelEn)),
      h('span', { class: 'gauge-target-label' }, t('kpi.target'), ` ≥ ${num(k.target, 1)}%`),
      lightBadge(k.light),
    ),
  );
}

export function renderGauges(el: HTMLElement, sorting: DomainDashboard | null): void {
  if (!sorting) {
    el.replaceChildren(h('p', { class: 'muted' }, t('screen.noAccess')));
    return;
  }
  const rates = sorting.kpis.filter((k) => k.unit === '%' && k.target !== null);
  el.replaceChildren(h('div', { class: `gauges${sorting.stale ? ' stale' : ''}` }, ...rates.map(gauge)));
}
