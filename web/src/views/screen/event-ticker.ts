/**
 * The live event ticker, newest first, at most 40 rows: when, which domain,
 * what, about what (the street's or project's name and its day or month),
 * the figures in the units the KPIs use (亿元, %, 套), and the reporting
 * department in words. It is the figures' only live region (the connection banner has its own): a screen reader
 * hears new events, not every redraw of the figures.
 */
import { h } from '../../dom.js';
import { cst, domainName, eventTypeName, figure, wanToYi } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { LiveEvent, ReportDomain } from '../../types.js';
import { DEPARTMENTS, type EntityNames } from './entity-names.js';
import './event-ticker.css';

const MAX_ROWS = 40;

/** The figures an event carries, short: coverage/recovery, investment, delivered units. */
function figures(e: LiveEvent): string {
  const d = e.data;
  const parts: string[] = [];
  if (typeof d.coverageRate === 'number') {
    parts.push(`${figure(d.coverageRate, '%')}% / ${figure(d.recoveryRate as number, '%')}%`);
  }
  if (typeof d.investment === 'number') parts.push(`${figure(wanToYi(d.investment), '亿元')} 亿元`);
  if (typeof d.deliveredUnits === 'number') parts.push(`${figure(d.deliveredUnits, '套')} 套`);
  return parts.join(' ');
}

/** The entity an event is about, by name: "金岱街道 12-02", "中原数字港 2026-11". */
function entity(e: LiveEvent, names: EntityNames): DocumentFragment {
  const d = e.data;
  const code = (d.street ?? d.project ?? e.entityId.split(':')[0]) as string;
  const when = (d.date ?? d.period ?? '') as string;
  const f = names.name(code);
  if (when) f.append(` ${when.length === 10 ? when.slice(5) : when}`);
  return f;
}

function department(e: LiveEvent): DocumentFragment {
  const dept = DEPARTMENTS[e.domain as ReportDomain];
  return dept ? tx(...dept) : tx('参考数据维护', 'Reference data');
}

export interface Ticker {
  /** The list (for the pager). */
  readonly list: HTMLElement;
  push(e: LiveEvent): void;
  /** Names became known (or changed): relabel the rows shown. */
  relabel(): void;
}

export function eventTicker(el: HTMLElement, names: EntityNames, onChange: () => void): Ticker {
  const empty = h('li', { class: 'muted ticker-empty' }, t('ticker.empty'));
  const list = h('ol', { class: 'ticker', 'aria-live': 'polite', 'aria-relevant': 'additions' }, empty);
  el.append(list);
  const shown = new Map<HTMLElement, LiveEvent>();
  return {
    list,
    push(e) {
      empty.remove();
      const row = h(
        'li',
        { class: 'ticker-row fresh', 'data-seq': `${e.domain}:${e.seq}` },
        h('time', { datetime: e.at }, cst(e.at, true)),
        h('span', { class: 'ticker-domain' }, domainName(e.domain)),
        h('span', { class: 'ticker-type' }, eventTypeName(e.type)),
        h('span', { class: 'ticker-entity' }, entity(e, names)),
        h('span', { class: 'ticker-figures' }, figures(e)),
        h('span', { class: 'ticker-actor' }, department(e)),
      );
      list.prepend(row);
      shown.set(row, e);
      setTimeout(() => row.classList.remove('fresh'), 4000);
      while (list.children.length > MAX_ROWS) {
        const gone = list.lastElementChild as HTMLElement;
        shown.delete(gone);
        gone.remove();
      }
      onChange();
    },
    relabel() {
      for (const [row, e] of shown) row.querySelector('.ticker-entity')?.replaceChildren(entity(e, names));
      onChange();
    },
  };
}
