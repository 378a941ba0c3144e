/**
 * The spreadsheet import of any department, as pure functions (the browser
 * and the benchmark run the same code): header matching, entity names or
 * codes, the client checks, and each row's verdict against the values the
 * hub holds: valid (new), correction (old → new), unchanged (already there:
 * a re-upload sends nothing) or invalid with the reason. What differs per
 * department (columns, entities, checks, what the hub holds) is its
 * ImportSpec (import-specs.ts).
 */
import type { SanityFinding } from '../../../../../schema/model/sanity.js';
import type { GqlClient } from '../../../gql.js';
import type { ReportTarget } from '../grid/send-rows.js';
import type { Problem } from '../validate.js';

/** A street or project as a file may name it. */
export interface ImportEntity {
  code: string;
  label: [string, string];
  /** Every spelling a file may use: code, name, short name, English name. */
  names: string[];
  /** A housing project's units (the sanity checks need them). */
  total?: number;
  /** The latest report before this import (housing: the count and its date). */
  latest?: { value: number; date: string | null };
}

/** What the hub holds per `${code}:${key}`, as the values the file would have to repeat to be "unchanged". */
export type CurrentValues = Map<string, Record<string, number | string>>;

export interface ImportSpec {
  dept: 'sorting' | 'construction' | 'housing';
  /** The template's file name and headers, in order; the first two are the entity and the key. */
  templateName: string;
  headers: string[];
  /** Header (spaces, brackets and % removed) → field; the first match of a field wins. */
  headerMatch: [RegExp, string][];
  keyKind: 'date' | 'month';
  /** The value columns the preview shows, with their labels. */
  columns: { name: string; label: [string, string] }[];
  /** Fields compared with what the hub holds (old → new shows them). */
  compared: string[];
  target: ReportTarget;
  unknownEntity(cell: string): { zh: string; en: string };
  entities(gql: GqlClient): Promise<ImportEntity[]>;
  toInput(code: string, key: string, values: Record<string, string>): Record<string, unknown>;
  check(input: Record<string, unknown>, today: string, entity: ImportEntity): Problem[];
  current(gql: GqlClient, entities: ImportEntity[], keys: string[]): Promise<CurrentValues>;
  /** Findings against the entity's latest (earlier rows of the file included); needsReason ones need a reason. */
  sanity(
    entity: ImportEntity,
    key: string,
    input: Record<string, unknown>,
    old: Record<string, unknown> | null,
  ): SanityFinding[];
  /** The entity's latest once this row is in (housing: a later day's count), for the rows after it. */
  advance?(key: string, input: Record<string, unknown>): { value: number; date: string };
}

export type RowVerdict = 'valid' | 'correction' | 'unchanged' | 'invalid';

export interface ImportRow {
  /** Line in the file (the header is line 1). */
  line: number;
  verdict: RowVerdict;
  entity?: ImportEntity;
  key?: string;
  input?: Record<string, unknown>;
  /** For a correction: the value it replaces. */
  old?: Record<string, number | string>;
  /** Why a row is invalid, or what to check in a valid one. */
  reasons: { zh: string; en: string }[];
  idempotencyKey: string;
}

const KEY_FIELD = { date: 'date', month: 'period' } as const;

/** Column index per field, from the header row; throws naming what is missing. */
export function mapHeaders(spec: ImportSpec, header: string[]): Record<string, number> {
  const at: Record<string, number> = {};
  header.forEach((raw, i) => {
    const name = raw.replace(/[\s（）()%％]/g, '');
    const hit = spec.headerMatch.find(([re, field]) => re.test(name) && at[field] === undefined);
    if (hit) at[hit[1]] = i;
  });
  const required = ['entity', KEY_FIELD[spec.keyKind], ...spec.compared];
  const missing = required.filter((f) => at[f] === undefined);
  if (missing.length) {
    const zh = missing.map((f) =>
      f === 'entity'
        ? spec.headers[0]
        : f === KEY_FIELD[spec.keyKind]
          ? spec.headers[1]
          : (spec.columns.find((c) => c.name === f)?.label[0] ?? f),
    );
    throw new Error(
      `表头缺少：${zh.join('、')}（请使用模板）/ missing columns: ${missing.join(', ')} (use the template)`,
    );
  }
  return at;
}

/** An entity by any of its names; a cell is trimmed, and matched case-insensitively as a last resort. */
export function entityFinder(entities: ImportEntity[]): (cell: string) => ImportEntity | undefined {
  const by = new Map<string, ImportEntity>();
  for (const e of entities)
    for (const k of e.names) {
      by.set(k, e);
      by.set(k.toLowerCase(), e);
    }
  return (cell) => by.get(cell.trim()) ?? by.get(cell.trim().toLowerCase());
}

/** Dates as spreadsheets write them (2026/12/1, 2026-12-01, 2026年12月1日) to YYYY-MM-DD. */
export function normalizeDate(cell: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(cell.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}` : cell.trim();
}

/** Months as spreadsheets write them (2026/3, 2026-03, 2026年3月, or a date in the month) to YYYY-MM. */
export function normalizeMonth(cell: string): string {
  const m = /^(\d{4})[-/.年](\d{1,2})(月|[-/.]\d{1,2}日?)?$/.exec(cell.trim());
  return m ? `${m[1]}-${m[2].padStart(2, '0')}` : cell.trim();
}

export const normalizeKey = (spec: ImportSpec, cell: string) =>
  spec.keyKind === 'date' ? normalizeDate(cell) : normalizeMonth(cell);

/** The keys (dates or months) a file covers, sorted: what to ask the hub about. */
export function fileKeys(spec: ImportSpec, table: string[][]): string[] {
  const at = mapHeaders(spec, table[0] ?? [])[KEY_FIELD[spec.keyKind]];
  const shape = spec.keyKind === 'date' ? /^\d{4}-\d{2}-\d{2}$/ : /^\d{4}-\d{2}$/;
  return [...new Set(table.slice(1).map((r) => normalizeKey(spec, r[at] ?? '')))].filter((k) => shape.test(k)).sort();
}

/** The key of a row: the same file's same row is the same report, however often it is uploaded. */
export const rowKey = (fileHash: string, line: number) => `import:${fileHash.slice(0, 24)}:${line}`;

const sameValues = (fields: string[], a: Record<string, unknown>, b: Record<string, unknown>) =>
  fields.every((f) => Number(a[f]) === Number(b[f]));

export function classifyRows(
  spec: ImportSpec,
  table: string[][],
  entities: ImportEntity[],
  current: CurrentValues,
  today: string,
  fileHash: string,
): ImportRow[] {
  const [header, ...body] = table;
  const at = mapHeaders(spec, header ?? []);
  const find = entityFinder(entities);
  const seen = new Map<string, number>();
  // The file's own rows move an entity's latest as the server will see them, in file order.
  const latest = new Map(entities.map((e) => [e.code, e.latest]));
  const rows: ImportRow[] = [];
  body.forEach((cells, i) => {
    const line = i + 2;
    if (cells.every((c) => c.trim() === '')) return;
    const cell = (f: string) => (at[f] === undefined ? '' : (cells[at[f]] ?? '').trim().replace(/[%％]$/, ''));
    const row: ImportRow = { line, verdict: 'invalid', reasons: [], idempotencyKey: rowKey(fileHash, line) };
    rows.push(row);
    const entity = find(cell('entity'));
    const key = normalizeKey(spec, cell(KEY_FIELD[spec.keyKind]));
    if (!entity) {
      row.reasons.push(spec.unknownEntity(cell('entity')));
      return;
    }
    row.entity = entity;
    row.key = key;
    const values = Object.fromEntries(Object.keys(at).map((f) => [f, cell(f)]));
    const input = spec.toInput(entity.code, key, values);
    const problems = spec.check(input, today, entity);
    if (problems.length) {
      const label = (f: string) => spec.columns.find((c) => c.name === f)?.label ?? [spec.headers[1], f];
      row.reasons.push(
        ...problems.map((p) => ({ zh: `${label(p.field)[0]}${p.zh}`, en: `${label(p.field)[1]} ${p.en}` })),
      );
      return;
    }
    const entityId = `${entity.code}:${key}`;
    const earlier = seen.get(entityId);
    if (earlier !== undefined) {
      row.reasons.push({ zh: `与第 ${earlier} 行重复`, en: `same entry as line ${earlier}` });
      return;
    }
    seen.set(entityId, line);
    row.input = input;
    const old = current.get(entityId);
    if (old && sameValues(spec.compared, old, input)) {
      row.verdict = 'unchanged';
      return;
    }
    const findings = spec.sanity({ ...entity, latest: latest.get(entity.code) }, key, input, old ?? null);
    const blocking = findings.filter((f) => f.needsReason && !input.correctionReason);
    if (blocking.length) {
      row.reasons.push(
        ...blocking.map((f) => ({ zh: `${f.zh}，请在“更正原因”列说明`, en: `${f.en}; give a reason (更正原因)` })),
      );
      return;
    }
    row.verdict = old || input.correctionReason ? 'correction' : 'valid';
    if (old) row.old = old;
    row.reasons.push(...findings.filter((f) => !f.needsReason).map((f) => ({ zh: f.zh, en: f.en })));
    const was = latest.get(entity.code);
    if (spec.advance && key >= (was?.date ?? '')) latest.set(entity.code, spec.advance(key, input));
  });
  return rows;
}

/** The template as CSV (with a BOM so Excel reads the Chinese headers), one example row per entity. */
export function templateCsv(spec: ImportSpec, entities: ImportEntity[], key: string): string {
  const blank = spec.headers.slice(2).map(() => '');
  const lines = [spec.headers.join(','), ...entities.map((e) => [e.label[0], key, ...blank].join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** SHA-256 of the file's bytes, hex. */
export async function fileHash(bytes: ArrayBuffer): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
