/**
 * One report form: fields from a spec, client checks, submit with an
 * idempotency key (new per submit, the same on a retry after a network
 * error), the server's error shown as sent, and the appended event shown
 * with old → new for a correction.
 */

import { renderChanges } from '../../diff.js';
import { h } from '../../dom.js';
import { cstFull, eventTypeName } from '../../format.js';
import { type GqlClient, GqlError, NetworkError } from '../../gql.js';
import { onLangChange, pick, t, tx } from '../../i18n.js';
import type { HubEvent } from '../../types.js';
import type { Problem } from './validate.js';

export interface Option {
  value: string;
  zh: string;
  en: string;
}

export interface FieldSpec {
  name: string;
  label: [string, string];
  kind: 'select' | 'date' | 'month' | 'number' | 'text';
  required?: boolean;
  step?: string;
  min?: number;
  max?: number;
  unit?: string;
  options?: Option[];
  initial?: string;
  hint?: [string, string];
}

export interface FormSpec {
  id: string;
  title: [string, string];
  mutation: string;
  resultField: string;
  fields: FieldSpec[];
  /** Values (strings from the inputs) → the mutation's input, without idempotencyKey. */
  toInput(values: Record<string, string>): Record<string, unknown>;
  check(input: Record<string, unknown>): Problem[];
}

type Control = HTMLInputElement | HTMLSelectElement;

export function reportForm(spec: FormSpec, gql: GqlClient): { el: HTMLElement; stop(): void } {
  const controls = new Map<string, Control>();
  const errors = new Map<string, HTMLElement>();
  const relabels: (() => void)[] = [];

  const fieldEls = spec.fields.map((f) => {
    const id = `${spec.id}-${f.name}`;
    const errId = `${id}-error`;
    let control: Control;
    if (f.kind === 'select') {
      const select = h('select', { id, name: f.name, required: f.required ?? false, 'aria-describedby': errId });
      if (!f.required) select.append(h('option', { value: '' }, '—'));
      for (const o of f.options ?? []) {
        const opt = h('option', { value: o.value });
        const label = () => {
          opt.textContent = pick(o.zh, o.en);
        };
        label();
        relabels.push(label);
        select.append(opt);
      }
      if (f.initial) select.value = f.initial;
      control = select;
    } else {
      const type = f.kind === 'text' ? 'text' : f.kind;
      control = h('input', {
        id,
        name: f.name,
        type,
        required: f.required ?? false,
        step: f.step,
        // No min/max attributes: the browser would block the submit before our (and the server's) checks speak.
        inputmode: f.kind === 'number' ? 'decimal' : undefined,
        'aria-describedby': errId,
        placeholder: f.kind === 'month' ? 'YYYY-MM' : f.kind === 'date' ? 'YYYY-MM-DD' : undefined,
      });
      if (f.initial) control.value = f.initial;
    }
    controls.set(f.name, control);
    const err = h('p', { class: 'field-error', id: errId, 'aria-live': 'polite' });
    errors.set(f.name, err);
    return h(
      'div',
      { class: 'field' },
      h(
        'label',
        { for: id },
        tx(...f.label),
        f.unit ? h('span', { class: 'unit' }, `（${f.unit}）`) : null,
        f.required ? h('span', { class: 'req', 'aria-hidden': 'true' }, ' *') : null,
      ),
      control,
      f.hint ? h('small', { class: 'hint' }, tx(...f.hint)) : null,
      err,
    );
  });

  const submit = h('button', { type: 'submit', class: 'primary' }, t('report.submit'));
  const retry = h('button', { type: 'button', class: 'secondary', hidden: true }, t('report.retry'));
  const outcome = h('div', { class: 'outcome', role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card report-form', id: spec.id, novalidate: true, 'aria-labelledby': `${spec.id}-title` },
    h('h2', { id: `${spec.id}-title` }, tx(...spec.title)),
    h('div', { class: 'fields' }, ...fieldEls),
    h('div', { class: 'actions' }, submit, retry),
    outcome,
  );

  /** The key of a submit that died on the network, kept while the values stay the same. */
  let pending: { key: string; body: string } | null = null;

  function values(): Record<string, string> {
    const v: Record<string, string> = {};
    for (const [name, c] of controls) v[name] = c.value.trim();
    return v;
  }

  function clearErrors() {
    for (const [name, el] of errors) {
      el.replaceChildren();
      controls.get(name)?.removeAttribute('aria-invalid');
    }
  }

  function fieldError(field: string, node: Node) {
    const name = field.replace(/^input\./, '');
    const el = errors.get(name);
    if (!el) return false;
    el.replaceChildren(node);
    controls.get(name)?.setAttribute('aria-invalid', 'true');
    return true;
  }

  async function send(fromRetry: boolean) {
    clearErrors();
    const input = spec.toInput(values());
    const problems = spec.check(input);
    if (problems.length > 0) {
      for (const p of problems) fieldError(p.field, tx(p.zh, p.en));
      outcome.replaceChildren(h('p', { class: 'error' }, t('report.fixFields')));
      controls.get(problems[0].field)?.focus();
      return;
    }
    const body = JSON.stringify(input);
    if (!pending || pending.body !== body || !fromRetry) {
      // A new submit gets a new key; only the retry button reuses the last one.
      pending = { key: crypto.randomUUID(), body };
    }
    const key = pending.key;
    submit.disabled = true;
    retry.hidden = true;
    outcome.replaceChildren(h('p', { class: 'muted' }, t('report.sending')));
    try {
      const data = await gql.request<Record<string, { event: HubEvent }>>(spec.mutation, {
        input: { ...input, idempotencyKey: key },
      });
      pending = null;
      showEvent(data[spec.resultField].event);
    } catch (err) {
      // Nothing was written, or we cannot know: offer a retry with the same key (the server deduplicates).
      if (err instanceof NetworkError || (err instanceof GqlError && err.code === 'BUSY')) {
        retry.hidden = false;
        outcome.replaceChildren(
          h('p', { class: 'error', role: 'alert' }, t('report.networkError'), ` ${err.message}`),
          h('p', { class: 'hint' }, t('report.retryHint'), h('code', {}, key)),
        );
      } else {
        pending = null;
        const e = err as GqlError;
        const code = e instanceof GqlError ? e.code : 'INTERNAL';
        const message = e.message;
        const field = e.errors?.[0]?.extensions?.field ?? /^(input\.[A-Za-z]+)/.exec(message)?.[1];
        if (field) fieldError(field, document.createTextNode(message));
        outcome.replaceChildren(
          h(
            'p',
            { class: 'error server-error', role: 'alert', 'data-code': code },
            h('span', { class: 'code' }, code),
            ' ',
            h('span', { class: 'server-message' }, message),
          ),
        );
      }
    } finally {
      submit.disabled = false;
    }
  }

  function showEvent(e: HubEvent) {
    outcome.replaceChildren(
      h(
        'div',
        { class: 'result', 'data-seq': e.seq },
        h(
          'p',
          { class: 'ok' },
          e.isCorrection ? t('report.corrected') : t('report.accepted'),
          ' ',
          h('strong', { class: 'seq' }, `#${e.seq}`),
          ' · ',
          eventTypeName(e.type),
          ` · ${e.entityId} · ${cstFull(e.at)}`,
        ),
        e.prev ? h('p', { class: 'muted' }, t('report.correctionOldNew')) : null,
        renderChanges(e.prev, e.data),
      ),
    );
  }

  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void send(false);
  });
  retry.addEventListener('click', () => void send(true));
  const off = onLangChange(() => {
    for (const r of relabels) r();
  });
  return { el: form, stop: off };
}
