/**
 * Regenerates the wall-mode screenshots in docs/ (README, "Wall mode"): the
 * embedded runtime with the demo data, a `screen` principal in chromium, zh,
 * one JPEG per display. Run it by hand, not in the suite:
 *
 *   npx tsx tests/e2e/wall-screenshots.ts               # every display below
 *   npx tsx tests/e2e/wall-screenshots.ts 3840x1080     # only those named
 */
import { join } from 'node:path';
import { startTestHub } from '../helpers/test-hub.js';
import { browserAndWeb, signedInPage } from './browser.js';

/** 16:9 at 1080p, a 4K wall, and a 32:9 wall (two 1080p panels side by side). */
const DISPLAYS = ['1920x1080', '3840x2160', '3840x1080'];
const DOCS = join(import.meta.dirname, '../../docs');

const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!DISPLAYS.includes(w)) throw new Error(`unknown display ${w}: one of ${DISPLAYS.join(', ')}`);
}

const web = await browserAndWeb();
const hub = await startTestHub({ seed: true, webRoot: web.webRoot });
try {
  for (const display of wanted.length ? wanted : DISPLAYS) {
    const [width, height] = display.split('x').map(Number);
    const { context, page } = await signedInPage(web.browser, await hub.token('screen'), {
      viewport: { width, height },
    });
    await page.goto(`${hub.url}/#/screen`);
    await page.locator('.screen-loading').waitFor({ state: 'detached', timeout: 60_000 });
    // Let the chart and the pagers settle on their first layout.
    await page.waitForTimeout(1500);
    const path = join(DOCS, `wall-${display}.jpg`);
    await page.screenshot({ path, type: 'jpeg', quality: 80 });
    console.log(path);
    await context.close();
  }
} finally {
  await hub.close();
  await web.close();
}
