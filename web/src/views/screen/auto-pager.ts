/**
 * Pages a long list that does not fit its panel, so an unattended wall shows
 * every row: the rows that fit form a page, the pages take turns every
 * `periodMs`, and an "n/N" indicator says where the list stands. Pages are
 * measured from the rows as laid out (rows differ in height, and with the
 * language), again after every render, resize or language switch.
 */
import { onLangChange } from '../../i18n.js';

export interface AutoPager {
  /** The rows just rendered (in order); keeps the current page where it can. */
  refresh(rows: HTMLElement[]): void;
  stop(): void;
}

/**
 * @param viewport the box the rows must fit in (its overflow is hidden).
 * @param indicator where "n/N" goes (hidden when everything fits).
 */
export function autoPager(viewport: HTMLElement, indicator: HTMLElement, periodMs: number): AutoPager {
  let rows: HTMLElement[] = [];
  let pages: HTMLElement[][] = [];
  let page = 0;

  function measure(): void {
    for (const r of rows) r.hidden = false;
    pages = [];
    const box = viewport.getBoundingClientRect();
    let current: HTMLElement[] = [];
    let start = 0;
    let limit = 0;
    for (const r of rows) {
      const rect = r.getBoundingClientRect();
      if (current.length === 0) {
        start = rect.top;
        limit = box.bottom - rect.top;
      }
      if (current.length > 0 && rect.bottom - start > limit) {
        pages.push(current);
        current = [];
        start = rect.top;
      }
      current.push(r);
    }
    if (current.length) pages.push(current);
    page = Math.min(page, Math.max(0, pages.length - 1));
    show();
  }

  function show(): void {
    const visible = new Set(pages[page] ?? []);
    for (const r of rows) r.hidden = !visible.has(r);
    indicator.hidden = pages.length <= 1;
    indicator.textContent = `${page + 1}/${pages.length}`;
    viewport.dataset.page = String(page + 1);
    viewport.dataset.pages = String(pages.length);
  }

  const timer = setInterval(() => {
    if (pages.length <= 1) return;
    page = (page + 1) % pages.length;
    show();
  }, periodMs);
  const onResize = () => measure();
  window.addEventListener('resize', onResize);
  const offLang = onLangChange(() => measure());

  return {
    refresh(next) {
      rows = next;
      measure();
    },
    stop() {
      clearInterval(timer);
      window.removeEventListener('resize', onResize);
      offLang();
    },
  };
}
