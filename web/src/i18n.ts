/**
 * Chinese by default, English on demand. Labels are rendered in both languages
 * (<span data-l="zh"> / <span data-l="en">) and CSS shows the current one, so
 * switching is instant and keeps live state (ticker, chart) intact. Strings
 * that cannot hold markup (option text, placeholders) use `ts` and re-label
 * on `onLangChange`.
 */
import { DICT, type Key } from './i18n-dict.js';

export type Lang = 'zh' | 'en';
const STORAGE_KEY = 'guancheng.lang';
const listeners = new Set<(lang: Lang) => void>();

let current: Lang = readStoredLang();

function readStoredLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

export function lang(): Lang {
  return current;
}

export function setLang(next: Lang): void {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // private mode: the choice lasts for this page only
  }
  applyLang();
  for (const l of listeners) l(next);
}

export function applyLang(): void {
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
  document.documentElement.dataset.lang = current;
}

export function onLangChange(cb: (lang: Lang) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Both languages of a pair as nodes; CSS shows the current one. */
export function tx(zh: string, en: string): DocumentFragment {
  const f = document.createDocumentFragment();
  const a = document.createElement('span');
  a.dataset.l = 'zh';
  a.lang = 'zh-CN';
  a.textContent = zh;
  const b = document.createElement('span');
  b.dataset.l = 'en';
  b.lang = 'en';
  b.textContent = en;
  f.append(a, b);
  return f;
}

/** A dictionary label in both languages. */
export function t(key: Key): DocumentFragment {
  const [zh, en] = DICT[key];
  return tx(zh, en);
}

/** A dictionary label as a string in the current language. */
export function ts(key: Key): string {
  return DICT[key][current === 'zh' ? 0 : 1];
}

/** A pair as a string in the current language. */
export function pick(zh: string, en: string): string {
  return current === 'zh' ? zh : en;
}
