/**
 * Sign-in. Locally: paste a token printed by `npm run token -- screen`
 * (or department --dept sorting, auditor, admin). With Cognito/OIDC the
 * hosted-UI login is out of scope here; a pasted ID/access token works too.
 */
import { setToken } from '../auth.js';
import type { ClientConfig } from '../config.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';

export function renderSignIn(
  root: HTMLElement,
  config: ClientConfig,
  notice: 'expired' | undefined,
  onSignedIn: () => void,
): () => void {
  document.documentElement.dataset.view = 'signin';
  const box = h('textarea', {
    id: 'token',
    name: 'token',
    rows: 6,
    spellcheck: 'false',
    autocomplete: 'off',
    required: true,
    placeholder: 'eyJhbGciOi…',
  });
  const form = h(
    'form',
    { class: 'card signin', 'aria-labelledby': 'signin-title' },
    h('h2', { id: 'signin-title' }, t('auth.title')),
    notice === 'expired' ? h('p', { class: 'error', role: 'alert' }, t('auth.expired')) : null,
    config.auth.mode === 'local'
      ? h('p', { class: 'hint' }, t('auth.localHint'), h('code', {}, 'npm run token -- screen'))
      : h(
          'p',
          { class: 'hint' },
          t('auth.oidcHint'),
          ` (${config.auth.mode}${config.auth.issuer ? `: ${config.auth.issuer}` : ''})`,
        ),
    h('label', { for: 'token' }, t('auth.token')),
    box,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('auth.signIn'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!box.value.trim()) return;
    setToken(box.value);
    onSignedIn();
  });
  root.className = 'main main-signin';
  root.replaceChildren(form);
  box.focus();
  return () => {};
}
