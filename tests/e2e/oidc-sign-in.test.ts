/**
 * Issue 9, acceptance 2: the web client signs in through a local OpenID
 * provider configured like Cognito's hosted login (code flow + PKCE, Cognito's
 * claim names, refresh tokens rotated at every refresh), shows the screen, and
 * survives three token expiries (12-second tokens) without a reload and
 * without missing an event: each renewal is silent (refresh_token grant) and
 * the live socket reconnects with the new token and resumes from its cursor.
 * When the refresh token stops working, the page covers itself with the
 * full-screen notice instead of showing figures that no longer move.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayCst } from '../../web/src/format.js';
import { type LocalOidcProvider, startLocalOidcProvider } from '../helpers/local-oidc-provider.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { type BrowserAndWeb, browserAndWeb } from './browser.js';

const TOKEN_TTL_SECONDS = 12;
// The app's day (China Standard Time), which from 16:00 UTC is a day ahead of the UTC date.
const today = todayCst();

describe('Cognito-like hosted login: code + PKCE, silent refresh, sockets that follow token expiry', () => {
  let oidc: LocalOidcProvider;
  let hub: TestHub;
  let browser: Browser;
  let webRoot: string;
  let web: BrowserAndWeb | undefined;

  beforeAll(async () => {
    web = await browserAndWeb();
    ({ browser, webRoot } = web);
    oidc = await startLocalOidcProvider({
      appUrl: () => `${hub.url}/`,
      tokenTtlSeconds: TOKEN_TTL_SECONDS,
      claims: { 'custom:role': 'screen', 'cognito:username': 'wall-1' },
    });
    hub = await startTestHub({
      withReference: true,
      webRoot,
      // The hub verifies the provider's tokens as it would Cognito's: issuer, JWKS, audience = client id.
      configure: { auth: { issuer: oidc.issuer, jwksUrl: oidc.jwksUrl, audience: oidc.clientId } },
      clientAuth: { mode: 'oidc', issuer: oidc.issuer, clientId: oidc.clientId, renewBeforeSeconds: 4 },
    });
  }, 60_000);
  afterAll(async () => {
    await hub?.close();
    await oidc?.close();
    await web?.close();
  });

  it('signs in, shows the screen, and survives three token expiries without a reload or a missed event', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const received = new Set<number>();
    let sockets = 0;
    page.on('websocket', (ws) => {
      sockets++;
      ws.on('framereceived', (f) => {
        const msg = JSON.parse(String(f.payload));
        const e = msg.type === 'next' ? msg.payload.data?.hubEvents : null;
        if (e?.domain === 'SORTING') received.add(e.seq);
      });
    });

    await page.goto(hub.url);
    await page.getByRole('button', { name: '登录', exact: true }).first().click();
    // The provider's login form (any user name and password), then its consent page.
    await page.locator('input[name="login"]').fill('wall-1');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    while (!page.url().startsWith(hub.url)) {
      await page.locator('button[type="submit"]').first().click();
      await page.waitForLoadState();
    }
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.view), { timeout: 15_000 })
      .toBe('screen');
    await expect.poll(() => page.locator('main').getAttribute('data-live'), { timeout: 15_000 }).toBe('live');
    expect(oidc.grants.authorization_code).toBe(1);
    // The callback's ?code=&state= is gone from the address bar; a marker tells whether the page ever reloads.
    expect(page.url()).not.toContain('code=');
    await page.evaluate(() => {
      (window as unknown as { signedInOnce: boolean }).signedInOnce = true;
    });

    // Three token lifetimes and more, a report every 1.5 s throughout.
    const reported: number[] = [];
    const reports = hub.runtime.hub.services.reports;
    const until = Date.now() + (3 * TOKEN_TTL_SECONDS + 4) * 1000;
    for (let i = 0; Date.now() < until; i++) {
      const e = await reports.reportSortingRate(dept('sorting'), {
        street: `4101040${String((i % 12) + 1).padStart(2, '0')}`,
        date: today,
        coverageRate: 97 + (i % 20) / 10,
        recoveryRate: 38 + (i % 30) / 10,
      });
      reported.push(e.seq);
      await page.waitForTimeout(1500);
    }

    await expect.poll(() => reported.filter((seq) => !received.has(seq)), { timeout: 20_000 }).toEqual([]);
    expect(oidc.grants.refresh_token).toBeGreaterThanOrEqual(3);
    expect(sockets).toBeGreaterThanOrEqual(4); // the first and one per renewal
    expect(await page.evaluate(() => (window as unknown as { signedInOnce?: boolean }).signedInOnce)).toBe(true);
    expect(await page.locator('main').getAttribute('data-live')).toBe('live');
    expect(await page.locator('.session-lost').count()).toBe(0);
    expect(errors).toEqual([]);

    // The refresh token is revoked: once the token runs out, the screen says so over everything, live view stopped.
    oidc.refuseTokens();
    const lost = page.locator('[data-testid="session-lost"]');
    await lost.waitFor({ timeout: (TOKEN_TTL_SECONDS + 10) * 1000 });
    expect(await lost.textContent()).toContain('大屏登录已失效');
    expect(await page.locator('main[data-live]').count()).toBe(0);
    await context.close();
  }, 120_000);
});
