/**
 * The spreadsheet import of sorting figures, as pure functions (the browser
 * and the benchmark run the same code): the template, header matching,
 * street names or codes, the client checks, and each row's verdict against
 * the values the hub holds: valid (new), correction (old → new), unchanged
 * (already there: a re-upload sends nothing) or invalid with the reason.
 */
import { sortingSanity } from '../../../../../schema/model/sanity.js';
import type { Street } from '../../../types.js';
import { checkSorting, SORTING_COLUMNS, sortingInput } from '../grid/grid-specs.js';

/** The template's headers, in order; the import also accepts English names and codes. */
export const TEMPLATE_HEADERS = [
  '街道',
  '日期',
  '分类覆盖率(%)',
  '资源化利用率(%)',
  '小区总数',
  '开展分类小区数',
  '总户数',
  '参与分类户数',
];

const HEADER_MATCH: [RegExp, string][] = [
  [/^(街道|street)/i, 'street'],
  [/^(日期|date)/i, 'date'],
  [/(覆盖率|coverage)/i, 'coverageRate'],
  [/(资源化|回收|recovery)/i, 'recoveryRate'],
  [/^(开展分类小区|分类小区|compoundssorting)/i, 'compoundsSorting'],
  [/^(小区总数|小区数|compoundstotal|compounds)/i, 'compoundsTotal'],
  [/^(参与分类户|参与户|householdssorting)/i, 'householdsSorting'],
  [/^(总户数|户数|householdstotal|households)/i, 'householdsTotal'],
];

export type RowVerdict = 'valid' | 'correction' | 'unchanged' | 'invalid';

export interface ImportRow {
  /** Line in the file (the header is line 1). */
  line: number;
  verdict: RowVerdict;
  street?: Street;
  date?: string;
  input?: Record<string, unknown>;
  /** For a correction: the value it replaces. */
  old?: { coverageRate: number; recoveryRate: number };
  /** Why a row is invalid, or what to check in a valid one. */
  reasons: { zh: string; en: string }[];
  idempotencyKey: string;
}

export type CurrentRates = Map<string, { coverageRate: number; recoveryRate: number }>;

/** Column index per field, from the header row; throws naming what is missing. */
export function mapHeaders(header: string[]): Record<string, number> {
  const at: Record<string, number> = {};
  header.forEach((raw, i) => {
    const name = raw.replace(/[\s（）()%％]/g, '');
    const hit = HEADER_MATCH.find(([re, field]) => re.test(name) && at[field] === undefined);
    if (hit) at[hit[1]] = i;
  });
  const missing = ['street', 'date', 'coverageRate', 'recoveryRate'].filter((f) => at[f] === undefined);
  if (missing.length)
    throw new Error(
      `表头缺少：${missing.map((f) => TEMPLATE_HEADERS[['street', 'date', 'coverageRate', 'recoveryRate'].indexOf(f)]).join('、')}` +
        `（请使用模板）/ missing columns: ${missing.join(', ')} (use the template)`,
    );
  return at;
}

/** A street by code, full name, name without 街道, or English name. */
export function streetFinder(streets: Street[]): (cell: string) => Street | undefined {
  const by = new Map<string, Street>();
  for (const s of streets) {
    for (const k of [s.code, s.name, s.name.replace(/街道$/, ''), s.nameEn.toLowerCase()]) by.set(k, s);
  }
  return (cell) => by.get(cell.trim()) ?? by.get(cell.trim().toLowerCase());
}

/** Dates as spreadsheets write them (2026/12/1, 2026-12-01, 2026年12月1日) to YYYY-MM-DD. */
export function normalizeDate(cell: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cell.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : cell.trim();
}

/** The key of a row: the same file's same row is the same report, however often it is uploaded. */
export const rowKey = (fileHash: string, line: number) => `import:${fileHash.slice(0, 24)}:${line}`;

export function classifyRows(
  table: string[][],
  streets: Street[],
  current: CurrentRates,
  today: string,
  fileHash: string,
): ImportRow[] {
  const [header, ...body] = table;
  const at = mapHeaders(header ?? []);
  const find = streetFinder(streets);
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const cell = (f: string) => (at[f] === undefined ? '' : (cells[at[f]] ?? '').trim().replace(/[%％]$/, ''));
    const row: ImportRow = { line, verdict: 'invalid', reasons: [], idempotencyKey: rowKey(fileHash, line) };
    rows.push(row);
    const street = find(cell('street'));
    const date = normalizeDate(cell('date'));
    if (!street) {
      row.reasons.push({ zh: `没有名为“${cell('street')}”的街道`, en: `unknown street "${cell('street')}"` });
      return;
    }
    row.street = street;
    row.date = date;
    const values = Object.fromEntries(SORTING_COLUMNS.map((c) => [c.name, cell(c.name)]));
    const input = sortingInput(street.code, date, values);
    const problems = checkSorting(input, today);
    if (problems.length) {
      const label = (f: string) => SORTING_COLUMNS.find((c) => c.name === f)?.label ?? ['日期', 'date'];
      row.reasons.push(
        ...problems.map((p) => ({ zh: `${label(p.field)[0]}${p.zh}`, en: `${label(p.field)[1]} ${p.en}` })),
      );
      return;
    }
    const entity = `${street.code}:${date}`;
    const earlier = seen.get(entity);
    if (earlier !== undefined) {
      row.reasons.push({ zh: `与第 ${earlier} 行重复`, en: `same street and day as line ${earlier}` });
      return;
    }
    seen.set(entity, line);
    row.input = input;
    const old = current.get(entity);
    const next = { coverageRate: input.coverageRate as number, recoveryRate: input.recoveryRate as number };
    if (old && old.coverageRate === next.coverageRate && old.recoveryRate === next.recoveryRate) {
      row.verdict = 'unchanged';
      return;
    }
    row.verdict = old ? 'correction' : 'valid';
    if (old) row.old = old;
    row.reasons.push(...sortingSanity(old ?? null, next).map((f) => ({ zh: f.zh, en: f.en })));
  });
  return rows;
}

/** The template as CSV (with a BOM so Excel reads the Chinese headers), one example row per street. */
export function templateCsv(streets: Street[], date: string): string {
  const lines = [TEMPLATE_HEADERS.join(','), ...streets.map((s) => [s.name, date, '', '', '', '', '', ''].join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** SHA-256 of the file's bytes, hex. */
export async function fileHash(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
