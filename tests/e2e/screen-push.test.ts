/**
 * Issue 10, pushed dashboard in the browser: once a screen's socket is up,
 * events bring their refreshed dashboard, investment line and housing table
 * through the subscription. Every request the page makes is counted: none
 * while events arrive, yet the ranking, gauges and housing table change.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayCst } from '../../web/src/format.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { type BrowserAndWeb, browserAndWeb, signedInPage } from './browser.js';

// The app's day (China Standard Time), which from 16:00 UTC is a day ahead of the UTC date.
const today = todayCst();

describe('a screen with its socket up', () => {
  let hub: TestHub;
  let browser: Browser;
  let webRoot: string;
  let web: BrowserAndWeb | undefined;

  beforeAll(async () => {
    web = await browserAndWeb();
    ({ browser, webRoot } = web);
    hub = await startTestHub({ withReference: true, webRoot });
    await hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104001',
      date: today,
      coverageRate: 97.5,
      recoveryRate: 37.2,
    });
  });

  afterAll(async () => {
    await hub?.close();
    await web?.close();
  });

  it('sends no HTTP request when events arrive, and shows what they pushed', async () => {
    // A short poll interval: a poll (or any refresh) while live would show up in the count.
    const { page, context, errors } = await signedInPage(browser, await hub.token('screen'), { pollIntervalMs: 1000 });
    try {
      await page.goto(`${hub.url}/#/screen`);
      await expect.poll(() => page.locator('main').getAttribute('data-live'), { timeout: 15_000 }).toBe('live');
      const sortingRanking = page.locator('.ranking-list[data-domain="SORTING"]');
      await expect.poll(() => sortingRanking.locator('.rank-row').count(), { timeout: 15_000 }).toBe(12);
      await page.waitForTimeout(500); // the opening reads are done
      const requests: string[] = [];
      page.on('request', (r) => requests.push(`${r.method()} ${r.url()}`));

      const reports = hub.runtime.hub.services.reports;
      const top = await reports.reportSortingRate(dept('sorting'), {
        street: '410104009',
        date: today,
        coverageRate: 99.9,
        recoveryRate: 48.76,
      });
      await reports.reportHousingDelivery(dept('housing'), { project: 'H-1', date: today, deliveredUnits: 77 });
      await reports.reportProjectProgress(dept('construction'), {
        project: 'P-1',
        period: today.slice(0, 7),
        investment: 5100,
      });

      // The pushed dashboard moved the street to the top with its new rate.
      const first = sortingRanking.locator('.rank-row').first();
      await expect.poll(() => first.getAttribute('data-street'), { timeout: 15_000 }).toBe('410104009');
      expect(await first.locator('.rank-value').textContent()).toBe('48.76');
      await page.locator(`.ticker-row[data-seq="SORTING:${top.seq}"]`).waitFor({ state: 'attached', timeout: 10_000 });
      // The pushed housing table shows the new delivery.
      await expect
        .poll(() => page.locator('.panel-housing tr[data-code="H-1"]').textContent(), { timeout: 15_000 })
        .toContain('77/');
      await page.waitForTimeout(1500); // longer than the poll interval and any debounce
      expect(await page.locator('main').getAttribute('data-live')).toBe('live');
      expect(requests).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await context.close().catch(() => {});
    }
  }, 90_000);
});
