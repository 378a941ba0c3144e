/**
 * 表格导入: download the template, upload CSV or .xlsx, read the preview
 * (each row valid / correction old → new / unchanged / invalid with the
 * reason), import the valid rows with a progress bar, read the summary.
 * Row keys come from the file's content and line, so uploading the same
 * file again appends nothing, and after a tab closed halfway it sends only
 * the rest. Loaded by the report page on demand (its own chunk).
 */
import { h } from '../../../dom.js';
import { todayCst } from '../../../format.js';
import type { GqlClient } from '../../../gql.js';
import { pick, tx } from '../../../i18n.js';
import type { Street } from '../../../types.js';
import { SORTING_TARGET } from '../grid/grid-specs.js';
import { sendRows } from '../grid/send-rows.js';
import { currentRates } from './current-rates.js';
import { readTable } from './read-table.js';
import { classifyRows, fileHash, type ImportRow, mapHeaders, normalizeDate, templateCsv } from './sorting-import.js';

const VERDICT: Record<ImportRow['verdict'], [string, string]> = {
  valid: ['可导入', 'valid'],
  correction: ['更正', 'correction'],
  unchanged: ['已存在，跳过', 'already there'],
  invalid: ['有误', 'invalid'],
};

export function importPanel(gql: GqlClient, streets: Street[]): HTMLElement {
  const file = h('input', {
    type: 'file',
    id: 'import-file',
    accept: '.csv,.xlsx',
    'aria-label': '选择文件 Choose a file',
  });
  const template = h(
    'button',
    { type: 'button', class: 'secondary' },
    tx('下载模板（CSV）', 'Download the template (CSV)'),
  );
  const run = h('button', { type: 'button', class: 'primary', hidden: true, 'data-action': 'import' });
  const progress = h('progress', { max: 1, value: 0, hidden: true });
  const status = h('p', { class: 'import-status', role: 'status', 'aria-live': 'polite' });
  const tbody = h('tbody', {});
  const table = h(
    'table',
    { class: 'table import-preview', hidden: true },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...[
          ['行', 'Line'],
          ['街道', 'Street'],
          ['日期', 'Date'],
          ['覆盖率 %', 'Coverage %'],
          ['资源化利用率 %', 'Recovery %'],
          ['结果', 'Verdict'],
        ].map(([zh, en]) => h('th', { scope: 'col' }, tx(zh, en))),
      ),
    ),
    tbody,
  );
  let rows: ImportRow[] = [];
  const rowEls = new Map<number, HTMLElement>();

  function verdictCell(r: ImportRow): HTMLElement {
    const text = [pick(...VERDICT[r.verdict])];
    if (r.old)
      text.push(`${r.old.coverageRate} / ${r.old.recoveryRate} → ${r.input?.coverageRate} / ${r.input?.recoveryRate}`);
    text.push(...r.reasons.map((x) => pick(x.zh, x.en)));
    return h('td', { class: 'verdict' }, text.join('：'));
  }

  function showPreview() {
    rowEls.clear();
    tbody.replaceChildren(
      ...rows.map((r) => {
        const tr = h(
          'tr',
          { 'data-line': r.line, 'data-verdict': r.verdict },
          h('td', { class: 'num' }, String(r.line)),
          h('td', {}, r.street ? `${pick(r.street.name, r.street.nameEn)}（${r.street.code}）` : '—'),
          h('td', {}, r.date ?? '—'),
          h('td', { class: 'num' }, String(r.input?.coverageRate ?? '—')),
          h('td', { class: 'num' }, String(r.input?.recoveryRate ?? '—')),
          verdictCell(r),
        );
        rowEls.set(r.line, tr);
        return tr;
      }),
    );
    table.hidden = false;
    const count = (v: ImportRow['verdict']) => rows.filter((r) => r.verdict === v).length;
    const sendable = count('valid') + count('correction');
    status.replaceChildren(
      tx(
        `共 ${rows.length} 行：可导入 ${count('valid')}，更正 ${count('correction')}，已存在 ${count('unchanged')}，有误 ${count('invalid')}`,
        `${rows.length} rows: ${count('valid')} valid, ${count('correction')} corrections, ${count('unchanged')} already there, ${count('invalid')} invalid`,
      ),
    );
    status.dataset.counts = JSON.stringify({
      valid: count('valid'),
      correction: count('correction'),
      unchanged: count('unchanged'),
      invalid: count('invalid'),
    });
    run.replaceChildren(tx(`导入 ${sendable} 行`, `Import ${sendable} rows`));
    run.hidden = sendable === 0;
  }

  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    status.replaceChildren(tx('正在读取…', 'Reading…'));
    table.hidden = true;
    run.hidden = true;
    try {
      const bytes = await f.arrayBuffer();
      const [tableRows, hash] = await Promise.all([readTable(f.name, bytes), fileHash(bytes)]);
      const today = todayCst();
      const dateAt = mapHeaders(tableRows[0] ?? []).date;
      const iso = tableRows
        .slice(1)
        .map((r) => normalizeDate(r[dateAt] ?? ''))
        .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
        .sort();
      const codes = streets.map((s) => s.code);
      const current = iso.length ? await currentRates(gql, codes, iso[0], iso[iso.length - 1]) : new Map();
      rows = classifyRows(tableRows, streets, current, today, hash);
      showPreview();
    } catch (err) {
      status.replaceChildren(h('span', { class: 'error', role: 'alert' }, (err as Error).message));
    }
  });

  run.addEventListener('click', async () => {
    const todo = rows.filter((r) => r.verdict === 'valid' || r.verdict === 'correction');
    run.hidden = true;
    file.disabled = true;
    progress.hidden = false;
    progress.max = todo.length;
    progress.value = 0;
    let done = 0;
    let failed = 0;
    const started = performance.now();
    await sendRows(
      gql,
      SORTING_TARGET,
      todo.map((r) => ({ input: r.input!, idempotencyKey: r.idempotencyKey })),
      (i, o) => {
        const r = todo[i];
        const tr = rowEls.get(r.line);
        if (o.ok) done++;
        else failed++;
        tr?.setAttribute('data-result', o.ok ? 'saved' : 'error');
        tr?.querySelector('.verdict')?.replaceChildren(
          o.ok ? `#${o.event.seq} ${pick('已导入', 'imported')}` : `${pick('失败', 'failed')}：${o.message}`,
        );
        progress.value = done + failed;
      },
    );
    const seconds = (performance.now() - started) / 1000;
    file.disabled = false;
    status.replaceChildren(
      h(
        'span',
        { class: 'import-summary', 'data-done': done, 'data-failed': failed },
        tx(
          `导入完成：成功 ${done} 行，失败 ${failed} 行，用时 ${seconds.toFixed(1)} 秒`,
          `Import finished: ${done} rows imported, ${failed} failed, in ${seconds.toFixed(1)} s`,
        ),
      ),
    );
  });

  template.addEventListener('click', () => {
    const url = URL.createObjectURL(new Blob([templateCsv(streets, todayCst())], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: '垃圾分类填报模板.csv' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  });

  return h(
    'section',
    { class: 'card import-panel', 'aria-labelledby': 'import-title' },
    h('h2', { id: 'import-title' }, tx('表格导入（CSV / Excel）', 'Spreadsheet import (CSV / Excel)')),
    h(
      'p',
      { class: 'hint' },
      tx(
        '按模板填写：街道可填名称或编码，日期为 YYYY-MM-DD。同一文件重复上传不会重复记录。',
        'Fill in the template: streets by name or code, dates as YYYY-MM-DD. Uploading the same file again records nothing twice.',
      ),
    ),
    h(
      'div',
      { class: 'actions' },
      template,
      h('label', { for: 'import-file', class: 'file-label' }, tx('选择文件', 'Choose a file')),
      file,
    ),
    status,
    progress,
    run,
    h('div', { class: 'table-scroll' }, table),
  );
}
