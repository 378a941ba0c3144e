/**
 * HTTP requests per event with S web screens open: S chromium pages on
 * #/screen against the hub; once every page is live, E reports are made (by
 * the bench, not the pages) and every request the pages send is counted
 * until each page has drawn the last event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildWeb } from '../../../web/build.js';
import { launchChromium, signedInPage } from '../../e2e/browser.js';
import { startPeer } from './peer-process.js';

export interface ScreensResult {
  screens: number;
  events: number;
  requests: number;
}

export async function measureScreens(screens: number, events: number): Promise<ScreensResult> {
  const webRoot = mkdtempSync(join(tmpdir(), 'gl-bench-web-'));
  await buildWeb({ outDir: webRoot });
  const peer = await startPeer('hub', ['--web', webRoot]);
  const browser = await launchChromium();
  try {
    const pages = [];
    for (let i = 0; i < screens; i++) {
      const p = await signedInPage(browser, peer.hello.screenToken, { viewport: { width: 1280, height: 720 } });
      await p.page.goto(`${peer.hello.url}/#/screen`);
      pages.push(p);
    }
    for (const { page } of pages) {
      await page.waitForFunction(() => document.querySelector('main')?.dataset.live === 'live', null, {
        timeout: 120_000,
      });
      await page.waitForFunction(() => !!document.querySelector('main')?.dataset.loadedAt, null, { timeout: 120_000 });
    }
    let requests = 0;
    for (const { page } of pages) page.on('request', () => requests++);
    let seq = 0;
    for (let i = 0; i < events; i++) seq = await peer.report(i);
    for (const { page } of pages) {
      // Attached, not visible: in wall mode the ticker is paged, so the newest row may sit on another page.
      await page.locator(`.ticker-row[data-seq="SORTING:${seq}"]`).waitFor({ state: 'attached', timeout: 60_000 });
    }
    await new Promise((r) => setTimeout(r, 1000)); // anything a page would send after drawing
    return { screens, events, requests };
  } finally {
    await browser.close();
    await peer.stop();
    rmSync(webRoot, { recursive: true, force: true });
  }
}
