/**
 * An entry grid: one key (date or month), one row per street or project,
 * prefilled with what that key already holds (the latest values of another
 * day as placeholders). Keyboard first: Enter / ↓ / ↑ move down and up a
 * column, Tab across; a block pasted from a spreadsheet fills the cells from
 * the one pasted into. Only changed rows are sent, each as its own idempotent
 * report; a correction shows old → new before it is sent and must be
 * confirmed, as must a figure the sanity checks question.
 */
import { h } from '../../../dom.js';
import { todayCst } from '../../../format.js';
import type { GqlClient } from '../../../gql.js';
import { pick, tx } from '../../../i18n.js';
import type { GridRow, GridSpec } from './grid-specs.js';
import { type RowOutcome, sendRows } from './send-rows.js';

interface RowState {
  row: GridRow;
  tr: HTMLTableRowElement;
  cells: HTMLInputElement[];
  status: HTMLElement;
  /** The key of a send whose answer never came: reused while the values stay the same. */
  pending: { key: string; body: string } | null;
}

type Plan = { state: RowState; input: Record<string, unknown>; notes: string[] };

export function entryGrid(spec: GridSpec, gql: GqlClient): { el: HTMLElement; stop(): void } {
  const today = todayCst();
  const keyInput = h('input', {
    id: `${spec.id}-key`,
    type: spec.keyKind,
    value: spec.keyKind === 'date' ? today : today.slice(0, 7),
  });
  const tbody = h('tbody', {});
  const submit = h(
    'button',
    { type: 'button', class: 'primary', 'data-action': 'submit-grid' },
    tx('提交改动的行', 'Submit changed rows'),
  );
  const confirmBar = h('div', { class: 'confirm-bar', hidden: true, role: 'alertdialog' });
  const summary = h('p', { class: 'grid-summary', role: 'status', 'aria-live': 'polite' });
  const el = h(
    'section',
    { class: 'card entry-grid', id: spec.id, 'aria-labelledby': `${spec.id}-title` },
    h('h2', { id: `${spec.id}-title` }, tx(...spec.title)),
    h('div', { class: 'field grid-key' }, h('label', { for: keyInput.id }, tx(...spec.keyLabel)), keyInput),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'table grid-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, tx('名称', 'Name')),
            ...spec.columns.map((c) => h('th', { scope: 'col' }, tx(...c.label))),
            h('th', { scope: 'col' }, tx('状态', 'Status')),
          ),
        ),
        tbody,
      ),
    ),
    h('div', { class: 'actions' }, submit),
    confirmBar,
    summary,
  );
  let states: RowState[] = [];
  let generation = 0;

  const values = (s: RowState) => Object.fromEntries(spec.columns.map((c, i) => [c.name, s.cells[i].value.trim()]));
  const label = (name: string) => spec.columns.find((c) => c.name === name)?.label ?? [name, name];

  /** Fields whose value differs from what the key holds (annotations never count). */
  function changed(s: RowState): string[] {
    const v = values(s);
    return spec.columns
      .filter((c) => !c.annotation)
      .filter((c) => (s.row.current ? v[c.name] !== (s.row.current[c.name] ?? '') : v[c.name] !== ''))
      .map((c) => c.name);
  }

  function preview(s: RowState) {
    const fields = changed(s);
    s.tr.dataset.state = fields.length === 0 ? 'unchanged' : s.row.current ? 'correction' : 'new';
    if (fields.length === 0) s.status.replaceChildren();
    else if (s.row.current) s.status.replaceChildren(tx('将更正：', 'Will correct: '), oldNew(s, fields));
    else s.status.replaceChildren(tx('待提交', 'To send'));
  }

  function oldNew(s: RowState, fields: string[]): string {
    const v = values(s);
    return fields.map((f) => `${pick(...label(f))} ${s.row.current?.[f] || '—'} → ${v[f] || '—'}`).join('；');
  }

  function move(from: RowState, col: number, by: number) {
    const i = states.indexOf(from) + by;
    const target = states[i]?.cells[col];
    if (target) {
      target.focus();
      target.select();
    }
  }

  /** A tab-separated block (what spreadsheets copy) fills the grid from the cell it is pasted into. */
  function pasteBlock(at: RowState, col: number, text: string): boolean {
    const lines = text.replace(/\r/g, '').replace(/\n$/, '').split('\n');
    if (lines.length < 2 && !lines[0]?.includes('\t')) return false;
    const start = states.indexOf(at);
    lines.forEach((line, r) => {
      const s = states[start + r];
      if (!s) return;
      line.split('\t').forEach((cell, c) => {
        const input = s.cells[col + c];
        if (input) input.value = cell.trim().replace(/%$/, '');
      });
      preview(s);
    });
    return true;
  }

  function render(rows: GridRow[]) {
    states = rows.map((row) => {
      const cells = spec.columns.map((c) =>
        h('input', {
          type: 'text',
          inputmode: c.kind === 'number' ? 'decimal' : undefined,
          'aria-label': `${row.label[0]} ${c.label[0]}`,
          'data-col': c.name,
          value: row.current?.[c.name] ?? '',
          placeholder: row.current ? undefined : (row.latest?.[c.name] ?? undefined),
        }),
      );
      const status = h('td', { class: 'row-status', 'aria-live': 'polite' });
      const tr = h(
        'tr',
        { 'data-code': row.code },
        h('th', { scope: 'row' }, tx(...row.label), h('small', { class: 'code' }, ` ${row.code}`)),
        ...cells.map((c) => h('td', {}, c)),
        status,
      );
      const s: RowState = { row, tr, cells, status, pending: null };
      cells.forEach((cell, col) => {
        cell.addEventListener('input', () => preview(s));
        cell.addEventListener('keydown', (e) => {
          if (e.key === 'Enter' || e.key === 'ArrowDown') move(s, col, 1);
          else if (e.key === 'ArrowUp') move(s, col, -1);
          else return;
          e.preventDefault();
        });
        cell.addEventListener('paste', (e) => {
          if (pasteBlock(s, col, e.clipboardData?.getData('text/plain') ?? '')) e.preventDefault();
        });
      });
      return s;
    });
    tbody.replaceChildren(...states.map((s) => s.tr));
  }

  async function load() {
    const gen = ++generation;
    summary.replaceChildren(tx('正在加载…', 'Loading…'));
    confirmBar.hidden = true;
    try {
      const rows = await spec.load(gql, keyInput.value);
      if (gen !== generation) return;
      render(rows);
      const missing = rows.filter((r) => !r.current).length;
      summary.replaceChildren(
        missing === 0
          ? tx('本期全部已填报', 'Everything is reported for this key')
          : tx(`${missing} 行尚未填报`, `${missing} rows not reported yet`),
      );
    } catch (err) {
      if (gen === generation)
        summary.replaceChildren(h('span', { class: 'error', role: 'alert' }, (err as Error).message));
    }
  }

  /** Checks every changed row; returns what may be sent and what needs a confirmation first. */
  function plan(): { send: Plan[]; confirm: string[] } {
    const send: Plan[] = [];
    const confirm: string[] = [];
    for (const s of states) {
      const fields = changed(s);
      if (fields.length === 0) continue;
      const input = spec.toInput(s.row, keyInput.value, values(s));
      const problems = spec.check(input, today, s.row);
      const findings = problems.length ? [] : spec.sanity(s.row, keyInput.value, input);
      const blocking = findings.filter((f) => f.needsReason && !input.correctionReason);
      if (problems.length || blocking.length) {
        s.tr.dataset.state = 'error';
        s.status.replaceChildren(
          h('span', { class: 'error' }, tx('错误：', 'Error: ')),
          problems.map((p) => `${pick(...label(p.field))} ${pick(p.zh, p.en)}`).join('；') ||
            blocking.map((f) => pick(f.zh, f.en)).join('；'),
        );
        continue;
      }
      const notes = findings.map((f) => pick(f.zh, f.en));
      if (s.row.current) notes.unshift(`${pick(...s.row.label)}：${oldNew(s, fields)}`);
      else if (notes.length) notes[0] = `${pick(...s.row.label)}：${notes[0]}`;
      confirm.push(...notes);
      send.push({ state: s, input, notes });
    }
    return { send, confirm };
  }

  async function sendPlanned(send: Plan[]) {
    confirmBar.hidden = true;
    submit.disabled = true;
    let saved = 0;
    let failed = 0;
    const rows = send.map((p) => {
      const body = JSON.stringify(p.input);
      if (p.state.pending?.body !== body) p.state.pending = { key: crypto.randomUUID(), body };
      p.state.status.replaceChildren(tx('提交中…', 'Sending…'));
      return { input: p.input, idempotencyKey: p.state.pending.key };
    });
    await sendRows(gql, spec.target, rows, (i, outcome: RowOutcome) => {
      const s = send[i].state;
      if (outcome.ok) {
        saved++;
        const e = outcome.event;
        const fields = changed(s);
        const words = s.row.current ? oldNew(s, fields) : '';
        s.pending = null;
        s.row.current = values(s);
        s.tr.dataset.state = e.isCorrection ? 'corrected' : 'saved';
        s.tr.dataset.seq = String(e.seq);
        s.status.replaceChildren(
          h('span', { class: 'ok' }, e.isCorrection ? tx('已更正', 'Corrected') : tx('已保存', 'Saved')),
          ` #${e.seq}`,
          words ? `：${words}` : '',
        );
      } else {
        failed++;
        if (!outcome.retryable) s.pending = null;
        s.tr.dataset.state = 'error';
        s.status.replaceChildren(h('span', { class: 'error' }, tx('错误：', 'Error: ')), outcome.message);
      }
    });
    submit.disabled = false;
    summary.replaceChildren(tx(`已保存 ${saved} 行，失败 ${failed} 行`, `${saved} rows saved, ${failed} failed`));
  }

  submit.addEventListener('click', () => {
    const { send, confirm } = plan();
    if (send.length === 0) {
      summary.replaceChildren(tx('没有可提交的改动', 'Nothing changed to send'));
      return;
    }
    if (confirm.length === 0) return void sendPlanned(send);
    const ok = h('button', { type: 'button', class: 'primary', 'data-action': 'confirm' }, tx('确认提交', 'Confirm'));
    const cancel = h('button', { type: 'button', class: 'secondary' }, tx('返回修改', 'Back'));
    ok.addEventListener('click', () => void sendPlanned(send));
    cancel.addEventListener('click', () => {
      confirmBar.hidden = true;
    });
    confirmBar.replaceChildren(
      h('p', {}, tx('以下改动会覆盖现有数据或需要核实，请确认：', 'These change existing figures or need a check:')),
      h('ul', {}, ...confirm.map((c) => h('li', {}, c))),
      h('div', { class: 'actions' }, ok, cancel),
    );
    confirmBar.hidden = false;
    ok.focus();
  });
  keyInput.addEventListener('change', () => void load());
  void load();
  return { el, stop: () => generation++ };
}
