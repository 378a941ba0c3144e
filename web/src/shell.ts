/** The header shared by every view: navigation for the role, title, clock, live status, role, 中/EN. */
import type { Route } from './auth.js';
import { h } from './dom.js';
import { cstFull } from './format.js';
import { lang, onLangChange, setLang, t, tx } from './i18n.js';
import type { Key } from './i18n-dict.js';
import type { Principal } from './types.js';

const ROUTE_LABEL: Record<Route, Key> = { screen: 'nav.screen', report: 'nav.report', audit: 'nav.audit' };

const ROLE: Record<Principal['role'], [string, string]> = {
  SCREEN: ['大屏', 'Screen'],
  DEPARTMENT: ['填报部门', 'Department'],
  AUDITOR: ['审计', 'Auditor'],
  ADMIN: ['管理员', 'Admin'],
};

const DEPT: Record<string, [string, string]> = {
  construction: ['区发改委', 'Development & Reform'],
  sorting: ['区城管局', 'Urban Management'],
  housing: ['区住建局', 'Housing & Construction'],
};

export interface Shell {
  main: HTMLElement;
  status: HTMLElement;
  setActive(route: Route | null): void;
  stop(): void;
}

/**
 * @param opts.kiosk a wall screen (views/screen/wall-mode.ts): no navigation and no sign-out, so nothing on
 *   the wall invites a click; the way out is the URL (`#/screen?wall=0`, `#/signin`).
 */
export function renderShell(
  root: HTMLElement,
  me: Principal | null,
  routes: Route[],
  onSignOut: () => void,
  opts: { kiosk?: boolean } = {},
): Shell {
  const links = new Map<Route, HTMLAnchorElement>();
  const nav = h('nav', { class: 'nav', 'aria-label': 'Views' });
  for (const r of opts.kiosk ? [] : routes) {
    const a = h('a', { href: `#/${r}`, class: 'nav-link' }, t(ROUTE_LABEL[r]));
    links.set(r, a);
    nav.append(a);
  }
  const clock = h('time', { class: 'clock' });
  const tick = () => {
    clock.textContent = cstFull(new Date().toISOString());
  };
  tick();
  const timer = setInterval(tick, 1000);

  const langButton = h('button', { type: 'button', class: 'lang-toggle', 'aria-pressed': 'false' });
  const labelLang = () => {
    langButton.textContent = lang() === 'zh' ? 'EN' : '中';
    langButton.setAttribute('aria-label', lang() === 'zh' ? 'Switch to English' : '切换到中文');
    langButton.title = langButton.getAttribute('aria-label') ?? '';
  };
  labelLang();
  langButton.addEventListener('click', () => setLang(lang() === 'zh' ? 'en' : 'zh'));
  const off = onLangChange(labelLang);

  const status = h('span', { class: 'status-slot', role: 'status' });
  const who = me
    ? h(
        'span',
        { class: 'who', title: me.sub },
        tx(...ROLE[me.role]),
        me.dept && DEPT[me.dept] ? h('span', { class: 'dept' }, ' · ', tx(...DEPT[me.dept])) : null,
        opts.kiosk
          ? null
          : h('button', { type: 'button', class: 'link-button', onclick: onSignOut }, t('auth.signOut')),
      )
    : null;

  const header = h(
    'header',
    { class: 'topbar' },
    h('div', { class: 'topbar-left' }, nav),
    h('h1', { class: 'title' }, tx('管城回族区城市运行监测中心', 'Guancheng District Operations Center')),
    h('div', { class: 'topbar-right' }, status, clock, who, langButton),
  );
  const main = h('main', { id: 'main', class: 'main' });
  root.replaceChildren(header, main);
  return {
    main,
    status,
    setActive(route) {
      for (const [r, a] of links) {
        if (r === route) a.setAttribute('aria-current', 'page');
        else a.removeAttribute('aria-current');
      }
    },
    stop() {
      clearInterval(timer);
      off();
    },
  };
}
