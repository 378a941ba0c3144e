/**
 * Issue 9, acceptance 3 and 5 in chromium: a newcomer opens the embedded hub,
 * clicks "大屏" and sees the live screen (no token to paste); the screen's
 * keep-alive pings hold a quiet socket open past the (compressed) idle
 * timeout, and it still gets the next event. The screen's JS stays light.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayCst } from '../../web/src/format.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { type BrowserAndWeb, browserAndWeb } from './browser.js';

// The app's day (China Standard Time), which from 16:00 UTC is a day ahead of the UTC date.
const today = todayCst();
/** API Gateway's 10 minutes, compressed: the page pings every third of it (config.json keepAliveMs). */
const IDLE_MS = 1500;

describe('one click on the embedded runtime, and a quiet screen that stays connected', () => {
  let hub: TestHub;
  let browser: Browser;
  let webRoot: string;
  let web: BrowserAndWeb | undefined;

  beforeAll(async () => {
    web = await browserAndWeb();
    ({ browser, webRoot } = web);
    hub = await startTestHub({ withReference: true, webRoot, ws: { idleTimeoutMs: IDLE_MS } });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await web?.close();
  });

  it('keeps the screen JS at or under 120 KB gzipped', () => {
    const gz = gzipSync(readFileSync(join(webRoot, 'app.js'))).length;
    console.log(`app.js: ${Math.round(gz / 1024)} KB gzipped`);
    expect(gz).toBeLessThanOrEqual(120 * 1024);
  });

  it('a newcomer clicks 大屏 and sees the live screen; idle pings keep it connected past the idle timeout', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const pings: number[] = [];
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        if (JSON.parse(String(f.payload)).type === 'ping') pings.push(Date.now());
      }),
    );

    // The screen's opening reads, by operation: each once (signing in used to boot the app twice).
    const reads: string[] = [];
    page.on('request', (r) => {
      const op = /^\{"query":"query (Dashboard|InvestmentMonthly|HousingProjects)\b/.exec(r.postData() ?? '');
      if (op) reads.push(op[1]);
    });
    await page.goto(hub.url);
    await page.getByRole('button', { name: '大屏', exact: true }).click();
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.view)).toBe('screen');
    await expect.poll(() => page.locator('main').getAttribute('data-live'), { timeout: 15_000 }).toBe('live');
    expect(await page.evaluate(() => localStorage.getItem('guancheng.token'))).toMatch(/^ey/);
    expect(reads.sort()).toEqual(['Dashboard', 'HousingProjects', 'InvestmentMonthly']);

    // Quiet for three idle timeouts: nothing is reported, only the client's pings cross the socket.
    const idleBefore = hub.ws.stats.idleClosed;
    const connectsBefore = hub.ws.stats.connects;
    await page.waitForTimeout(3 * IDLE_MS);
    expect(hub.ws.stats.idleClosed).toBe(idleBefore);
    expect(hub.ws.stats.connects).toBe(connectsBefore);
    expect(pings.length).toBeGreaterThanOrEqual(4);
    expect(await page.locator('main').getAttribute('data-live')).toBe('live');

    const event = await hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street: '410104005',
      date: today,
      coverageRate: 98.1,
      recoveryRate: 39.5,
    });
    await page.locator(`.ticker-row[data-seq="SORTING:${event.seq}"]`).waitFor({ state: 'attached', timeout: 10_000 });
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);
});
