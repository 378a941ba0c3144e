/**
 * The full-screen notice when a signed-in session cannot renew its token (an
 * enrolled wall screen whose refresh token was revoked or ran out, the issuer
 * unreachable past the token's life): the view underneath is stopped and
 * covered, so nobody reads stale figures as live, and the red pulsing frame is
 * the alarm a command center sees from across the room.
 */
import './session-lost.css';
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function renderSessionLost(reason: string, onSignIn: () => void): HTMLElement {
  const button = h('button', { type: 'button', class: 'primary' }, t('auth.hosted'));
  button.addEventListener('click', onSignIn);
  const notice = h(
    'div',
    { class: 'session-lost', role: 'alert', 'aria-live': 'assertive', 'data-testid': 'session-lost' },
    h('p', {}, t('auth.lost')),
    h('p', { class: 'reason' }, reason),
    button,
  );
  document.body.append(notice);
  return notice;
}
