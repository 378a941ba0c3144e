/**
 * 审计 #/audit: a domain's log, newest first, filtered by dropdowns (event
 * type in words, street or project by name, actor), a free entity id, and
 * time (with presets), paged back through the whole log ("load more" passes
 * endSeq as `before`), with names beside codes, old → new and the hash per
 * event, an entity's whole history one click away, a hash-chain check
 * (verifyLog) and a CSV export of everything the filters match.
 */
import type { View } from '../../app-context.js';
import { renderChanges } from '../../diff.js';
import { h } from '../../dom.js';
import { cstFull, DOMAIN_NAMES, EVENT_TYPES_BY_DOMAIN, eventTypeName, eventTypeWords } from '../../format.js';
import { GqlError } from '../../gql.js';
import { onLangChange, pick, t, tx } from '../../i18n.js';
import { EVENTS, EXPORT_EVENTS } from '../../queries.js';
import type { Domain, HubEvent } from '../../types.js';
import { type ExportedEvent, eventsToCsv } from './csv.js';
import { type EntityNames, loadEntityNames } from './entity-names.js';
import { verifyPanel } from './verify-panel.js';

const PAGE = 50;
const DOMAINS: Domain[] = ['SORTING', 'CONSTRUCTION', 'HOUSING', 'REFERENCE'];

interface Page {
  endSeq: number | null;
  pageInfo: { hasNextPage: boolean };
  nodes: HubEvent[];
}

function input(id: string, label: [string, string], attrs: Record<string, string> = {}) {
  const el = h('input', { id, name: id.replace(/^audit-/, ''), type: 'text', ...attrs });
  return { el, field: h('div', { class: 'field' }, h('label', { for: id }, tx(...label)), el) };
}

export const auditView: View = (root, ctx) => {
  const domain = h('select', { id: 'audit-domain', name: 'domain' });
  const relabel = () => {
    domain.replaceChildren(...DOMAINS.map((d) => h('option', { value: d }, pick(...DOMAIN_NAMES[d]))));
  };
  relabel();
  const entity = input('audit-entity', ['对象（街道/项目编码或完整ID）', 'Entity (street/project code or full id)'], {
    placeholder: '410104001',
  });
  const actor = input('audit-actor', ['操作人', 'Actor'], { list: 'audit-actors' });
  const actors = h('datalist', { id: 'audit-actors' });
  const seenActors = new Set<string>();
  const type = h('select', { id: 'audit-type', name: 'type' });
  const subject = h('select', { id: 'audit-subject', name: 'subject' });
  let names: EntityNames | null = null;
  /** The dropdowns follow the domain and the language. */
  const fillDropdowns = () => {
    const d = domain.value as Domain;
    const keepType = type.value;
    type.replaceChildren(
      h('option', { value: '' }, pick('全部类型', 'All types')),
      ...EVENT_TYPES_BY_DOMAIN[d].map((k) => h('option', { value: k }, pick(...eventTypeWords(k)))),
    );
    type.value = EVENT_TYPES_BY_DOMAIN[d].includes(keepType) ? keepType : '';
    const keepSubject = subject.value;
    subject.replaceChildren(
      h('option', { value: '' }, pick('全部', 'All')),
      ...(names?.options(d) ?? []).map((o) => h('option', { value: o.code }, `${pick(o.zh, o.en)}（${o.code}）`)),
    );
    subject.value = keepSubject;
  };
  const presets = h(
    'div',
    { class: 'date-presets', role: 'group', 'aria-label': 'Presets' },
    ...(
      [
        ['今天', 'Today', 0],
        ['近7天', 'Last 7 days', 7],
        ['近30天', 'Last 30 days', 30],
        ['全部', 'All time', -1],
      ] as const
    ).map(([zh, en, days]) =>
      h('button', { type: 'button', class: 'secondary', 'data-preset': days, onclick: () => preset(days) }, tx(zh, en)),
    ),
  );
  const from = input('audit-from', ['起（时间）', 'From'], { type: 'datetime-local' });
  const to = input('audit-to', ['止（时间）', 'To'], { type: 'datetime-local' });
  const apply = h('button', { type: 'submit', class: 'primary' }, t('audit.search'));
  const exportButton = h('button', { type: 'button', class: 'secondary', 'data-action': 'export' }, t('audit.export'));
  const filters = h(
    'form',
    { class: 'card filters', 'aria-label': 'Filters' },
    h('div', { class: 'field' }, h('label', { for: 'audit-domain' }, t('audit.domain')), domain),
    h('div', { class: 'field' }, h('label', { for: 'audit-type' }, tx('事件类型', 'Event type')), type),
    h('div', { class: 'field' }, h('label', { for: 'audit-subject' }, tx('街道/项目', 'Street / project')), subject),
    entity.field,
    actor.field,
    actors,
    from.field,
    to.field,
    presets,
    h('div', { class: 'actions' }, apply, exportButton),
  );

  const tbody = h('tbody', {});
  const table = h(
    'table',
    { class: 'table audit-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...(['audit.seq', 'audit.time', 'audit.actor', 'audit.type', 'audit.entity', 'audit.change'] as const).map(
          (k) => h('th', { scope: 'col' }, t(k)),
        ),
        h('th', { scope: 'col' }, tx('哈希', 'Hash')),
      ),
    ),
    tbody,
  );
  const more = h('button', { type: 'button', class: 'secondary', hidden: true }, t('audit.loadMore'));
  const info = h('p', { class: 'muted', role: 'status' });
  const verify = verifyPanel(ctx.gql, () => domain.value as Domain);

  root.append(
    h(
      'div',
      { class: 'audit-page' },
      filters,
      verify.el,
      h('section', { class: 'card log', 'aria-label': 'Log' }, info, h('div', { class: 'table-scroll' }, table), more),
    ),
  );

  let before: number | null = null;
  let shown = 0;
  let generation = 0;

  const variables = () => {
    const iso = (v: string) => (v ? new Date(v).toISOString() : null);
    return {
      domain: domain.value,
      first: PAGE,
      newestFirst: true,
      before,
      entityId: entity.el.value.trim() || subject.value || null,
      actor: actor.el.value.trim() || null,
      type: type.value || null,
      from: iso(from.el.value),
      to: iso(to.el.value),
    };
  };

  function row(e: HubEvent): HTMLElement {
    const who = e.actorInfo;
    return h(
      'tr',
      { 'data-seq': e.seq, class: e.isCorrection ? 'correction' : '' },
      h('td', { class: 'num' }, String(e.seq)),
      h('td', {}, h('time', { datetime: e.at }, cstFull(e.at))),
      h(
        'td',
        {},
        h('span', {}, e.actor),
        who ? h('small', { class: 'actor-info' }, ` ${who.role.toLowerCase()}${who.dept ? `/${who.dept}` : ''}`) : null,
      ),
      h('td', {}, eventTypeName(e.type)),
      h('td', { class: 'entity' }, entityCell(e.entityId)),
      h('td', {}, renderChanges(e.prev, e.data)),
      h('td', { class: 'hash', title: e.hash ?? '' }, (e.hash ?? '').slice(0, 12)),
    );
  }

  function entityCell(id: string): (Node | string)[] {
    const name = names?.name(id);
    const history = h('button', { type: 'button', class: 'link-button', 'data-history': id }, tx('历史', 'History'));
    history.addEventListener('click', () => {
      entity.el.value = id;
      subject.value = '';
      void load(true);
    });
    return [name ? tx(...name) : '', h('small', { class: 'code' }, ` ${id}`), history];
  }

  function preset(days: number) {
    const local = (d: Date) => new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    const start = new Date();
    start.setHours(0, 0, 0, 0);
    start.setDate(start.getDate() - Math.max(0, days - 1));
    from.el.value = days < 0 ? '' : local(start);
    to.el.value = '';
    void load(true);
  }

  async function load(reset: boolean) {
    const gen = reset ? ++generation : generation;
    if (reset) {
      before = null;
      shown = 0;
      tbody.replaceChildren();
    }
    more.disabled = true;
    info.replaceChildren(t('audit.loading'));
    try {
      const { events } = await ctx.gql.request<{ events: Page }>(EVENTS, variables());
      if (gen !== generation) return;
      for (const e of events.nodes) {
        tbody.append(row(e));
        if (!seenActors.has(e.actor)) {
          seenActors.add(e.actor);
          actors.append(h('option', { value: e.actor }));
        }
      }
      shown += events.nodes.length;
      before = events.endSeq ?? before;
      more.hidden = !events.pageInfo.hasNextPage;
      info.replaceChildren(
        shown === 0 ? t('audit.empty') : tx(`已显示 ${shown} 条`, `${shown} events shown`),
        events.endSeq !== null ? tx(`（已检查到 #${events.endSeq}）`, ` (examined back to #${events.endSeq})`) : '',
      );
    } catch (err) {
      if (gen !== generation) return;
      const code = err instanceof GqlError ? `${err.code}: ` : '';
      info.replaceChildren(h('span', { class: 'error', role: 'alert' }, `${code}${(err as Error).message}`));
    } finally {
      more.disabled = false;
    }
  }

  filters.addEventListener('submit', (e) => {
    e.preventDefault();
    void load(true);
  });
  domain.addEventListener('change', () => {
    verify.clear();
    subject.value = '';
    fillDropdowns();
    void load(true);
  });
  more.addEventListener('click', () => void load(false));

  /** Pages through everything the filters match (500 at a time, progress shown) and downloads it. */
  async function exportCsv() {
    exportButton.disabled = true;
    const gen = generation;
    const events: ExportedEvent[] = [];
    let from: number | null = null;
    try {
      for (;;) {
        const page: { events: Page & { nodes: ExportedEvent[] } } = await ctx.gql.request(EXPORT_EVENTS, {
          ...variables(),
          newestFirst: false,
          before: null,
          after: from,
          first: 500,
        });
        events.push(...page.events.nodes);
        info.replaceChildren(tx(`正在导出：${events.length} 条…`, `Exporting: ${events.length} events…`));
        if (!page.events.pageInfo.hasNextPage || page.events.endSeq === null) break;
        from = page.events.endSeq;
      }
      const url = URL.createObjectURL(new Blob([eventsToCsv(events)], { type: 'text/csv;charset=utf-8' }));
      const link = h('a', { href: url, download: `guancheng-${domain.value.toLowerCase()}-log.csv` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      if (gen === generation)
        info.replaceChildren(tx(`已导出 ${events.length} 条`, `${events.length} events exported`));
    } catch (err) {
      const code = err instanceof GqlError ? `${err.code}: ` : '';
      info.replaceChildren(h('span', { class: 'error', role: 'alert' }, `${code}${(err as Error).message}`));
    } finally {
      exportButton.disabled = false;
    }
  }
  exportButton.addEventListener('click', () => void exportCsv());
  const off = onLangChange(() => {
    const v = domain.value;
    relabel();
    domain.value = v;
    fillDropdowns();
  });
  fillDropdowns();
  // Names arrive once; the first page does not wait for them.
  void loadEntityNames(ctx.gql)
    .then((n) => {
      names = n;
      fillDropdowns();
      for (const cell of tbody.querySelectorAll<HTMLElement>('td.entity')) {
        const id = cell.querySelector('[data-history]')?.getAttribute('data-history');
        if (id) cell.replaceChildren(...entityCell(id));
      }
    })
    .catch(() => {});
  void load(true);
  return off;
};
