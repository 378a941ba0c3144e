/** The header's connection indicator: live, connecting, or reconnecting (polling meanwhile). */
import { h } from '../../dom.js';
import { t } from '../../i18n.js';
import type { LiveStatus } from '../../live.js';

export function liveIndicator(status: LiveStatus, pollSeconds: number, detail?: string): HTMLElement {
  if (status === 'live') return h('span', { class: 'live live-on', 'data-status': 'live' }, h('i', {}), t('live.on'));
  return h(
    'span',
    { class: `live live-off`, 'data-status': status, title: detail ?? '' },
    h('i', {}),
    status === 'connecting' ? t('live.connecting') : t('live.reconnecting'),
    status === 'reconnecting' ? h('small', {}, ' · ', t('live.polling'), ` ${pollSeconds}s`) : null,
  );
}
