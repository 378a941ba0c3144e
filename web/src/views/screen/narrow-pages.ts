/**
 * Displays smaller than 1600 px wide (1280×720 and the like) keep the wall's
 * type size, so the figures and the boards no longer fit together: the screen
 * alternates between two pages every rotation period, the KPI tiles and the
 * boards (ranking, chart, ticker, housing, alerts), with "n/2" on the screen.
 * Wider displays show one page with everything; nothing changes for them.
 */
export const NARROW_QUERY = '(max-width: 1600px)';

const PAGES = ['figures', 'boards'] as const;

export function narrowPages(grid: HTMLElement, indicator: HTMLElement, rotateMs: number): { stop(): void } {
  const narrow = window.matchMedia(NARROW_QUERY);
  let page = 0;
  const show = () => {
    grid.dataset.narrowPage = narrow.matches ? PAGES[page] : '';
    indicator.hidden = !narrow.matches;
    indicator.textContent = `${page + 1}/${PAGES.length}`;
    // Panels measure themselves on resize (pagers, chart): they were just laid out anew.
    window.dispatchEvent(new Event('resize'));
  };
  const timer = setInterval(() => {
    if (!narrow.matches) return;
    page = (page + 1) % PAGES.length;
    show();
  }, rotateMs);
  narrow.addEventListener('change', show);
  show();
  return {
    stop() {
      clearInterval(timer);
      narrow.removeEventListener('change', show);
    },
  };
}
