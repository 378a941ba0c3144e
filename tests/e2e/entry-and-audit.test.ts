/**
 * The departments' and auditors' side in headless chromium: the twelve-street
 * grid filled by pasting a block, the spreadsheet import (CSV and .xlsx) with
 * its preview and its idempotent re-upload, a falling housing count that
 * needs a reason, the audit view newest first with filters in words and an
 * entity's history, the report page on a phone, and the bundle's weight.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { STREETS } from '../../infra/local/seed/streets.js';
import { buildWeb } from '../../web/build.js';
import { todayCst } from '../../web/src/format.js';
import { dept, startTestHub, type TestHub } from '../helpers/test-hub.js';
import { launchChromium, pageOpener, signedInPage } from './browser.js';

// The app's days are China Standard Time (web/src/format.ts): from 16:00 UTC the UTC date is a day behind.
const day = (back: number) => todayCst(new Date(Date.now() - back * 86_400_000));
const today = day(0);

describe('data entry, import and audit in the browser', () => {
  let hub: TestHub;
  let browser: Browser;
  let webRoot: string;
  const { pages, open } = pageOpener(
    () => browser,
    () => hub.url,
  );
  const sortingEvents = async () => {
    const auditor = await hub.token('auditor');
    const res = await hub.gql<{ events: { nodes: { seq: number; type: string; entityId: string }[] } }>(
      '{ events(domain: SORTING, first: 500) { nodes { seq type entityId } } }',
      {},
      auditor,
    );
    return res.body.data!.events.nodes;
  };

  beforeAll(async () => {
    webRoot = mkdtempSync(join(tmpdir(), 'gl-entry-'));
    [browser] = await Promise.all([launchChromium(), buildWeb({ outDir: webRoot })]);
    hub = await startTestHub({ withReference: true, webRoot });
    const reports = hub.runtime.hub.services.reports;
    // Values the import will correct, and a housing count that a later report must not undercut silently.
    for (const street of ['410104005', '410104006'])
      await reports.reportSortingRate(dept('sorting'), { street, date: day(5), coverageRate: 97, recoveryRate: 37 });
    await reports.reportHousingDelivery(dept('housing'), { project: 'H-1', date: day(2), deliveredUnits: 300 });
  });

  afterEach(async () => {
    for (const p of pages.splice(0)) await p.context.close().catch(() => {});
  });

  afterAll(async () => {
    await browser?.close();
    await hub?.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('fills the twelve-street grid from a pasted 12 × 2 block, then sends one correction', async () => {
    const { page, errors } = await open(await hub.token('department', 'sorting'), 'report');
    const grid = page.locator('#grid-sorting');
    await expect.poll(() => grid.locator('tbody tr').count(), { timeout: 15_000 }).toBe(12);
    const block = STREETS.map((_, i) => `${(97 + i * 0.2).toFixed(1)}\t${(36 + i * 0.5).toFixed(1)}`).join('\n');
    await grid.locator('tr[data-code="410104001"] input[data-col="coverageRate"]').evaluate((el, text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, block);
    expect(await grid.locator('tr[data-code="410104012"] input[data-col="recoveryRate"]').inputValue()).toBe('41.5');
    const before = (await sortingEvents()).length;
    await grid.getByRole('button', { name: '提交改动的行' }).click();
    await expect.poll(() => grid.locator('tr[data-state="saved"]').count(), { timeout: 20_000 }).toBe(12);
    expect(await grid.locator('tr[data-code="410104007"] .row-status').innerText()).toMatch(/^已保存 #\d+$/);
    const after = await sortingEvents();
    expect(after.length - before).toBe(12);
    expect(new Set(after.slice(before).map((e) => e.entityId))).toEqual(
      new Set(STREETS.map((s) => `${s.code}:${today}`)),
    );

    // Keyboard: Enter moves down the column. Change one value: the row says old → new, the send asks first.
    const cell = grid.locator('tr[data-code="410104003"] input[data-col="coverageRate"]');
    await cell.fill('95.5');
    await cell.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.closest('tr')?.getAttribute('data-code'))).toBe(
      '410104004',
    );
    expect(await grid.locator('tr[data-code="410104003"] .row-status').innerText()).toBe(
      '将更正：覆盖率 % 97.4 → 95.5',
    );
    await grid.getByRole('button', { name: '提交改动的行' }).click();
    await grid.locator('.confirm-bar').getByText('覆盖率 % 97.4 → 95.5').waitFor();
    await grid.getByRole('button', { name: '确认提交' }).click();
    await expect.poll(() => grid.locator('tr[data-code="410104003"]').getAttribute('data-state')).toBe('corrected');
    const last = await sortingEvents();
    expect(last.length - after.length).toBe(1);
    expect(last.at(-1)).toMatchObject({ type: 'SortingRateCorrected', entityId: `410104003:${today}` });
    expect(errors).toEqual([]);
  });

  /** 12 valid rows (names, one by code), 1 correction, an unknown street and a rate over 100. */
  const fileRows = (date: string, corrected: string): (string | number)[][] => [
    ['街道', '日期', '分类覆盖率(%)', '资源化利用率(%)'],
    ...STREETS.map((s, i) => [i === 0 ? s.code : s.name, date, 98 + i * 0.1, 38 + i * 0.1]),
    [corrected, day(5), 98.2, 38.4],
    ['不存在街道', date, 98, 38],
    [STREETS[1].name, day(6), 120, 38],
  ];

  async function importFile(page: Page, path: string) {
    await page.locator('#import-file').setInputFiles(path);
    const status = page.locator('.import-status');
    await expect.poll(() => status.getAttribute('data-counts'), { timeout: 15_000 }).not.toBeNull();
    return JSON.parse((await status.getAttribute('data-counts'))!) as Record<string, number>;
  }

  for (const kind of ['csv', 'xlsx'] as const) {
    it(`imports a ${kind} file: the preview marks each row, 13 events, the same file again appends none`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gl-import-'));
      const rows = fileRows(kind === 'csv' ? day(3) : day(4), kind === 'csv' ? '东大街街道' : '二里岗');
      const path = join(dir, `sorting.${kind}`);
      if (kind === 'csv') writeFileSync(path, `\uFEFF${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
      else writeFileSync(path, await writeXlsxFile(rows).toBuffer());
      const { page, errors } = await open(await hub.token('department', 'sorting'), 'report');
      await page.locator('#import-file').waitFor({ timeout: 15_000 });
      expect(await importFile(page, path)).toEqual({ valid: 12, correction: 1, unchanged: 0, invalid: 2 });
      const preview = page.locator('.import-preview');
      expect(await preview.locator('tr[data-line="15"] .verdict').textContent()).toContain(
        '没有名为“不存在街道”的街道',
      );
      expect(await preview.locator('tr[data-line="16"] .verdict').textContent()).toContain('须在 0–100 之间');
      expect(await preview.locator('tr[data-line="14"] .verdict').textContent()).toContain('97 / 37 → 98.2 / 38.4');
      const before = (await sortingEvents()).length;
      await page.getByRole('button', { name: '导入 13 行' }).click();
      const summary = page.locator('.import-summary');
      await summary.waitFor({ timeout: 30_000 });
      expect(await summary.getAttribute('data-done')).toBe('13');
      expect((await sortingEvents()).length - before).toBe(13);

      // The same file again: every row is already there, nothing to send, nothing appended.
      await page.reload();
      await page.locator('#import-file').waitFor({ timeout: 15_000 });
      expect(await importFile(page, path)).toEqual({ valid: 0, correction: 0, unchanged: 13, invalid: 2 });
      expect(await page.locator('[data-action="import"]').isHidden()).toBe(true);
      expect((await sortingEvents()).length - before).toBe(13);
      expect(errors).toEqual([]);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('asks for a reason when a housing count falls and records a correction with it', async () => {
    const { page } = await open(await hub.token('department', 'housing'), 'report');
    const row = page.locator('#grid-housing tr[data-code="H-1"]');
    await row.waitFor({ timeout: 15_000 });
    await row.locator('input[data-col="deliveredUnits"]').fill('100');
    await page.locator('#grid-housing').getByRole('button', { name: '提交改动的行' }).click();
    expect(await row.locator('.row-status').textContent()).toContain('从 300 套');
    await row.locator('input[data-col="correctionReason"]').fill('前次多报未验收房源');
    await page.locator('#grid-housing').getByRole('button', { name: '提交改动的行' }).click();
    await page.locator('#grid-housing').getByRole('button', { name: '确认提交' }).click();
    await expect.poll(() => row.getAttribute('data-state'), { timeout: 15_000 }).toBe('corrected');
    const auditor = await hub.token('auditor');
    const res = await hub.gql<{ events: { nodes: { type: string; data: Record<string, unknown> }[] } }>(
      '{ events(domain: HOUSING, newestFirst: true, first: 1) { nodes { type data } } }',
      {},
      auditor,
    );
    expect(res.body.data!.events.nodes[0]).toMatchObject({
      type: 'HousingDeliveryCorrected',
      data: { deliveredUnits: 100, correctionReason: '前次多报未验收房源' },
    });
  });

  it('opens the audit newest first, filters by type in words and street name, shows an entity history', async () => {
    const { page, errors } = await open(await hub.token('auditor'), 'audit');
    await page.getByLabel('领域').selectOption('SORTING');
    const rows = page.locator('.audit-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThan(10);
    const seqs = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-seq'))));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    await expect
      .poll(() => rows.first().locator('td.entity').innerText())
      .toMatch(/街道 · \d{4}-\d{2}-\d{2} 4101040\d\d:\d{4}-\d{2}-\d{2}/);
    expect(await rows.first().locator('td.hash').textContent()).toMatch(/^[0-9a-f]{12}$/);

    // The street names arrive with their own query; the dropdown fills when they do.
    await expect.poll(() => page.locator('#audit-subject option').count(), { timeout: 20_000 }).toBe(13);
    await page.getByLabel('事件类型').selectOption({ label: '分类数据更正' });
    const subject = page.locator('#audit-subject');
    expect(await subject.locator('option[value="410104005"]').textContent()).toBe('东大街街道（410104005）');
    await subject.selectOption('410104005');
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toContain('分类数据更正');
    expect(await rows.first().innerText()).not.toContain('SortingRateCorrected');

    // The street-day's whole history: its first report and the correction.
    await rows.first().locator('[data-history]').click();
    await page.getByLabel('事件类型').selectOption({ index: 0 });
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByLabel('对象（街道/项目编码或完整ID）').inputValue()).toBe(`410104005:${day(5)}`);
    expect(errors).toEqual([]);
  });

  it('lays the report page out for a 390 × 844 phone: no sideways scroll, inputs at 16 px or more', async () => {
    const { page } = await open(await hub.token('department', 'sorting'), 'report', {
      viewport: { width: 390, height: 844 },
    });
    await page.locator('#grid-sorting tbody tr').first().waitFor({ timeout: 15_000 });
    await page.locator('#import-file').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const sizes = await page.locator('input, select, button').evaluateAll((els) =>
      els.map((e) => ({
        font: Number.parseFloat(getComputedStyle(e).fontSize),
        height: e.getBoundingClientRect().height,
      })),
    );
    expect(Math.min(...sizes.map((s) => s.font))).toBeGreaterThanOrEqual(16);
    // The navigation is on screen, not under the header.
    const nav = await page.locator('.nav').boundingBox();
    const title = await page.locator('.title').boundingBox();
    expect(nav!.y).toBeGreaterThanOrEqual(title!.y + title!.height - 1);
    await page.screenshot({ path: '/tmp/report-phone.png', fullPage: true });
  });

  it('keeps the screen light: its JavaScript ≤ 120 KB gzipped, the import code loaded only on the report page', async () => {
    const app = readFileSync(join(webRoot, 'app.js'), 'utf8');
    const statics = [...app.matchAll(/(?:from|import)\s*"\.\/(chunks\/[^"]+\.js)"/g)].map((m) => m[1]);
    const screenBytes = ['app.js', ...statics].reduce((n, f) => n + gzipSync(readFileSync(join(webRoot, f))).length, 0);
    expect(screenBytes).toBeLessThanOrEqual(120 * 1024);
    const chunks = readdirSync(join(webRoot, 'chunks'));
    const importChunks = chunks.filter((f) => /^(import-panel|papaparse|browser)\b.*\.js$/.test(f));
    expect(importChunks.length).toBe(3);
    for (const c of importChunks) expect(statics).not.toContain(`chunks/${c}`);

    const loaded = async (token: string, route: string, ready: string) => {
      const p = await signedInPage(browser, token);
      pages.push(p);
      const urls: string[] = [];
      p.page.on('request', (r) => urls.push(r.url()));
      await p.page.goto(`${hub.url}/#/${route}`);
      await p.page.locator(ready).first().waitFor({ timeout: 15_000 });
      return urls;
    };
    const screen = await loaded(await hub.token('screen'), 'screen', '.kpi-group');
    expect(screen.some((u) => /import-panel|papaparse/.test(u))).toBe(false);
    const report = await loaded(await hub.token('department', 'sorting'), 'report', '#import-file');
    expect(report.some((u) => /import-panel/.test(u))).toBe(true);
  });
});
