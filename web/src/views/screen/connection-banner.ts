/**
 * The screen's honest connection state, drawn for a wall read from across the
 * room: a full-width banner the moment the live socket is lost (or a refresh
 * fails, or the screen is catching up after a reconnect) with the time of the
 * last good figures and their running age, in the page's language (never a
 * raw error text); every panel and KPI group marked 非实时 with that time; and
 * the header's indicator, which says 实时 only when the figures are current.
 * The rules live in connection-state.ts; this module only draws them.
 */
import './connection-banner.css';
import { h } from '../../dom.js';
import { cst } from '../../format.js';
import { t, tx } from '../../i18n.js';
import type { Key } from '../../i18n-dict.js';
import type { LiveStatus } from '../../live.js';
import { type BannerKind, ConnectionState, type Indicator, type Trouble } from './connection-state.js';
import { liveIndicator } from './live-status.js';

export interface ConnectionMonitor {
  socketStatus(status: LiveStatus, detail?: string): void;
  /** Figures arrived with a live event. */
  pushed(): void;
  /** An HTTP refresh succeeded. */
  refreshed(): void;
  refreshFailed(err: unknown): void;
  /** The socket is up but the figures are not confirmed current yet: refresh once. */
  needsRefresh(): boolean;
  stop(): void;
}

export interface MonitorOptions {
  setIndicator: (el: HTMLElement) => void;
  pollSeconds: number;
  now?: () => number;
}

const HEADLINE: Record<BannerKind, Key> = {
  lost: 'conn.lost',
  'catching-up': 'conn.catchingUp',
  'refresh-failed': 'conn.refreshFailed',
};

const TROUBLE: Record<Trouble, Key> = {
  starting: 'conn.trouble.starting',
  unreachable: 'conn.trouble.unreachable',
  busy: 'conn.trouble.busy',
  failed: 'conn.trouble.failed',
};

/** "1 小时 2 分", "3 分 05 秒", "42 秒" and the English beside it. */
export function ageText(ms: number): DocumentFragment {
  const s = Math.max(0, Math.floor(ms / 1000));
  const [hours, minutes, seconds] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  if (hours > 0) return tx(`${hours} 小时 ${pad(minutes)} 分`, `${hours} h ${pad(minutes)} min`);
  if (minutes > 0) return tx(`${minutes} 分 ${pad(seconds)} 秒`, `${minutes} min ${pad(seconds)} s`);
  return tx(`${seconds} 秒`, `${seconds} s`);
}

/** "显示的是 12-02 10:41:23 的数据（3 分 05 秒前）", or that nothing was shown yet. */
function goodAtText(goodAt: number | null, now: number): Node[] {
  if (goodAt === null) return [t('conn.noData')];
  const time = cst(new Date(goodAt).toISOString(), true);
  return [
    tx('显示的是 ', 'showing data from '),
    h('time', { class: 'conn-good-at', datetime: new Date(goodAt).toISOString() }, time),
    tx(' 的数据（', ' ('),
    h('span', { class: 'conn-age' }, ageText(now - goodAt)),
    tx('前）', ' ago)'),
  ];
}

export function connectionMonitor(root: HTMLElement, opts: MonitorOptions): ConnectionMonitor {
  const now = opts.now ?? Date.now;
  const state = new ConnectionState();
  const banner = h('div', {
    class: 'conn-banner',
    role: 'alert',
    'aria-live': 'assertive',
    'data-testid': 'connection-banner',
    hidden: true,
  });
  root.prepend(banner);
  let shownIndicator: Indicator | null = null;
  let detail: string | undefined;

  function markPanels(goodAt: number | null, stale: boolean): void {
    for (const el of root.querySelectorAll<HTMLElement>('.panel, .kpi-group')) {
      el.classList.toggle('conn-stale', stale);
      let badge = el.querySelector<HTMLElement>('.conn-stale-badge');
      if (!stale) {
        badge?.remove();
        continue;
      }
      if (!badge) {
        badge = h('span', { class: 'conn-stale-badge' });
        (el.querySelector(':scope > .panel-title') ?? el).append(badge);
      }
      badge.replaceChildren(
        t('conn.notLive'),
        goodAt === null ? '' : ` · ${cst(new Date(goodAt).toISOString(), true).slice(-8)}`,
      );
    }
  }

  function render(): void {
    const view = state.view();
    if (view.indicator !== shownIndicator) {
      shownIndicator = view.indicator;
      opts.setIndicator(liveIndicator(view.indicator, opts.pollSeconds, detail));
      root.dataset.live = view.indicator;
    }
    const b = view.banner;
    root.classList.toggle('offline', b !== null);
    markPanels(b?.goodAt ?? null, b !== null);
    if (!b) {
      banner.hidden = true;
      delete banner.dataset.kind;
      return;
    }
    banner.hidden = false;
    banner.dataset.kind = b.kind;
    banner.replaceChildren(
      h('strong', { class: 'conn-headline' }, t(HEADLINE[b.kind])),
      ' · ',
      ...goodAtText(b.goodAt, now()),
      ...(b.trouble ? [' · ', h('span', { class: 'conn-trouble' }, t(TROUBLE[b.trouble]))] : []),
      ...(b.kind === 'lost' ? [' · ', t('conn.retrying')] : []),
    );
  }

  // The age runs while the banner shows.
  const ticker = setInterval(() => {
    if (!banner.hidden) render();
  }, 1000);
  render();

  return {
    socketStatus(status, why) {
      detail = why;
      state.socketStatus(status, now());
      render();
    },
    pushed() {
      state.pushed(now());
      render();
    },
    refreshed() {
      state.refreshed(now());
      render();
    },
    refreshFailed(err) {
      state.refreshFailed(err);
      render();
    },
    needsRefresh: () => state.needsRefresh(),
    stop() {
      clearInterval(ticker);
      banner.remove();
    },
  };
}
