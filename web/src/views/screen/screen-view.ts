/**
 * 大屏 #/screen: KPI tiles, the 12-street ranking, rate gauges, investment vs
 * plan, housing countdowns, alerts and a live ticker. Live events trigger a
 * debounced dashboard refresh; while the socket is down the dashboard is
 * polled and the header says so.
 */
// The layout first: panels' own rules (e.g. .panel-chart .panel-body) refine it.
import './screen-view.css';
import type { View } from '../../app-context.js';
import { freshToken, getToken, onTokenChange } from '../../auth.js';
import { h } from '../../dom.js';
import { cst, num, todayCst } from '../../format.js';
import type { GraphQLErrorBody } from '../../gql.js';
import { t } from '../../i18n.js';
import type { Key } from '../../i18n-dict.js';
import { type LiveStatus, startLive } from '../../live.js';
import { DASHBOARD, HOUSING_PROJECTS, INVESTMENT_MONTHLY, RECENT_EVENTS } from '../../queries.js';
import type { Dashboard, Domain, HousingProject, LiveEvent, MonthlyInvestment, ReportDomain } from '../../types.js';
import { renderAlerts } from './alert-list.js';
import { eventTicker } from './event-ticker.js';
import { renderHousing } from './housing-table.js';
import { investmentChart } from './investment-chart.js';
import { renderKpis } from './kpi-panel.js';
import { liveIndicator } from './live-status.js';
import { rankingBoard } from './ranking-board.js';
import { renderGauges } from './rate-gauges.js';

const REFRESH_DEBOUNCE_MS = 300;

function panel(cls: string, title: Key, ...extra: Node[]): [HTMLElement, HTMLElement] {
  const body = h('div', { class: 'panel-body' });
  const id = `${cls}-title`;
  const el = h(
    'section',
    { class: `panel ${cls}`, 'aria-labelledby': id },
    h('h2', { class: 'panel-title', id }, t(title), ...extra),
    body,
  );
  return [el, body];
}

export const screenView: View = (root, ctx) => {
  const me = ctx.me;
  const own = me.role === 'DEPARTMENT' && me.dept ? (me.dept.toUpperCase() as ReportDomain) : null;
  const canRead = (d: ReportDomain) => own === null || own === d;
  const order: ReportDomain[] = ['SORTING', 'CONSTRUCTION', 'HOUSING'];

  const [ranking, rankingBody] = panel('panel-ranking', 'panel.ranking');
  const [gauges, gaugesBody] = panel('panel-gauges', 'panel.gauges');
  const [chart, chartBody] = panel('panel-chart', 'panel.investment');
  const [ticker, tickerBody] = panel('panel-ticker', 'panel.ticker');
  const [housing, housingBody] = panel('panel-housing', 'panel.housing');
  const [alerts, alertsBody] = panel('panel-alerts', 'panel.alerts');
  const progress = h('p', { class: 'time-progress' });
  const kpis = h('div', { class: 'kpi-row' });
  const offline = h('p', { class: 'offline-banner', role: 'alert', hidden: true });

  root.append(
    offline,
    h(
      'div',
      { class: 'screen-grid' },
      h('aside', { class: 'col col-left' }, ranking, canRead('SORTING') ? gauges : null),
      h(
        'div',
        { class: 'col col-center' },
        h('div', { class: 'kpi-strip' }, progress, kpis),
        canRead('CONSTRUCTION') ? chart : null,
        ticker,
      ),
      h('aside', { class: 'col col-right' }, canRead('HOUSING') ? housing : null, alerts),
    ),
  );

  const board = rankingBoard(rankingBody, order.filter(canRead));
  const invest = canRead('CONSTRUCTION') ? investmentChart(chartBody) : null;
  const feed = eventTicker(tickerBody);

  let stopped = false;
  let inFlight: Promise<void> | null = null;
  let again = false;

  async function load(): Promise<void> {
    const year = Number(todayCst().slice(0, 4));
    const [dash, months, houses] = await Promise.all([
      ctx.gql.requestPartial<{ dashboard: Dashboard }>(DASHBOARD),
      canRead('CONSTRUCTION')
        ? ctx.gql.request<{ investmentMonthly: MonthlyInvestment[] }>(INVESTMENT_MONTHLY, { year })
        : null,
      canRead('HOUSING') ? ctx.gql.request<{ housingProjects: HousingProject[] }>(HOUSING_PROJECTS) : null,
    ]);
    if (stopped) return;
    const d = dash.data?.dashboard;
    if (!d) throw new Error(dash.errors[0]?.message ?? 'no dashboard');
    const unexpected = dash.errors.filter((e: GraphQLErrorBody) => e.extensions?.code !== 'FORBIDDEN');
    if (unexpected.length) console.warn('dashboard errors', unexpected);
    const byDomain = { SORTING: d.sorting, CONSTRUCTION: d.construction, HOUSING: d.housing };
    progress.replaceChildren(
      h('span', {}, `${d.year} · `, t('kpi.timeProgress'), ' '),
      h('strong', {}, `${num(d.timeProgress, 1)}%`),
      h('span', { class: 'muted' }, ` · `, t('screen.asOf'), ` ${d.asOf}`),
    );
    renderKpis(
      kpis,
      (['CONSTRUCTION', 'SORTING', 'HOUSING'] as const).map((n) => [n, byDomain[n]]),
    );
    board.update(byDomain);
    renderGauges(gaugesBody, d.sorting);
    const investmentKpi = d.construction?.kpis.find((k) => k.metric === 'investment');
    if (invest && months) {
      chart.classList.toggle('stale', !!d.construction?.stale);
      invest.update(months.investmentMonthly, investmentKpi?.target ?? null, d.year);
    }
    if (houses) {
      housing.classList.toggle('stale', !!d.housing?.stale);
      renderHousing(housingBody, houses.housingProjects, todayCst());
    }
    renderAlerts(
      alertsBody,
      [d.sorting, d.construction, d.housing].flatMap((x) => x?.alerts ?? []),
    );
    offline.hidden = true;
    root.classList.remove('offline');
    root.dataset.loadedAt = new Date().toISOString();
  }

  /** One refresh at a time; a request during a refresh runs once more after it. */
  function refresh(): Promise<void> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = load()
      .catch((err: Error) => {
        if (stopped) return;
        // Keep the last figures but say they are not current.
        root.classList.add('offline');
        offline.hidden = false;
        offline.replaceChildren(t('screen.refreshFailed'), ` ${cst(new Date().toISOString(), true)} — ${err.message}`);
      })
      .finally(() => {
        inFlight = null;
        if (again && !stopped) {
          again = false;
          void refresh();
        }
      });
    return inFlight;
  }

  let debounce: ReturnType<typeof setTimeout> | undefined;
  const scheduleRefresh = () => {
    clearTimeout(debounce);
    debounce = setTimeout(() => void refresh(), REFRESH_DEBOUNCE_MS);
  };

  let poll: ReturnType<typeof setInterval> | undefined;
  const pollSeconds = Math.round(ctx.config.pollIntervalMs / 1000);
  const onStatus = (status: LiveStatus, detail?: string) => {
    ctx.setStatus(liveIndicator(status, pollSeconds, detail));
    root.dataset.live = status;
    if (status === 'live') {
      clearInterval(poll);
      poll = undefined;
      scheduleRefresh(); // catch anything between the last poll and the subscription
    } else if (status === 'reconnecting' && poll === undefined) {
      poll = setInterval(() => void refresh(), ctx.config.pollIntervalMs);
    }
  };

  // Fill the ticker with the newest events and subscribe from the cursor that came with them,
  // so no event falls between the first read and the subscription.
  const domains = own ? ([own] as Domain[]) : undefined;
  let live: { stop(): void } | null = null;
  const startFeed = (from?: { cursor: string; events: LiveEvent[] }) => {
    if (stopped) return;
    for (const e of [...(from?.events ?? [])].reverse()) feed.push(e);
    live = startLive({
      url: ctx.config.websocketUrl,
      token: getToken,
      freshToken,
      onTokenChange,
      keepAliveMs: ctx.config.keepAliveMs,
      domains,
      from,
      onStatus,
      onEvent: (e) => {
        feed.push(e);
        scheduleRefresh();
      },
    });
  };
  ctx.gql.request<{ recentEvents: { cursor: string; events: LiveEvent[] } }>(RECENT_EVENTS, { domains }).then(
    (r) => startFeed(r.recentEvents),
    () => startFeed(),
  );
  void refresh();

  return () => {
    stopped = true;
    clearTimeout(debounce);
    clearInterval(poll);
    live?.stop();
    invest?.stop();
  };
};
