/** old → new for an event: the fields whose value changed between `prev` and `data`. */
import { h } from './dom.js';

export interface FieldChange {
  field: string;
  old: unknown;
  new: unknown;
}

/** Identity fields (the entity's key) are the same on both sides and left out. */
export function changes(prev: Record<string, unknown> | null, data: Record<string, unknown>): FieldChange[] {
  const keys = [...new Set([...Object.keys(prev ?? {}), ...Object.keys(data)])];
  return keys
    .filter((k) => JSON.stringify(prev?.[k]) !== JSON.stringify(data[k]))
    .map((k) => ({ field: k, old: prev ? prev[k] : undefined, new: data[k] }));
}

const show = (v: unknown) => (v === undefined || v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** A compact list: field: old → new (or field: new for a first report). */
export function renderChanges(prev: Record<string, unknown> | null, data: Record<string, unknown>): HTMLElement {
  const list = changes(prev, data);
  return h(
    'ul',
    { class: 'changes' },
    ...list.map((c) =>
      h(
        'li',
        { 'data-field': c.field },
        h('span', { class: 'field' }, c.field),
        ': ',
        prev ? [h('del', { class: 'old' }, show(c.old)), h('span', { 'aria-hidden': 'true' }, ' → ')] : null,
        prev ? h('span', { class: 'visually-hidden' }, ' to ') : null,
        h('ins', { class: 'new' }, show(c.new)),
      ),
    ),
  );
}
