/** Active alerts of every readable domain, critical first. */
import { h } from '../../dom.js';
import { domainName } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { Alert } from '../../types.js';
import './alert-list.css';

export function renderAlerts(el: HTMLElement, alerts: Alert[]): void {
  const sorted = [...alerts].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'CRITICAL' ? -1 : 1));
  if (sorted.length === 0) {
    el.replaceChildren(h('p', { class: 'muted' }, t('alerts.none')));
    return;
  }
  el.replaceChildren(
    h(
      'ul',
      { class: 'alert-list' },
      ...sorted.map((a) =>
        h(
          'li',
          { class: `alert alert-${a.severity.toLowerCase()}`, 'data-entity': a.entityId },
          h(
            'span',
            { class: 'alert-severity' },
            a.severity === 'CRITICAL' ? tx('严重', 'CRITICAL') : tx('预警', 'WARNING'),
          ),
          h('span', { class: 'alert-domain' }, domainName(a.domain)),
          h('span', { class: 'alert-text' }, tx(a.messageZh, a.messageEn)),
        ),
      ),
    ),
  );
}
