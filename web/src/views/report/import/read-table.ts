/**
 * A spreadsheet file as rows of text cells: CSV through papaparse, .xlsx
 * through read-excel-file (a maintained reader a fraction of exceljs's size).
 * Both load on demand, so only a reporter who imports pays for them.
 */
export async function readTable(name: string, bytes: ArrayBuffer): Promise<string[][]> {
  if (/\.xlsx$/i.test(name)) {
    const { readSheet } = await import('read-excel-file/browser');
    const rows = await readSheet(bytes);
    return rows.map((r) => r.map(cellText));
  }
  if (/\.(csv|txt)$/i.test(name)) {
    const { default: Papa } = await import('papaparse');
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    const parsed = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' });
    if (parsed.errors.length && parsed.data.length === 0)
      throw new Error(`CSV 无法读取 / unreadable CSV: ${parsed.errors[0].message}`);
    return parsed.data;
  }
  throw new Error(`只支持 .csv 和 .xlsx 文件（收到 ${name}）/ only .csv and .xlsx files are accepted (got ${name})`);
}

/** Excel stores dates as Date cells and percentages as fractions when formatted as %; both come back as text here. */
function cellText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v === null || v === undefined) return '';
  return String(v);
}
