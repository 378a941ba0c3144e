/**
 * No source file in functions/, schema/ or infra/ grows past 300 lines: a file
 * that long holds more than one idea, and the next person has to read all of
 * it to change one. Split it by what its parts do.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const MAX_LINES = 300;
const ROOTS = ['functions', 'schema', 'infra'];

/** Lines as an editor counts them: a final newline does not start another line. */
function lineCount(text: string): number {
  if (text === '') return 0;
  return text.replace(/\n$/, '').split('\n').length;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|mts|cts)$/.test(entry.name) ? [path] : [];
  });
}

describe('file size', () => {
  it('counts lines as an editor does', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a')).toBe(1);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\nb\n')).toBe(2);
    expect(lineCount('a\n\n')).toBe(2);
  });

  it(`no .ts file in ${ROOTS.join('/, ')}/ has more than ${MAX_LINES} lines`, () => {
    const files = ROOTS.flatMap((r) => sourceFiles(join(ROOT, r)));
    expect(files.length).toBeGreaterThan(50); // the walk found the tree
    const over = files
      .map((file) => ({ file: relative(ROOT, file), lines: lineCount(readFileSync(file, 'utf8')) }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.file}: ${f.lines} lines`)
      .sort();
    expect(over, `split these files under ${MAX_LINES} lines`).toEqual([]);
  });
});
