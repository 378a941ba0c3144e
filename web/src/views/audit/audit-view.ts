/**
 * 审计 #/audit: a domain's log, filtered (entity, actor, type, from/to) and
 * paged by seq ("load more" passes endSeq as `after`), with old → new per
 * event, a hash-chain check (verifyLog) and a CSV export of everything the
 * filters match.
 */
import type { View } from '../../app-context.js';
import { renderChanges } from '../../diff.js';
import { h } from '../../dom.js';
import { cstFull, DOMAIN_NAMES, eventTypeName } from '../../format.js';
import { GqlError } from '../../gql.js';
import { onLangChange, pick, t, tx } from '../../i18n.js';
import { EVENTS, EXPORT_EVENTS } from '../../queries.js';
import type { Domain, HubEvent } from '../../types.js';
import { type ExportedEvent, eventsToCsv } from './csv.js';
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
  const actor = input('audit-actor', ['操作人（sub）', 'Actor (sub)']);
  const type = input('audit-type', ['事件类型', 'Event type'], { placeholder: 'SortingRateCorrected' });
  const from = input('audit-from', ['起（时间）', 'From'], { type: 'datetime-local' });
  const to = input('audit-to', ['止（时间）', 'To'], { type: 'datetime-local' });
  const apply = h('button', { type: 'submit', class: 'primary' }, t('audit.search'));
  const exportButton = h('button', { type: 'button', class: 'secondary', 'data-action': 'export' }, t('audit.export'));
  const filters = h(
    'form',
    { class: 'card filters', 'aria-label': 'Filters' },
    h('div', { class: 'field' }, h('label', { for: 'audit-domain' }, t('audit.domain')), domain),
    entity.field,
    actor.field,
    type.field,
    from.field,
    to.field,
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

  let after: number | null = null;
  let shown = 0;
  let generation = 0;

  const variables = () => {
    const iso = (v: string) => (v ? new Date(v).toISOString() : null);
    return {
      domain: domain.value,
      first: PAGE,
      after,
      entityId: entity.el.value.trim() || null,
      actor: actor.el.value.trim() || null,
      type: type.el.value.trim() || null,
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
      h('td', {}, eventTypeName(e.type), h('small', { class: 'type-code' }, e.type)),
      h('td', {}, h('code', {}, e.entityId)),
      h('td', {}, renderChanges(e.prev, e.data)),
    );
  }

  async function load(reset: boolean) {
    const gen = reset ? ++generation : generation;
    if (reset) {
      after = null;
      shown = 0;
      tbody.replaceChildren();
    }
    more.disabled = true;
    info.replaceChildren(t('audit.loading'));
    try {
      const { events } = await ctx.gql.request<{ events: Page }>(EVENTS, variables());
      if (gen !== generation) return;
      for (const e of events.nodes) tbody.append(row(e));
      shown += events.nodes.length;
      after = events.endSeq ?? after;
      more.hidden = !events.pageInfo.hasNextPage;
      info.replaceChildren(
        shown === 0 ? t('audit.empty') : tx(`已显示 ${shown} 条`, `${shown} events shown`),
        events.endSeq !== null ? tx(`（已检查至 #${events.endSeq}）`, ` (examined up to #${events.endSeq})`) : '',
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
  });
  void load(true);
  return off;
};
