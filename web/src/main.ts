/**
 * Boot: config → sign-in (an OIDC session completed or restored, or a local /
 * pasted token) → `me` → the view for the hash route the role may open.
 * Routes: #/screen (大屏), #/report (填报), #/audit (审计), #/signin.
 * An OIDC session renews its token silently; when it cannot, the whole page
 * says so (views/session-lost.ts) instead of showing stale figures.
 */
import './styles/index.css';
import type { AppContext, View } from './app-context.js';
import { clearToken, getToken, hasRenewingSession, type Route, routesFor, signOut, useSession } from './auth.js';
import { type ClientConfig, loadConfig } from './config.js';
import { h } from './dom.js';
import { createGqlClient, GqlError } from './gql.js';
import { applyLang, lang, t } from './i18n.js';
import { oidcSettings, signInWith, startOidcSession } from './oidc-session.js';
import { ME } from './queries.js';
import { renderShell } from './shell.js';
import type { Principal } from './types.js';
import { auditView } from './views/audit/audit-view.js';
import { reportView } from './views/report/report-view.js';
import { screenView } from './views/screen/screen-view.js';
import { wallSettings } from './views/screen/wall-mode.js';
import { renderSessionLost } from './views/session-lost.js';
import { renderSignIn } from './views/signin.js';

const VIEWS: Record<Route, View> = { screen: screenView, report: reportView, audit: auditView };

const root = document.getElementById('app')!;
let stopView: (() => void) | null = null;
let stopShell: (() => void) | null = null;

function teardown() {
  stopView?.();
  stopView = null;
  stopShell?.();
  stopShell = null;
}

function routeFromHash(): string {
  return location.hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
}

async function boot(notice?: 'expired') {
  teardown();
  applyLang();
  let config: ClientConfig;
  try {
    config = await loadConfig();
  } catch (err) {
    root.replaceChildren(h('p', { class: 'fatal', role: 'alert' }, t('app.noConfig'), ` (${(err as Error).message})`));
    return;
  }
  if (oidcSettings(config) && !hasRenewingSession() && routeFromHash() !== 'signin') {
    try {
      useSession(await startOidcSession(config, (reason) => sessionLost(config, reason)));
    } catch (err) {
      // A failed code exchange (stale state, issuer down): sign in again from the page.
      showSignIn(config, 'expired');
      console.warn('OIDC sign-in failed', err);
      return;
    }
  }
  const token = getToken();
  if (!token || routeFromHash() === 'signin') {
    showSignIn(config, notice);
    return;
  }
  let expired = false;
  const gql = createGqlClient(config.graphqlUrl, getToken, () => {
    expired = true;
  });
  let me: Principal;
  try {
    me = (await gql.request<{ me: Principal }>(ME)).me;
  } catch (err) {
    if (expired || (err instanceof GqlError && err.code === 'UNAUTHENTICATED')) {
      clearToken();
      showSignIn(config, 'expired');
    } else {
      root.replaceChildren(
        h('p', { class: 'fatal', role: 'alert' }, t('app.unreachable'), ` ${(err as Error).message}`),
      );
      setTimeout(() => void boot(), 5000);
    }
    return;
  }
  // A token that expires while a view is open: back to sign-in.
  const app = createGqlClient(
    config.graphqlUrl,
    getToken,
    () => {
      clearToken();
      void boot('expired');
    },
    lang,
  );
  startRouting(config, app, me);
}

function showSignIn(config: ClientConfig, notice?: 'expired') {
  teardown();
  const shell = renderShell(root, null, [], () => {});
  stopShell = shell.stop;
  // No hashchange on the way out of sign-in: it would boot a second time (and the screen load twice).
  onHash = null;
  stopView = renderSignIn(shell.main, config, notice, () => {
    history.replaceState(null, '', '#/');
    void boot();
  });
}

function startRouting(config: ClientConfig, gql: AppContext['gql'], me: Principal) {
  const routes = routesFor(me);
  // A wall screen is a kiosk: no navigation, no sign-out (wall-mode.ts says how to leave it).
  const kiosk = wallSettings(location.hash, me).wall;
  document.documentElement.dataset.wall = String(kiosk);
  const shell = renderShell(
    root,
    me,
    routes,
    () => {
      void signOut().then(() => {
        location.hash = '#/signin';
      });
    },
    { kiosk },
  );
  stopShell = shell.stop;
  const ctx: AppContext = {
    config,
    gql,
    me,
    setStatus: (node) => shell.status.replaceChildren(...(node ? [node] : [])),
  };
  const show = () => {
    const wanted = routeFromHash();
    if (wanted === 'signin') {
      void boot();
      return;
    }
    const route = (routes as string[]).includes(wanted) ? (wanted as Route) : routes[0];
    // Keep the route's parameters (#/screen?wall=0&rotate=3).
    if (`#/${route}` !== location.hash.split('?')[0]) {
      history.replaceState(null, '', `#/${route}`);
    }
    stopView?.();
    ctx.setStatus(null);
    shell.main.replaceChildren();
    shell.main.className = `main main-${route}`;
    document.documentElement.dataset.view = route;
    shell.setActive(route);
    stopView = VIEWS[route](shell.main, ctx);
  };
  onHash = show;
  show();
}

/** The session cannot renew: stop the view (no stale figures) and cover the page. */
function sessionLost(config: ClientConfig, reason: string) {
  teardown();
  onHash = null;
  root.replaceChildren();
  if (!document.querySelector('.session-lost')) renderSessionLost(reason, () => void signInWith(config, 'screen'));
}

let onHash: (() => void) | null = null;
window.addEventListener('hashchange', () => {
  if (onHash) onHash();
  else void boot();
});

void boot();
