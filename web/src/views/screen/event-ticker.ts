/** The live event ticker: newest first, at most 40 rows. */
import { h } from '../../dom.js';
import { cst, domainName, eventTypeName, num } from '../../format.js';
import { t } from '../../i18n.js';
import type { LiveEvent } from '../../types.js';
import './event-ticker.css';

const MAX_ROWS = 40;

/** The figures an event carries, short: coverage/recovery, investment, delivered units. */
function figures(e: LiveEvent): string {
  const d = e.data;
  const parts: string[] = [];
  if (typeof d.coverageRate === 'number') parts.push(`${num(d.coverageRate)}% / ${num(d.recoveryRate as number)}%`);
  if (typeof d.investment === 'number') parts.push(`${num(d.investment, 0)} 万元`);
  if (typeof d.deliveredUnits === 'number') parts.push(`${num(d.deliveredUnits, 0)} 套`);
  return parts.join(' ');
}

export interface Ticker {
  push(e: LiveEvent): void;
}

export function eventTicker(el: HTMLElement): Ticker {
  const empty = h('li', { class: 'muted ticker-empty' }, t('ticker.empty'));
  const list = h('ol', { class: 'ticker', 'aria-live': 'polite', 'aria-relevant': 'additions' }, empty);
  el.append(list);
  return {
    push(e) {
      empty.remove();
      const row = h(
        'li',
        { class: 'ticker-row fresh', 'data-seq': `${e.domain}:${e.seq}` },
        h('time', { datetime: e.at }, cst(e.at, true)),
        h('span', { class: 'ticker-domain' }, domainName(e.domain)),
        h('span', { class: 'ticker-type' }, eventTypeName(e.type)),
        h('span', { class: 'ticker-entity' }, e.entityId),
        h('span', { class: 'ticker-figures' }, figures(e)),
        h('span', { class: 'ticker-actor' }, e.actor),
        h('span', { class: 'ticker-seq' }, `#${e.seq}`),
      );
      list.prepend(row);
      setTimeout(() => row.classList.remove('fresh'), 4000);
      while (list.children.length > MAX_ROWS) list.lastElementChild?.remove();
    },
  };
}
