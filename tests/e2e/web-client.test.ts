/**
 * The web client in headless chromium against an in-process hub: the screen
 * renders and switches language, a report made through the form reaches the
 * screen, the server's BAD_USER_INPUT message is shown as sent, and the audit
 * view shows a correction's old → new and a verified log.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { todayCst } from '../../web/src/format.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { type BrowserAndWeb, browserAndWeb, pageOpener, signedInPage } from './browser.js';

/** Today in UTC: the server validates report dates and builds the dashboard month on UTC days. */
// The app's day (China Standard Time), which from 16:00 UTC is a day ahead of the UTC date.
const today = todayCst();

describe('web client', () => {
  let hub: TestHub;
  let browser: Browser;
  let webRoot: string;
  let web: BrowserAndWeb | undefined;
  const { pages, open } = pageOpener(
    () => browser,
    () => hub.url,
  );

  beforeAll(async () => {
    web = await browserAndWeb();
    ({ browser, webRoot } = web);
    hub = await startTestHub({ withReference: true, webRoot });
    // Something on every panel: sorting rates for three streets (one corrected), investment, a delivery.
    const reports = hub.runtime.hub.services.reports;
    const sorting = dept('sorting');
    await reports.reportSortingRate(sorting, {
      street: '410104001',
      date: today,
      coverageRate: 97.5,
      recoveryRate: 37.2,
    });
    await reports.reportSortingRate(sorting, {
      street: '410104001',
      date: today,
      coverageRate: 98.5,
      recoveryRate: 39.1,
    });
    await reports.reportSortingRate(sorting, {
      street: '410104002',
      date: today,
      coverageRate: 99.2,
      recoveryRate: 41.3,
    });
    await reports.reportSortingRate(sorting, {
      street: '410104003',
      date: today,
      coverageRate: 96.1,
      recoveryRate: 33.8,
    });
    await reports.reportProjectProgress(dept('construction'), {
      project: 'P-1',
      period: today.slice(0, 7),
      investment: 4200,
    });
    await reports.reportHousingDelivery(dept('housing'), { project: 'H-1', date: today, deliveredUnits: 120 });
  });

  // Each test's pages go when it ends: open screens keep sockets and timers busy.
  afterEach(async () => {
    for (const p of pages.splice(0)) {
      await p.context.unrouteAll({ behavior: 'ignoreErrors' });
      await p.context.close().catch(() => {});
    }
  });

  afterAll(async () => {
    await hub?.close();
    await web?.close();
  });

  it('renders the screen with KPI tiles and the 12-street ranking in Chinese, then in English', async () => {
    const { page, errors } = await open(await hub.token('screen'), 'screen');
    await expect.poll(() => page.locator('.kpi-group').count(), { timeout: 15_000 }).toBe(3);
    // Every domain's ranking is on the page (a wall rotates them); the sorting one is first.
    const sortingRanking = page.locator('.ranking-list[data-domain="SORTING"]');
    await expect.poll(() => page.locator('.ranking-list').count()).toBe(3);
    await expect.poll(() => sortingRanking.locator('.rank-row').count()).toBe(12);
    // Chinese by default: title, KPI labels, traffic lights in words.
    await page.getByText('管城回族区城市运行监测中心').waitFor();
    await page.locator('[data-metric="sorting.coverageRate"]').getByText('生活垃圾分类覆盖率').waitFor();
    expect(await page.locator('.kpi-group[data-domain="SORTING"] .kpi-actual').first().textContent()).toMatch(/^9\d/);
    await sortingRanking.locator('[data-street="410104002"]').getByText('西大街').waitFor();
    expect(await sortingRanking.locator('.rank-row').first().getAttribute('data-street')).toBe('410104002');
    await page
      .locator('.kpi-group .light')
      .first()
      .getByText(/绿|黄|红/)
      .waitFor();
    expect(await page.locator('.panel-housing tbody tr').count()).toBe(2);
    await page.locator('.chart-box canvas').waitFor();
    // The ticker starts with the newest events (Query.recentEvents), not empty.
    await expect.poll(() => page.locator('.ticker-row').count()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/screen.png' });

    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByText('Guancheng District Operations Center').waitFor();
    await page.locator('[data-metric="sorting.coverageRate"]').getByText('Sorting coverage').waitFor();
    expect(await page.getByText('管城回族区城市运行监测中心').isVisible()).toBe(false);
    await sortingRanking.locator('[data-street="410104002"]').getByText('Xidajie').waitFor();
    expect(await sortingRanking.locator('[data-street="410104002"]').getByText('西大街').isVisible()).toBe(false);
    await page
      .locator('.kpi-group .light')
      .first()
      .getByText(/GREEN|YELLOW|RED/)
      .waitFor();
    await page.screenshot({ path: '/tmp/screen-en.png' });
    expect(errors).toEqual([]);
  });

  it('marks a domain whose dashboard says stale instead of showing it as current', async () => {
    // The server decides staleness (no report for longer than the cycle); make it say so for sorting.
    const lastUpdated = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const { context, page } = await signedInPage(browser, await hub.token('screen'));
    pages.push({ context, page, errors: [] });
    await context.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('query Dashboard')) return route.continue();
      const res = await route.fetch();
      const body = await res.json();
      Object.assign(body.data.dashboard.sorting, { stale: true, lastUpdated });
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`${hub.url}/#/screen`);
    const sorting = page.locator('.kpi-group[data-domain="SORTING"]');
    await sorting.locator('.badge-stale').getByText('数据未更新').waitFor({ timeout: 15_000 });
    expect(await sorting.getAttribute('class')).toContain('stale');
    expect(await page.locator('.kpi-group[data-domain="CONSTRUCTION"]').getAttribute('class')).not.toContain('stale');
  });

  it('shows a report submitted through the form on the screen', async () => {
    // Polling is shortened so the test holds whether or not the live socket is up.
    const screen = await open(await hub.token('screen'), 'screen', { pollIntervalMs: 2000 });
    const sortingRanking = screen.page.locator('.ranking-list[data-domain="SORTING"]');
    await sortingRanking.locator('[data-street="410104007"]').waitFor({ state: 'attached' });
    const reporter = await open(await hub.token('department', 'sorting'), 'report');
    const form = reporter.page.locator('#report-sorting');
    await form.getByLabel('街道').selectOption('410104007');
    await form.getByLabel('日期').fill(today);
    await form.getByLabel('分类覆盖率').fill('99.5');
    await form.getByLabel('资源化利用率').fill('44.44');
    await form.getByRole('button', { name: '提交' }).click();
    await form.locator('.result .seq').waitFor();
    // The event type in words, never its code.
    expect(await form.locator('.result').textContent()).toContain('分类数据上报');
    expect(await form.locator('.result').textContent()).not.toContain('SortingRateReported');
    await reporter.page.screenshot({ path: '/tmp/report.png' });

    // The screen: the street moves to the top of the ranking with the new rate.
    const row = sortingRanking.locator('.rank-row').first();
    await expect.poll(() => row.getAttribute('data-street'), { timeout: 20_000 }).toBe('410104007');
    expect(await row.locator('.rank-value').textContent()).toBe('44.44');
    if ((await screen.page.locator('main').getAttribute('data-live')) === 'live') {
      // With the live socket the ticker shows the event too, by the street's name.
      await screen.page
        .locator('.ticker-row', { hasText: '陇海马路街道' })
        .waitFor({ state: 'attached', timeout: 10_000 });
    }
    expect([...screen.errors, ...reporter.errors]).toEqual([]);
  });

  it('resumes the live feed after a dropped socket: what was missed is back-filled, nothing twice', async () => {
    const screen = await open(await hub.token('screen'), 'screen');
    // What goes over the socket: the subscribe variables sent, the cursor of each event received.
    const subscribes: { after: string | null }[] = [];
    const cursors = new Map<number, string>();
    screen.page.on('websocket', (ws) => {
      ws.on('framesent', (f) => {
        const msg = JSON.parse(String(f.payload));
        if (msg.type === 'subscribe') subscribes.push(msg.payload.variables);
      });
      ws.on('framereceived', (f) => {
        const msg = JSON.parse(String(f.payload));
        const e = msg.type === 'next' ? msg.payload.data?.hubEvents : null;
        if (e) cursors.set(e.seq, e.cursor);
      });
    });
    await screen.page.reload();
    await expect.poll(() => screen.page.locator('main').getAttribute('data-live'), { timeout: 15_000 }).toBe('live');
    const reports = hub.runtime.hub.services.reports;
    const before = await reports.reportSortingRate(dept('sorting'), {
      street: '410104010',
      date: today,
      coverageRate: 98.8,
      recoveryRate: 40.01,
    });
    const seen = (seq: number) => screen.page.locator(`.ticker-row[data-seq="SORTING:${seq}"]`);
    await seen(before.seq).waitFor({ state: 'attached', timeout: 10_000 });

    // Cut the socket (as a network drop would) and write while the screen is away.
    for (const id of [...hub.ws.connections.keys()]) hub.ws.sever(id);
    const missed = await reports.reportSortingRate(dept('sorting'), {
      street: '410104011',
      date: today,
      coverageRate: 98.9,
      recoveryRate: 40.02,
    });
    await seen(missed.seq).waitFor({ state: 'attached', timeout: 15_000 });
    expect(subscribes.length).toBeGreaterThanOrEqual(2);
    expect(subscribes.at(-1)?.after).toBe(cursors.get(before.seq));
    expect(await seen(before.seq).count()).toBe(1);
    expect(await seen(missed.seq).count()).toBe(1);
    await expect.poll(() => screen.page.locator('main').getAttribute('data-live')).toBe('live');
    expect(screen.errors).toEqual([]);
  });

  it("shows the server's BAD_USER_INPUT message for an input only the server can judge", async () => {
    const { page } = await open(await hub.token('department', 'housing'), 'report');
    const form = page.locator('#report-housing');
    await form.getByLabel('楼盘').selectOption('H-1');
    await form.getByLabel('日期').fill(today);
    // H-1 has 500 units: the client does not know the rule, the server does.
    await form.getByLabel('累计交付套数').fill('600');
    await form.getByRole('button', { name: '提交' }).click();
    const error = form.locator('.server-error');
    await error.waitFor();
    expect(await error.getAttribute('data-code')).toBe('BAD_USER_INPUT');
    // In the UI's language (zh), without field names.
    expect(await error.locator('.server-message').textContent()).toBe('已交付套数：不能超过项目总套数（600 > 500）');
    // The field the message names is marked.
    expect(await form.getByLabel('累计交付套数').getAttribute('aria-invalid')).toBe('true');

    // A rule the client mirrors is caught before the round trip.
    await form.getByLabel('累计交付套数').fill('-3');
    await form.getByRole('button', { name: '提交' }).click();
    await form.getByText('不能为负数').waitFor();
  });

  it('lists a correction with old → new in the audit view and verifies the log', async () => {
    const { page, errors } = await open(await hub.token('auditor'), 'audit');
    await page.getByLabel('领域').selectOption('SORTING');
    const correction = page.locator('.audit-table tr.correction').first();
    await correction.waitFor({ timeout: 15_000 });
    expect(await correction.textContent()).toContain('分类数据更正');
    expect(await correction.locator('[data-field="coverageRate"] .old').textContent()).toBe('97.5');
    expect(await correction.locator('[data-field="coverageRate"] .new').textContent()).toBe('98.5');
    expect(await correction.textContent()).toContain('department/sorting');

    // Filter by the street: only its two events.
    await page.getByLabel('对象（街道/项目编码或完整ID）').fill('410104001');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.locator('.audit-table tbody tr').count()).toBe(2);

    // Export what the filters match: CSV with old → new and the hash chain, for offline checks.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '导出 CSV' }).click(),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,role,dept,type,entityId,prev,data,prevHash,hash');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toContain('SortingRateCorrected');
    expect(lines[2]).toContain('""coverageRate"":97.5');

    await page.getByRole('button', { name: '校验 Verify' }).click();
    const ok = page.locator('.verify-ok');
    await ok.waitFor();
    expect(await ok.getAttribute('data-ok')).toBe('true');
    await page.screenshot({ path: '/tmp/audit.png' });
    expect(errors).toEqual([]);
  });
});
