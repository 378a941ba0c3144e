/**
 * Cumulative key-project investment vs plan, 亿元 by month, drawn with uPlot:
 * columnar data and one update entry point (`setData`), so a refresh every
 * few seconds for hours stays cheap. The plan line spreads the year's target
 * evenly over the months (序时 plan).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
// After uPlot's stylesheet, so the chart's own rules come later in the bundle.
import './investment-chart.css';
import { h } from '../../dom.js';
import { figure, num } from '../../format.js';
import { onLangChange, pick, t } from '../../i18n.js';
import type { MonthlyInvestment } from '../../types.js';

export interface InvestmentChart {
  update(months: MonthlyInvestment[], targetYi: number | null, year: number): void;
  stop(): void;
}

const css = (name: string) => getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#ccc';

export function investmentChart(el: HTMLElement): InvestmentChart {
  const summary = h('p', { class: 'chart-summary' });
  const plotBox = h('div', { class: 'chart-box' });
  el.append(summary, plotBox);
  const remPx = () => Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
  const font = () => `${Math.round(remPx())}px system-ui, sans-serif`;
  const size = () => ({ width: Math.max(200, plotBox.clientWidth), height: Math.max(120, plotBox.clientHeight) });

  const opts = (): uPlot.Options => ({
    ...size(),
    // The legend is drawn in the summary line above (uPlot's would need room below the plot).
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: false, range: [1, 12] }, y: { range: (_u, _min, max) => [0, Math.max(10, max * 1.08)] } },
    axes: [
      {
        stroke: css('--text-dim'),
        font: font(),
        grid: { stroke: css('--grid'), width: 1 },
        ticks: { stroke: css('--grid') },
        splits: () => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        values: (_u, splits) => splits.map((m) => pick(`${m}月`, `${m}`)),
      },
      {
        stroke: css('--text-dim'),
        font: font(),
        size: 4 * remPx(),
        grid: { stroke: css('--grid'), width: 1 },
        ticks: { stroke: css('--grid') },
        values: (_u, splits) => splits.map((v) => num(v, 0)),
      },
    ],
    series: [
      { label: pick('月份', 'Month'), value: (_u, v) => (v == null ? '—' : pick(`${v}月`, `M${v}`)) },
      {
        label: pick('累计完成投资（亿元）', 'Cumulative invested (100M CNY)'),
        stroke: css('--accent'),
        width: 0.18 * remPx(),
        fill: 'rgba(0, 200, 255, 0.12)',
        points: { size: 0.45 * remPx(), fill: css('--accent') },
        value: (_u, v) => (v == null ? '—' : num(v, 2)),
      },
      {
        label: pick('序时计划（亿元）', 'Plan to date (100M CNY)'),
        stroke: css('--warn'),
        width: 0.12 * remPx(),
        dash: [0.5 * remPx(), 0.35 * remPx()],
        points: { show: false },
        value: (_u, v) => (v == null ? '—' : num(v, 2)),
      },
    ],
  });

  let data: uPlot.AlignedData = [[], [], []];
  let plot: uPlot | null = null;
  let builtAtRem = 0;
  const build = () => {
    plot?.destroy();
    plotBox.replaceChildren();
    builtAtRem = remPx();
    plot = new uPlot(opts(), data, plotBox);
  };
  const resize = new ResizeObserver(() => {
    if (!plot) return;
    // Fonts and line widths are in px from rem: a new scale (another screen) needs a rebuild, else just resize.
    if (remPx() !== builtAtRem) return build();
    const s = size();
    if (plot.width !== s.width || plot.height !== s.height) plot.setSize(s);
  });
  resize.observe(plotBox);
  const offLang = onLangChange(build);

  return {
    update(months, targetYi, year) {
      // Columns: month number, cumulative actual (亿元), straight-line plan to date (亿元).
      const byMonth = new Map(months.map((m) => [Number(m.month.slice(5, 7)), m.cumulative / 10_000]));
      const xs = Array.from({ length: 12 }, (_, i) => i + 1);
      let lastReported = 0;
      for (const [m] of byMonth) lastReported = Math.max(lastReported, m);
      const actual = xs.map((m) => (m <= lastReported ? (byMonth.get(m) ?? null) : null));
      // Fill months without a report inside the reported range with the running total.
      for (let i = 0; i < lastReported; i++) if (actual[i] === null) actual[i] = i === 0 ? 0 : actual[i - 1];
      const plan = xs.map((m) => (targetYi === null ? null : (targetYi * m) / 12));
      data = [xs, actual, plan] as uPlot.AlignedData;
      if (!plot) build();
      else plot.setData(data);
      const latest = lastReported ? (actual[lastReported - 1] ?? 0) : 0;
      summary.replaceChildren(
        h('span', {}, t('chart.cumulative'), ` ${year}: `),
        h('strong', { class: 'chart-actual' }, num(latest, 2)),
        h('span', {}, ' / ', targetYi === null ? '—' : figure(targetYi, '亿元'), ' ', t('unit.yi')),
        h('span', { class: 'legend-item legend-actual' }, h('i', {}), t('chart.actualLine')),
        h('span', { class: 'legend-item legend-plan' }, h('i', {}), t('chart.planLine')),
      );
    },
    stop() {
      resize.disconnect();
      offLang();
      plot?.destroy();
    },
  };
}
