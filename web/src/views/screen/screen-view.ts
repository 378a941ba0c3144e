/**
 * 大屏 #/screen: KPI tiles, the 12-street ranking, rate gauges, investment vs
 * plan, housing countdowns, alerts and a live ticker. The figures are read
 * over HTTP once when the screen opens; after that every live event carries
 * the refreshed dashboard (and investment line and housing table) through the
 * subscription, so a screen sends no HTTP request per event. Only while the
 * socket is down is the dashboard polled (fallback-refresh.ts: jittered,
 * BUSY retried), and the header says so.
 */
// The layout first: panels' own rules (e.g. .panel-chart .panel-body) refine it.
import './screen-view.css';
import type { View } from '../../app-context.js';
import { freshToken, getToken, onTokenChange } from '../../auth.js';
import { append, h } from '../../dom.js';
import { num, todayCst } from '../../format.js';
import type { GraphQLErrorBody } from '../../gql.js';
import { t } from '../../i18n.js';
import type { Key } from '../../i18n-dict.js';
import { type LiveStatus, startLive } from '../../live.js';
import {
  DASHBOARD,
  HOUSING_PROJECTS,
  INVESTMENT_MONTHLY,
  PROJECTS,
  RECENT_EVENTS,
  screenEvents,
} from '../../queries.js';
import type {
  Dashboard,
  Domain,
  HousingProject,
  LiveEvent,
  MonthlyInvestment,
  Project,
  ReportDomain,
  ScreenEvent,
} from '../../types.js';
import { alertList } from './alert-list.js';
import { autoPager } from './auto-pager.js';
import { connectionMonitor } from './connection-banner.js';
import { EntityNames } from './entity-names.js';
import { eventTicker } from './event-ticker.js';
import { fallbackRefresh } from './fallback-refresh.js';
import { renderHousing } from './housing-table.js';
import { investmentChart } from './investment-chart.js';
import { kpiPanel } from './kpi-panel.js';
import { narrowPages } from './narrow-pages.js';
import { rankingBoard } from './ranking-board.js';
import { renderGauges } from './rate-gauges.js';
import { wallSettings } from './wall-mode.js';

/** A back-fill delivers many events at once, each with a dashboard: draw the newest only. */
const PUSH_COALESCE_MS = 50;

/** A panel's "n/N" page indicator (auto-pager.ts), in its title. */
const pageIndicator = () => h('span', { class: 'page-indicator', hidden: true });

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
  const wall = wallSettings(location.hash, me);

  const [tickerPage, housingPage, alertsPage] = [pageIndicator(), pageIndicator(), pageIndicator()];
  const [ranking, rankingBody] = panel('panel-ranking', 'panel.ranking');
  const [gauges, gaugesBody] = panel('panel-gauges', 'panel.gauges');
  const [chart, chartBody] = panel('panel-chart', 'panel.investment');
  const [ticker, tickerBody] = panel('panel-ticker', 'panel.ticker', tickerPage);
  const [housing, housingBody] = panel('panel-housing', 'panel.housing', housingPage);
  const [alerts, alertsBody] = panel('panel-alerts', 'panel.alerts', alertsPage);
  const progress = h('p', { class: 'time-progress' });
  const kpis = h('div', { class: 'kpi-row' });

  // Until the first figures arrive: a loading state that fills the screen, not text in a corner.
  const loading = h(
    'div',
    { class: 'screen-loading', role: 'status' },
    h('i', { class: 'spinner' }),
    t('screen.loading'),
  );
  root.classList.add('loading');
  root.classList.toggle('wall', wall.wall);
  const grid = h('div', { class: 'screen-grid' });
  const narrowIndicator = h('span', { class: 'narrow-page-indicator', hidden: true });
  root.append(loading, narrowIndicator, grid);
  append(grid, [
    h('aside', { class: 'col col-left' }, ranking, canRead('SORTING') ? gauges : null),
    h(
      'div',
      { class: 'col col-center' },
      h('div', { class: 'kpi-strip' }, progress, kpis),
      canRead('CONSTRUCTION') ? chart : null,
      ticker,
    ),
    h('aside', { class: 'col col-right' }, canRead('HOUSING') ? housing : null, alerts),
  ]);
  const pagesOfNarrow = narrowPages(grid, narrowIndicator, wall.rotateMs);

  const board = rankingBoard(rankingBody, order.filter(canRead), wall.wall ? wall.rotateMs : null);
  const kpiTiles = kpiPanel(kpis);
  const invest = canRead('CONSTRUCTION') ? investmentChart(chartBody) : null;
  // Long panels page themselves so nothing stays hidden on an unattended wall.
  const pagers = [
    autoPager(tickerBody, tickerPage, wall.rotateMs),
    autoPager(housingBody, housingPage, wall.rotateMs),
    autoPager(alertsBody, alertsPage, wall.rotateMs),
  ];
  const [tickerPager, housingPager, alertsPager] = pagers;
  const alertRows = alertList(alertsBody, (rows) => alertsPager.refresh(rows));
  const names = new EntityNames();
  const tickerChanged = () => tickerPager.refresh([...tickerBody.querySelectorAll<HTMLElement>('.ticker-row')]);
  let feed = eventTicker(tickerBody, names, tickerChanged);
  const pollSeconds = Math.round(ctx.config.pollIntervalMs / 1000);
  // The banner, the 非实时 marks and the header's indicator: honest about how current the figures are.
  const conn = connectionMonitor(root, { setIndicator: ctx.setStatus, pollSeconds });

  let stopped = false;
  let inFlight: Promise<void> | null = null;
  let again = false;
  const year = Number(todayCst().slice(0, 4));
  let pushes = 0; // pushed dashboards drawn so far
  let projectsNamed = false;

  /** Over HTTP: when the screen opens, and while the socket is down. */
  async function load(): Promise<void> {
    const pushesBefore = pushes;
    const [dash, months, houses, projects] = await Promise.all([
      ctx.gql.requestPartial<{ dashboard: Dashboard }>(DASHBOARD),
      canRead('CONSTRUCTION')
        ? ctx.gql.request<{ investmentMonthly: MonthlyInvestment[] }>(INVESTMENT_MONTHLY, { year })
        : null,
      canRead('HOUSING') ? ctx.gql.request<{ housingProjects: HousingProject[] }>(HOUSING_PROJECTS) : null,
      // Project names for the ticker, once: they change with registrations, not with reports.
      canRead('CONSTRUCTION') && !projectsNamed
        ? ctx.gql.request<{ projects: Project[] }>(PROJECTS, { year }).catch(() => null)
        : null,
    ]);
    if (stopped) return;
    if (projects) {
      projectsNamed = true;
      names.addProjects(projects.projects);
    }
    const d = dash.data?.dashboard;
    if (!d) throw new Error(dash.errors[0]?.message ?? 'no dashboard');
    const unexpected = dash.errors.filter((e: GraphQLErrorBody) => e.extensions?.code !== 'FORBIDDEN');
    if (unexpected.length) console.warn('dashboard errors', unexpected);
    // A dashboard pushed while this request was out is newer than its answer.
    if (pushes === pushesBefore) show(d, months?.investmentMonthly ?? null, houses?.housingProjects ?? null);
    conn.refreshed();
    syncPoll();
  }

  /** Draws the figures, however they arrived (HTTP or pushed with an event); null = panel not shown. */
  function show(d: Dashboard, months: MonthlyInvestment[] | null, houses: HousingProject[] | null): void {
    const byDomain = { SORTING: d.sorting, CONSTRUCTION: d.construction, HOUSING: d.housing };
    progress.replaceChildren(
      h('span', {}, `${d.year} · `, t('kpi.timeProgress'), ' '),
      h('strong', {}, `${num(d.timeProgress, 1)}%`),
      h('span', { class: 'muted' }, ` · `, t('screen.asOf'), ` ${d.asOf}`),
    );
    kpiTiles.update((['CONSTRUCTION', 'SORTING', 'HOUSING'] as const).map((n) => [n, byDomain[n]]));
    const known = names.size;
    names.addDashboard(d);
    if (houses) names.addProjects(houses);
    if (names.size !== known) feed.relabel();
    board.update(byDomain);
    renderGauges(gaugesBody, d.sorting);
    const investmentKpi = d.construction?.kpis.find((k) => k.metric === 'investment');
    if (invest && months) {
      chart.classList.toggle('stale', !!d.construction?.stale);
      invest.update(months, investmentKpi?.target ?? null, d.year);
    }
    if (houses) {
      housing.classList.toggle('stale', !!d.housing?.stale);
      housingPager.refresh(renderHousing(housingBody, houses, todayCst()));
    }
    alertsPager.refresh(alertRows.update([d.sorting, d.construction, d.housing].flatMap((x) => x?.alerts ?? [])));
    root.classList.remove('loading');
    loading.remove();
    root.dataset.loadedAt = new Date().toISOString();
  }

  /** Keep the last figures but say they are not current (the banner words the failure in the page's language). */
  function showFailure(err: Error): void {
    if (stopped) return;
    console.warn('screen refresh failed', err);
    conn.refreshFailed(err);
    syncPoll();
  }

  /** One HTTP refresh at a time; a request during a refresh runs once more after it. */
  function refresh(): Promise<void> {
    if (inFlight) {
      again = true;
      return inFlight;
    }
    inFlight = load().finally(() => {
      inFlight = null;
      if (again && !stopped) {
        again = false;
        refresh().catch(showFailure);
      }
    });
    return inFlight;
  }

  let pushed: ScreenEvent | null = null;
  let pushTimer: ReturnType<typeof setTimeout> | undefined;
  const showPushed = (e: ScreenEvent) => {
    if (!e.dashboard) return;
    pushed = e;
    pushTimer ??= setTimeout(() => {
      pushTimer = undefined;
      if (stopped || !pushed?.dashboard) return;
      pushes++;
      show(pushed.dashboard, pushed.investmentMonthly ?? null, pushed.housingProjects ?? null);
      conn.pushed();
      pushed = null;
    }, PUSH_COALESCE_MS);
  };

  const poll = fallbackRefresh({ intervalMs: ctx.config.pollIntervalMs, load: refresh, onError: showFailure });
  let socket: LiveStatus = 'connecting';
  /** Poll while the socket is down, and while a socket that is back has not had its figures confirmed. */
  function syncPoll(): void {
    if (stopped) return;
    if (socket === 'reconnecting' || (socket === 'live' && conn.needsRefresh())) poll.start();
    else poll.stop();
  }
  const onStatus = (status: LiveStatus, detail?: string) => {
    socket = status;
    conn.socketStatus(status, detail);
    // Back after a loss: the subscription (resumed from the last cursor) back-fills the events, and one
    // refresh now confirms the figures (a server that just restarted may still answer 503: polls retry).
    if (status === 'live' && conn.needsRefresh()) refresh().catch(showFailure);
    syncPoll();
  };

  // Fill the ticker with the newest events and subscribe from the cursor that came with them,
  // so no event falls between the first read and the subscription.
  const domains = own ? ([own] as Domain[]) : undefined;
  let live: { stop(): void } | null = null;
  const startFeed = (from?: { cursor: string; events: LiveEvent[] }) => {
    if (stopped) return;
    for (const e of [...(from?.events ?? [])].reverse()) feed.push(e);
    live = startLive<ScreenEvent>({
      url: ctx.config.websocketUrl,
      query: screenEvents({
        construction: canRead('CONSTRUCTION'),
        sorting: canRead('SORTING'),
        housing: canRead('HOUSING'),
      }),
      variables: canRead('CONSTRUCTION') ? { year } : {},
      token: getToken,
      freshToken,
      onTokenChange,
      keepAliveMs: ctx.config.keepAliveMs,
      domains,
      from,
      onStatus,
      onEpochChange: reopen,
      onEvent: (e) => {
        feed.push(e);
        showPushed(e);
      },
    });
  };
  const openFeed = () =>
    ctx.gql
      .request<{ recentEvents: { cursor: string; epoch: string; events: LiveEvent[] } }>(RECENT_EVENTS, { domains })
      .then(
        (r) => startFeed(r.recentEvents),
        () => startFeed(),
      );
  /**
   * The store was recreated (a new log epoch): what is shown belongs to a log that is gone, and its seqs
   * would hide the new log's events as duplicates. Start over: a fresh ticker and subscription, fresh figures.
   */
  function reopen(): void {
    live?.stop();
    live = null;
    tickerBody.replaceChildren();
    feed = eventTicker(tickerBody, names, tickerChanged);
    void openFeed();
    refresh().catch(showFailure);
  }
  void openFeed();
  refresh().catch(showFailure);

  return () => {
    stopped = true;
    clearTimeout(pushTimer);
    poll.stop();
    live?.stop();
    invest?.stop();
    board.stop();
    alertRows.stop();
    kpiTiles.stop();
    for (const p of pagers) p.stop();
    pagesOfNarrow.stop();
    conn.stop();
  };
};
