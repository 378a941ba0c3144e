/**
 * The header's connection indicator: 实时 (live) only when the figures are current; 同步中 while a socket
 * that came back catches up; connecting; or reconnecting (polling meanwhile). connection-state.ts decides.
 */
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import type { Indicator } from './connection-state.js';

export function liveIndicator(status: Indicator, pollSeconds: number, detail?: string): HTMLElement {
  if (status === 'live') return h('span', { class: 'live live-on', 'data-status': 'live' }, h('i', {}), t('live.on'));
  const label = {
    connecting: 'live.connecting',
    'catching-up': 'live.catchingUp',
    reconnecting: 'live.reconnecting',
  } as const;
  return h(
    'span',
    { class: `live live-off`, 'data-status': status, title: detail ?? '' },
    h('i', {}),
    t(label[status]),
    status === 'reconnecting' ? h('small', {}, ' · ', t('live.polling'), ` ${pollSeconds}s`) : null,
  );
}
