/**
 * Headless Debian chromium for the browser tests, and a page signed in with
 * a token (localStorage is per browser context, so each role gets its own).
 * Playwright gives every launch a fresh temporary profile (it refuses a
 * `--user-data-dir` argument and removes its own directory on close); with
 * background networking, sync and component updates off, the browser makes
 * no requests of its own on a machine without network.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { buildWeb } from '../../web/build.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No chromium at ${CHROMIUM}: apt-get update && apt-get install -y chromium`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  /** Errors the page threw or logged: a test can assert there were none. */
  errors: string[];
}

export async function signedInPage(
  browser: Browser,
  token: string,
  opts: {
    lang?: 'zh' | 'en';
    pollIntervalMs?: number;
    viewport?: { width: number; height: number };
    /** Fake the page's clock (it runs on in real time until a test moves it: `page.clock.fastForward`). */
    clock?: boolean;
  } = {},
): Promise<SignedInPage> {
  const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1920, height: 1080 } });
  await context.addInitScript(
    ([tok, lang]) => {
      localStorage.setItem('guancheng.token', tok);
      localStorage.setItem('guancheng.lang', lang);
    },
    [token, opts.lang ?? 'zh'] as const,
  );
  if (opts.pollIntervalMs) {
    // The served config plus a shorter polling interval, so a test without a live socket does not wait 15 s.
    await context.route('**/config.json', async (route) => {
      const res = await route.fetch();
      const json = { ...(await res.json()), pollIntervalMs: opts.pollIntervalMs };
      await route.fulfill({ response: res, json });
    });
  }
  const page = await context.newPage();
  if (opts.clock) await page.clock.install();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

export interface BrowserAndWeb {
  browser: Browser;
  /** The web client, built into a temporary folder for the hub to serve (`webRoot`). */
  webRoot: string;
  close(): Promise<void>;
}

/** Chromium launched and the web client built, side by side (each takes seconds). */
export async function browserAndWeb(): Promise<BrowserAndWeb> {
  const webRoot = mkdtempSync(join(tmpdir(), 'gl-web-'));
  const [browser] = await Promise.all([launchChromium(), buildWeb({ outDir: webRoot })]);
  return {
    browser,
    webRoot,
    async close() {
      await browser.close();
      rmSync(webRoot, { recursive: true, force: true });
    },
  };
}

/**
 * Opens signed-in pages at a route of the hub and keeps them, so a test can
 * close them all when it ends (open screens keep sockets and timers busy).
 * Getters, because the browser and the hub start in `beforeAll`.
 */
export function pageOpener(browser: () => Browser, hubUrl: () => string) {
  const pages: SignedInPage[] = [];
  const open = async (token: string, route: string, opts: Parameters<typeof signedInPage>[2] = {}) => {
    const p = await signedInPage(browser(), token, opts);
    pages.push(p);
    await p.page.goto(`${hubUrl()}/#/${route}`);
    return p;
  };
  return { pages, open };
}
