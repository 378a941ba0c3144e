/**
 * Sign-in, for each kind of user and runtime:
 * - embedded runtime: one click per role (screen, each department, auditor,
 *   admin) asks the loopback-only local endpoint for a token (config.json
 *   `auth.tokenUrl`); a token from `npm run token` can be pasted instead;
 * - Cognito / OIDC: "Sign in" goes to the hosted login (code + PKCE), "Enrol this
 *   screen" does the same with the wall screens' app client (oidc-session.ts);
 * - anywhere: a pasted ID/access token.
 */
import { setToken } from '../auth.js';
import type { ClientConfig } from '../config.js';
import { h } from '../dom.js';
import { t, ts } from '../i18n.js';
import type { Key as DictKey } from '../i18n-dict.js';
import { type OidcClientKind, oidcSettings, signInWith } from '../oidc-session.js';

interface OneClickRole {
  label: DictKey;
  role: string;
  dept?: string;
}

const ONE_CLICK: OneClickRole[] = [
  { label: 'auth.role.screen', role: 'screen' },
  { label: 'auth.role.construction', role: 'department', dept: 'construction' },
  { label: 'auth.role.sorting', role: 'department', dept: 'sorting' },
  { label: 'auth.role.housing', role: 'department', dept: 'housing' },
  { label: 'auth.role.auditor', role: 'auditor' },
  { label: 'auth.role.admin', role: 'admin' },
];

async function mintLocalToken(tokenUrl: string, who: OneClickRole): Promise<string> {
  const res = await fetch(new URL(tokenUrl, location.href), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role: who.role, ...(who.dept ? { dept: who.dept } : {}) }),
  });
  const body = (await res.json().catch(() => ({}))) as { token?: string; message?: string };
  if (!res.ok || !body.token) throw new Error(body.message ?? `HTTP ${res.status}`);
  return body.token;
}

export function renderSignIn(
  root: HTMLElement,
  config: ClientConfig,
  notice: 'expired' | undefined,
  onSignedIn: () => void,
): () => void {
  document.documentElement.dataset.view = 'signin';
  const problem = h('p', { class: 'error', role: 'alert', hidden: true });
  const fail = (prefix: string, err: unknown) => {
    problem.textContent = `${prefix}${(err as Error).message}`;
    problem.hidden = false;
  };
  const tokenUrl = typeof config.auth.tokenUrl === 'string' ? config.auth.tokenUrl : null;
  const oidc = oidcSettings(config);

  const oneClick = tokenUrl
    ? h(
        'div',
        { class: 'one-click', role: 'group', 'aria-label': ts('auth.oneClick') },
        ...ONE_CLICK.map((who) => {
          const button = h(
            'button',
            { type: 'button', class: 'primary', 'data-role': who.dept ?? who.role },
            t(who.label),
          );
          button.addEventListener('click', () => {
            mintLocalToken(tokenUrl, who).then(
              (token) => {
                setToken(token);
                onSignedIn();
              },
              (err) => fail(ts('auth.mintFailed'), err),
            );
          });
          return button;
        }),
      )
    : null;

  const hosted = (kind: OidcClientKind, label: DictKey) => {
    const button = h('button', { type: 'button', class: 'primary', 'data-signin': kind }, t(label));
    button.addEventListener('click', () => void signInWith(config, kind).catch((err) => fail('', err)));
    return button;
  };
  const hostedLogin = oidc
    ? h(
        'div',
        { class: 'hosted-login' },
        h('p', { class: 'hint' }, t('auth.oidcHint'), ` (${oidc.issuer})`),
        h('div', { class: 'actions' }, hosted('people', 'auth.hosted')),
        oidc.screenClientId
          ? h('p', { class: 'hint' }, t('auth.enrolHint'), ' ', hosted('screen', 'auth.enrol'))
          : null,
      )
    : null;

  const box = h('textarea', {
    id: 'token',
    name: 'token',
    rows: 4,
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
    problem,
    config.auth.mode === 'local'
      ? h('p', { class: 'hint' }, t('auth.localHint'), h('code', {}, 'npm run token -- screen'))
      : null,
    oneClick,
    hostedLogin,
    h('label', { for: 'token' }, oneClick || hostedLogin ? t('auth.paste') : t('auth.token')),
    box,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('auth.signIn'))),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!box.value.trim()) return;
    setToken(box.value);
    onSignedIn();
  });
  root.className = 'main main-signin';
  root.replaceChildren(form);
  return () => {};
}
