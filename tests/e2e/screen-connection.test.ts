/**
 * Issue 13, acceptance 4 and 5 in chromium against the embedded runtime:
 *
 * 4. Killing the server shows a full-width banner within 5 s with the time of
 *    the last good figures (in Chinese, no raw error text) and a running age,
 *    and marks the panels 非实时; restarted on the same port and on-disk store,
 *    the screen catches up without a page reload (a report made after the
 *    restart appears) and the banner clears.
 * 5. A store reset (a new store, so a new log epoch, same port and keys) with a
 *    screen open: its seqs start again below what the screen has seen, and the
 *    next report still appears on the screen.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedOptions } from '../../infra/local/embedded.js';
import { todayCst } from '../../web/src/format.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { type BrowserAndWeb, browserAndWeb, signedInPage } from './browser.js';

// The app's day (China Standard Time), which from 16:00 UTC is a day ahead of the UTC date.
const today = todayCst();

describe('a screen whose server goes away', () => {
  let browser: Browser;
  let webRoot: string;
  let web: BrowserAndWeb | undefined;
  const hubs: TestHub[] = [];
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'gl-conn-'));
    dirs.push(d);
    return d;
  };
  /** A hub whose signing key lives under dataDir, so a restarted hub accepts the page's token. */
  const start = async (options: EmbeddedOptions & { withReference?: boolean }) => {
    const hub = await startTestHub({ ephemeralKeys: false, webRoot, ...options });
    hubs.push(hub);
    return hub;
  };
  const report = (hub: TestHub, street: string, recoveryRate: number) =>
    hub.runtime.hub.services.reports.reportSortingRate(dept('sorting'), {
      street,
      date: today,
      coverageRate: 98.5,
      recoveryRate,
    });
  const liveState = (page: Page) => page.locator('main').getAttribute('data-live');
  const tickerRow = (page: Page, seq: number) => page.locator(`.ticker-row[data-seq="SORTING:${seq}"]`);

  beforeAll(async () => {
    web = await browserAndWeb();
    ({ browser, webRoot } = web);
  }, 60_000);
  afterAll(async () => {
    for (const h of hubs) await h.close().catch(() => {});
    await web?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('acceptance 4: a banner within 5 s with the last good time, then a restart caught up without a reload', async () => {
    const dataDir = tempDir();
    const first = await start({ memory: false, dataDir, withReference: true });
    const port = first.port;
    await report(first, '410104001', 40.1);
    const { page, context, errors } = await signedInPage(browser, await first.token('screen'), {
      pollIntervalMs: 2000,
    });
    try {
      await page.goto(`${first.url}/#/screen`);
      await expect.poll(() => liveState(page), { timeout: 20_000 }).toBe('live');
      await page.evaluate(() => {
        (window as unknown as { sameDocument: boolean }).sameDocument = true;
      });
      const banner = page.getByTestId('connection-banner');
      expect(await banner.isHidden()).toBe(true);

      const killedAt = Date.now();
      await first.close();
      await banner.waitFor({ state: 'visible', timeout: 5000 });
      const shownAfterMs = Date.now() - killedAt;
      console.log(`banner shown ${shownAfterMs} ms after the server closed`);
      expect(shownAfterMs).toBeLessThan(5000);
      expect(await liveState(page)).toBe('reconnecting');
      // The time of the last good figures: the moment the live socket was lost, not a later failed refresh.
      const goodAt = Date.parse((await banner.locator('time').getAttribute('datetime')) ?? '');
      expect(goodAt).toBeGreaterThanOrEqual(killedAt - 1000);
      expect(goodAt).toBeLessThanOrEqual(killedAt + 5000);
      const text = await banner.innerText();
      expect(text).toContain('实时连接已中断');
      expect(text).toContain('显示的是');
      // Let the fallback poll fail against the dead server: still no raw (English) error text, and the same time.
      await page.waitForTimeout(3500);
      const later = await banner.innerText();
      expect(later).not.toMatch(/[A-Za-z]/);
      expect(Date.parse((await banner.locator('time').getAttribute('datetime')) ?? '')).toBe(goodAt);
      // The age runs.
      expect(later).not.toBe(text);
      // Panels say in words that their figures are not live.
      expect(await page.locator('.panel.conn-stale').count()).toBeGreaterThan(0);
      expect(await page.locator('.panel-ranking .conn-stale-badge').innerText()).toContain('非实时');

      const second = await start({ memory: false, dataDir, port });
      await expect.poll(() => liveState(page), { timeout: 30_000 }).toBe('live');
      await banner.waitFor({ state: 'hidden', timeout: 5000 });
      expect(await page.locator('.conn-stale').count()).toBe(0);
      const after = await report(second, '410104002', 41.2);
      await tickerRow(page, after.seq).waitFor({ timeout: 15_000 });
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close().catch(() => {});
    }
  }, 120_000);

  it('acceptance 5: after a store reset (a new epoch, seqs below what the screen saw) the next report appears', async () => {
    const keysDir = tempDir();
    const first = await start({ memory: true, dataDir: keysDir, withReference: true });
    const port = first.port;
    let last = 0;
    for (const [i, street] of ['410104001', '410104002', '410104003', '410104004'].entries()) {
      last = (await report(first, street, 40 + i)).seq;
    }
    const oldEpoch = await first.runtime.hub.epoch.current();
    const { page, context, errors } = await signedInPage(browser, await first.token('screen'));
    try {
      await page.goto(`${first.url}/#/screen`);
      await expect.poll(() => liveState(page), { timeout: 20_000 }).toBe('live');
      await tickerRow(page, last).waitFor({ timeout: 10_000 });

      await first.close();
      const reset = await start({ memory: true, dataDir: keysDir, port, withReference: true });
      expect(await reset.runtime.hub.epoch.current()).not.toBe(oldEpoch);
      await expect.poll(() => liveState(page), { timeout: 30_000 }).toBe('live');
      // The first report of the new log: seq 1, which the screen had seen (and would have dropped) in the old one.
      const fresh = await report(reset, '410104009', 47.5);
      expect(fresh.seq).toBeLessThan(last);
      await expect.poll(() => tickerRow(page, fresh.seq).count(), { timeout: 15_000 }).toBe(1);
      // The old log's rows are gone: the screen started over instead of mixing two lives of the logs.
      expect(await tickerRow(page, last).count()).toBe(0);
      const top = page.locator('.ranking-list .rank-row').first();
      await expect.poll(() => top.getAttribute('data-street'), { timeout: 15_000 }).toBe('410104009');
      expect(errors).toEqual([]);
    } finally {
      await context.close().catch(() => {});
    }
  }, 120_000);
});
