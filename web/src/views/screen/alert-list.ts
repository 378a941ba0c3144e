/** Active alerts of every readable domain, critical first; "新" on an alert that appeared while the screen was up. */
import { h } from '../../dom.js';
import { domainName } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { Alert } from '../../types.js';
import './alert-list.css';

/** How long an alert that appeared while the screen was up is marked new. */
const NEW_MS = 10 * 60_000;

export interface AlertList {
  /** Renders the alerts; returns the rows (for the pager). */
  update(alerts: Alert[]): HTMLElement[];
  stop(): void;
}

/**
 * @param redrawn called with the rows when the list draws itself again on its own: a 新 mark lapsed
 *   while no new figures came (an unattended wall may see none for hours).
 */
export function alertList(el: HTMLElement, redrawn: (rows: HTMLElement[]) => void): AlertList {
  /** When each alert was first seen; those of the first render count as old. */
  const firstSeen = new Map<string, number>();
  let first = true;
  let last: Alert[] = [];
  let lapse: ReturnType<typeof setTimeout> | undefined;
  const key = (a: Alert) => `${a.domain}|${a.entityId}|${a.severity}|${a.messageZh}`;

  function draw(): HTMLElement[] {
    const now = Date.now();
    const sorted = [...last].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'CRITICAL' ? -1 : 1));
    // Draw again when the first 新 mark runs out, so it does not stay up until the next report.
    const marked = sorted.map((a) => (firstSeen.get(key(a)) ?? 0) + NEW_MS).filter((until) => until > now);
    clearTimeout(lapse);
    if (marked.length) lapse = setTimeout(() => redrawn(draw()), Math.min(...marked) - now + 50);
    if (sorted.length === 0) {
      el.replaceChildren(h('p', { class: 'muted' }, t('alerts.none')));
      return [];
    }
    const rows = sorted.map((a) => {
      const isNew = now - (firstSeen.get(key(a)) ?? 0) < NEW_MS;
      return h(
        'li',
        { class: `alert alert-${a.severity.toLowerCase()}${isNew ? ' alert-new' : ''}`, 'data-entity': a.entityId },
        h(
          'span',
          { class: 'alert-severity' },
          a.severity === 'CRITICAL' ? tx('严重', 'CRITICAL') : tx('预警', 'WARNING'),
        ),
        h('span', { class: 'alert-domain' }, domainName(a.domain)),
        h(
          'span',
          { class: 'alert-text' },
          isNew ? h('b', { class: 'alert-new-badge' }, tx('新', 'NEW'), ' ') : null,
          tx(a.messageZh, a.messageEn),
        ),
      );
    });
    el.replaceChildren(h('ul', { class: 'alert-list' }, ...rows));
    return rows;
  }

  return {
    update(alerts) {
      const now = Date.now();
      for (const a of alerts) if (!firstSeen.has(key(a))) firstSeen.set(key(a), first ? 0 : now);
      first = false;
      last = alerts;
      return draw();
    },
    stop() {
      clearTimeout(lapse);
    },
  };
}
