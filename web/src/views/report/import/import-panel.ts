/**
 * 表格导入 for any department (its ImportSpec): download the template,
 * upload CSV or .xlsx, read the preview (each row valid / correction
 * old → new / unchanged / invalid with the reason), import the valid rows
 * with a progress bar, read the summary. Row keys come from the file's
 * content and line, so uploading the same file again appends nothing, and
 * after a tab closed halfway it sends only the rest. Loaded by the report
 * page on demand (its own chunk).
 */
import { h } from '../../../dom.js';
import { todayCst } from '../../../format.js';
import type { GqlClient } from '../../../gql.js';
import { pick, tx } from '../../../i18n.js';
import { sendRows } from '../grid/send-rows.js';
import { classifyRows, fileHash, fileKeys, type ImportEntity, type ImportRow, templateCsv } from './import-rows.js';
import { IMPORTS } from './import-specs.js';
import { readTable } from './read-table.js';

const VERDICT: Record<ImportRow['verdict'], [string, string]> = {
  valid: ['可导入', 'valid'],
  correction: ['更正', 'correction'],
  unchanged: ['已存在，跳过', 'already there'],
  invalid: ['有误', 'invalid'],
};

export function importPanel(gql: GqlClient, dept: keyof typeof IMPORTS): HTMLElement {
  const spec = IMPORTS[dept];
  let entities: Promise<ImportEntity[]> = spec.entities(gql);
  entities.catch(() => {}); // a failure shows when a file is read or the template asked for
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
          [spec.headers[0], spec.dept === 'sorting' ? 'Street' : 'Project'],
          [spec.headers[1], spec.keyKind === 'date' ? 'Date' : 'Month'],
          ...spec.columns.map((c) => c.label),
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
    const values = (o: Record<string, unknown> | undefined) => spec.compared.map((f) => o?.[f] ?? '—').join(' / ');
    if (r.old) text.push(`${values(r.old)} → ${values(r.input)}`);
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
          h('td', {}, r.entity ? `${pick(...r.entity.label)}（${r.entity.code}）` : '—'),
          h('td', {}, r.key ?? '—'),
          ...spec.columns.map((c) => h('td', { class: 'num' }, String(r.input?.[c.name] ?? '—'))),
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
      // Fresh entities each time: a housing project's latest count moves with every import.
      entities = spec.entities(gql);
      const known = await entities;
      const keys = fileKeys(spec, tableRows);
      const current = keys.length ? await spec.current(gql, known, keys) : new Map();
      rows = classifyRows(spec, tableRows, known, current, todayCst(), hash);
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
      spec.target,
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

  template.addEventListener('click', async () => {
    const key = spec.keyKind === 'date' ? todayCst() : todayCst().slice(0, 7);
    const csv = templateCsv(spec, await entities, key);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = h('a', { href: url, download: spec.templateName });
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
        `按模板填写：${spec.headers[0]}可填名称或编码，${spec.headers[1]}为 ${spec.keyKind === 'date' ? 'YYYY-MM-DD' : 'YYYY-MM'}。同一文件重复上传不会重复记录。`,
        `Fill in the template: ${spec.dept === 'sorting' ? 'streets' : 'projects'} by name or code, ${spec.keyKind === 'date' ? 'dates as YYYY-MM-DD' : 'months as YYYY-MM'}. Uploading the same file again records nothing twice.`,
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
