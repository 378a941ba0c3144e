/**
 * What the wall-screen tests read off a page: which rows and rankings are
 * fully visible, text too small for three metres, elements sticking out of
 * their panel, and every light with the figures beside it. Each runs inside
 * the page (page.evaluate), so it sees the layout as chromium drew it.
 */
import type { Page } from 'playwright-core';

/** Keys of the rows of the wall's long panels and rankings that are fully on screen now. */
export function fullyVisible(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const inside = (el: Element, box: DOMRect) => {
      const r = el.getBoundingClientRect();
      return r.height > 0 && r.top >= box.top - 1 && r.bottom <= box.bottom + 1 && r.bottom <= window.innerHeight + 1;
    };
    const seen: string[] = [];
    for (const body of document.querySelectorAll('.panel-body')) {
      const box = body.getBoundingClientRect();
      for (const el of body.querySelectorAll<HTMLElement>('tr[data-code], li.alert, .ranking-list, li.ticker-row')) {
        if (!el.checkVisibility() || !inside(el, box)) continue;
        if (el.matches('tr')) seen.push(`housing:${el.dataset.code}`);
        else if (el.matches('.ranking-list')) seen.push(`ranking:${el.dataset.domain}`);
        else if (el.matches('.ticker-row')) seen.push(`ticker:${el.dataset.seq}`);
        else seen.push(`alert:${el.textContent}`);
      }
    }
    return seen;
  });
}

/** Keys (as `fullyVisible` names them) of every housing row, alert and ranking list on the page, shown or not. */
export function wallContent(page: Page): Promise<string[]> {
  return page.evaluate(() => [
    ...[...document.querySelectorAll<HTMLElement>('.panel-housing tr[data-code]')].map(
      (r) => `housing:${r.dataset.code}`,
    ),
    ...[...document.querySelectorAll('.panel-alerts li.alert')].map((a) => `alert:${a.textContent}`),
    ...[...document.querySelectorAll<HTMLElement>('.ranking-list')].map((l) => `ranking:${l.dataset.domain}`),
  ]);
}

/**
 * Watches the page for one full cycle of its rotations (the three rankings,
 * or the longest paged panel) and returns the keys of `wanted` never fully
 * visible in that time: empty when the wall hid nothing.
 */
export async function unseenInOneCycle(page: Page, wanted: string[], rotateS: number): Promise<string[]> {
  const pagesOf = async (panel: string) =>
    Number((await page.locator(`.${panel} .panel-body`).getAttribute('data-pages')) ?? 1);
  const cycle = Math.max(3, await pagesOf('panel-housing'), await pagesOf('panel-alerts'));
  const seen = new Set<string>();
  const until = Date.now() + (cycle + 1) * rotateS * 1000;
  while (Date.now() < until) {
    for (const key of await fullyVisible(page)) seen.add(key);
    await page.waitForTimeout(200);
  }
  return wanted.filter((w) => !seen.has(w));
}

/** Visible elements with text of their own whose computed font size is below `minPx` (under `scope`). */
export function tooSmall(page: Page, scope: string, minPx: number): Promise<string[]> {
  return page.evaluate(
    ([scope, minPx]) => {
      const small: string[] = [];
      for (const root of document.querySelectorAll(scope)) {
        for (const el of [root, ...root.querySelectorAll('*')]) {
          const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
          if (!ownText || !(el as HTMLElement).checkVisibility?.()) continue;
          const px = Number.parseFloat(getComputedStyle(el).fontSize);
          if (px < minPx) small.push(`${el.tagName}.${el.className} "${el.textContent?.trim().slice(0, 30)}" ${px}px`);
        }
      }
      return small;
    },
    [scope, minPx] as const,
  );
}

/** Visible elements that stick out of their panel or KPI tile (by more than 1 px), or out of the window. */
export function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const box of document.querySelectorAll<HTMLElement>('.panel, .kpi, .kpi-group, .topbar')) {
      if (!box.checkVisibility()) continue;
      const b = box.getBoundingClientRect();
      if (b.right > window.innerWidth + 1 || b.bottom > window.innerHeight + 1) {
        out.push(`${box.className} leaves the window`);
      }
      for (const el of box.querySelectorAll<HTMLElement>('*')) {
        if (!el.checkVisibility() || el.closest('.u-legend, .chart-box')) continue;
        const r = el.getBoundingClientRect();
        if (r.width === 0 && r.height === 0) continue;
        const sticksOut = r.left < b.left - 1 || r.right > b.right + 1 || r.top < b.top - 1 || r.bottom > b.bottom + 1;
        const clipped = getComputedStyle(el).overflowX === 'hidden' && el.scrollWidth > el.clientWidth + 1;
        if (sticksOut || (clipped && el.textContent?.trim() && !el.matches('.rank-bar, .kpi-bar, .panel-body'))) {
          out.push(`${el.tagName}.${el.className} "${el.textContent?.trim().slice(0, 30)}" in ${box.className}`);
        }
      }
    }
    return out;
  });
}

export interface TileReading {
  metric: string;
  label: string;
  light: string;
  actual: string;
  target: number | null;
  completion: number | null;
  timeProgress: number | null;
  badge: string | null;
}

export interface DomainReading {
  domain: string;
  light: string;
  badge: string;
  tiles: TileReading[];
  ranking: { value: number | null; light: string; badge: string }[];
}

/** Every light on the KPI strip and the rankings, with the figures shown beside it (as numbers). */
export function readLights(page: Page): Promise<DomainReading[]> {
  return page.evaluate(() => {
    const n = (s: string | null | undefined) => {
      if (!s) return null;
      const v = Number.parseFloat(s.replace(/,/g, ''));
      return Number.isFinite(v) ? v : null;
    };
    const fact = (tile: Element, label: RegExp) => {
      for (const row of tile.querySelectorAll('.kpi-facts div')) {
        if (label.test(row.querySelector('dt')?.textContent ?? '')) return n(row.querySelector('dd')?.textContent);
      }
      return null;
    };
    const word = (el: Element | null) => (el ? (el.querySelector('b [data-l="zh"]')?.textContent ?? '') : '');
    return [...document.querySelectorAll<HTMLElement>('.kpi-group')].map((g) => ({
      domain: g.dataset.domain ?? '',
      light: g.dataset.light ?? '',
      badge: g.querySelector('.kpi-group-head .light')?.textContent ?? '',
      tiles: [...g.querySelectorAll<HTMLElement>('.kpi')].map((k) => ({
        metric: (k.dataset.metric ?? '').split('.')[1],
        label: k.querySelector('.kpi-label [data-l="zh"]')?.textContent ?? '',
        light: k.dataset.light ?? '',
        actual: k.querySelector('.kpi-actual')?.textContent ?? '',
        target: fact(k, /目标/),
        completion: fact(k, /完成率/),
        timeProgress: fact(k, /序时进度/),
        badge: k.querySelector('.kpi-head .light') ? word(k.querySelector('.kpi-head .light')) : null,
      })),
      ranking: [
        ...document.querySelectorAll<HTMLElement>(`.ranking-list[data-domain="${g.dataset.domain}"] .rank-row`),
      ].map((r) => ({
        value: n(r.querySelector('.rank-value')?.textContent),
        light: r.dataset.light ?? '',
        badge: word(r.querySelector('.light')),
      })),
    }));
  });
}
