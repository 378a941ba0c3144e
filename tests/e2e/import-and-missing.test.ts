/**
 * The other two departments' side in headless chromium: 发改委's grid
 * prefilled with the month's own figures, 发改委's and 住建局's spreadsheet
 * imports (preview per row, the valid rows imported, the same file again
 * appends nothing), and the "what is missing" panel of 城管局 and 住建局.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { STREETS } from '../../infra/local/seed/streets.js';
import { todayCst } from '../../web/src/format.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { type BrowserAndWeb, browserAndWeb, pageOpener } from './browser.js';

// The app's days are China Standard Time (web/src/format.ts): from 16:00 UTC the UTC date is a day behind.
const day = (back: number) => todayCst(new Date(Date.now() - back * 86_400_000));
const month = day(0).slice(0, 7);

describe('imports and missing reports for every department', () => {
  let hub: TestHub;
  let web: BrowserAndWeb;
  let dir: string;
  const { pages, open } = pageOpener(
    () => web.browser,
    () => hub.url,
  );
  const headSeq = async (domain: string) => {
    const res = await hub.gql<{ events: { endSeq: number } }>(
      `{ events(domain: ${domain}, newestFirst: true, first: 1) { endSeq nodes { seq } } }`,
      {},
      await hub.token('auditor'),
    );
    return (res.body.data as unknown as { events: { nodes: { seq: number }[] } }).events.nodes[0]?.seq ?? 0;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gl-import2-'));
    web = await browserAndWeb();
    hub = await startTestHub({ withReference: true, webRoot: web.webRoot });
    const reports = hub.runtime.hub.services.reports;
    await reports.reportProjectProgress(dept('construction'), { project: 'P-1', period: month, investment: 800 });
    await reports.reportHousingDelivery(dept('housing'), { project: 'H-1', date: day(10), deliveredUnits: 300 });
    for (const s of STREETS.slice(0, 10))
      await reports.reportSortingRate(dept('sorting'), {
        street: s.code,
        date: day(0),
        coverageRate: 98,
        recoveryRate: 38,
      });
  });

  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context.close().catch(() => {});
  });

  afterAll(async () => {
    await web?.close();
    await hub?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function importFile(page: Page, path: string) {
    await page.locator('#import-file').setInputFiles(path);
    const status = page.locator('.import-status');
    await expect.poll(() => status.getAttribute('data-counts'), { timeout: 15_000 }).not.toBeNull();
    const counts = JSON.parse((await status.getAttribute('data-counts'))!) as Record<string, number>;
    await page.evaluate(() => document.querySelector('.import-status')?.removeAttribute('data-counts'));
    return counts;
  }

  /** Imports `path`, checks the preview counts, sends, and checks that the same file again sends nothing. */
  async function importTwice(
    role: 'construction' | 'housing',
    path: string,
    counts: Record<string, number>,
    preview: (verdict: (line: number) => Promise<string | null>) => Promise<void>,
  ) {
    const domain = role.toUpperCase();
    const { page, errors } = await open(await hub.token('department', role), 'report');
    await page.locator('#import-file').waitFor({ timeout: 15_000 });
    expect(await importFile(page, path)).toEqual(counts);
    await preview((line) => page.locator(`.import-preview tr[data-line="${line}"] .verdict`).textContent());
    const before = await headSeq(domain);
    const sendable = counts.valid + counts.correction;
    await page.getByRole('button', { name: `导入 ${sendable} 行` }).click();
    const summary = page.locator('.import-summary');
    await summary.waitFor({ timeout: 30_000 });
    expect(await summary.getAttribute('data-done')).toBe(String(sendable));
    expect((await headSeq(domain)) - before).toBe(sendable);
    await page.reload();
    await page.locator('#import-file').waitFor({ timeout: 15_000 });
    expect(await importFile(page, path)).toEqual({
      valid: 0,
      correction: 0,
      unchanged: sendable,
      invalid: counts.invalid,
    });
    expect(await page.locator('[data-action="import"]').isHidden()).toBe(true);
    expect((await headSeq(domain)) - before).toBe(sendable);
    expect(errors).toEqual([]);
  }

  it("prefills 发改委's grid with the month's own figure, so a change is a correction", async () => {
    const { page } = await open(await hub.token('department', 'construction'), 'report');
    const cell = page.locator('#grid-project tr[data-code="P-1"] input[data-col="investment"]');
    await expect.poll(() => cell.inputValue(), { timeout: 15_000 }).toBe('800');
    expect(await page.locator('#grid-project tr[data-code="P-2"] input[data-col="investment"]').inputValue()).toBe('');
    await cell.fill('850');
    expect(await page.locator('#grid-project tr[data-code="P-1"] .row-status').textContent()).toContain('800 → 850');
  });

  it('imports 发改委 monthly investment from CSV: preview, 3 events, the same file again appends none', async () => {
    const path = join(dir, 'construction.csv');
    const rows = [
      ['项目', '月份', '本期完成投资(万元)', '本年累计投资(万元)', '形象进度'],
      ['P-1', month, 900, '', '主体施工'],
      ['测试项目2', month, 650, 5200, ''],
      ['P-3', month.replace('-', '/'), 300, '', ''],
      ['不存在项目', month, 100, '', ''],
      ['P-2', month, -5, '', ''],
    ];
    writeFileSync(path, `\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
    await importTwice('construction', path, { valid: 2, correction: 1, unchanged: 0, invalid: 2 }, async (verdict) => {
      expect(await verdict(2)).toContain('800 → 900');
      expect(await verdict(5)).toContain('没有名为“不存在项目”的重点项目');
      expect(await verdict(6)).toContain('不能为负数');
    });
  });

  it('imports 住建局 deliveries from .xlsx: a falling count needs its reason, the same file again appends none', async () => {
    const path = join(dir, 'housing.xlsx');
    const rows = [
      ['项目', '日期', '累计交付套数', '更正原因', '备注'],
      ['H-1', day(4), 350, '', ''],
      ['测试楼盘2', day(4), 50, '', '首批'],
      ['H-1', day(3), 100, '', ''],
      ['H-2', day(3), 20, '复核后减少', ''],
      ['无此楼盘', day(3), 10, '', ''],
    ];
    writeFileSync(path, await writeXlsxFile(rows).toBuffer());
    await importTwice('housing', path, { valid: 2, correction: 1, unchanged: 0, invalid: 2 }, async (verdict) => {
      expect(await verdict(4)).toContain('更正原因');
      expect(await verdict(5)).toMatch(/^更正/);
    });
  });

  it('shows 城管局 the streets without figures for a day, and what was reported lately', async () => {
    const { page, errors } = await open(await hub.token('department', 'sorting'), 'report');
    const summary = page.locator('.missing-summary');
    await expect.poll(() => summary.getAttribute('data-missing'), { timeout: 15_000 }).toBe('2');
    expect(await page.locator('.missing-list li').allTextContents()).toEqual([STREETS[10].name, STREETS[11].name]);
    expect(await page.locator('.recent-list li').count()).toBe(10);
    expect(await page.locator('.recent-list li').first().textContent()).toContain(STREETS[9].name);
    await page.locator('#missing-key').fill(day(1));
    await page.locator('#missing-key').dispatchEvent('change');
    await expect.poll(() => summary.getAttribute('data-missing')).toBe('12');
    expect(errors).toEqual([]);
  });

  it('shows 住建局 the projects not updated for 7 days, with their latest report', async () => {
    const { page } = await open(await hub.token('department', 'housing'), 'report');
    const summary = page.locator('.missing-summary');
    await expect.poll(() => summary.getAttribute('data-missing'), { timeout: 15_000 }).not.toBeNull();
    // After the import H-1 and H-2 have reports 3–4 days old: nothing is 7 days stale; at 2 days both are.
    expect(await summary.getAttribute('data-missing')).toBe('0');
    await page.locator('#missing-key').fill('2');
    await page.locator('#missing-key').dispatchEvent('change');
    await expect.poll(() => summary.getAttribute('data-missing')).toBe('2');
    expect(await page.locator('.missing-list li[data-code="H-1"]').textContent()).toContain(`最近 ${day(4)}`);
  });
});
