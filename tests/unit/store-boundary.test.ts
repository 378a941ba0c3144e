/**
 * Acceptance 2 of issue 7: the store helper (functions/core/store/) is the
 * only code that builds a batch or spells a key prefix. Outside it, code gets
 * keys from store/keys/ and batches from store/batch.ts, so a retry rule or a
 * key layout changes in one place. Comments may name prefixes (they explain
 * the key map); code may not.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const SCANNED = ['functions', 'schema', 'infra'];
const STORE = 'functions/core/store/';

// A command class in code (imported or constructed); a quoted command *name* (the emulated IAM
// matches on them) builds nothing.
const BATCH_COMMAND = /(?<!['"`])\bBatch(Get|Write)(Item)?Command\b(?!['"`])/;
/** A string or template literal that starts with a key prefix: 'LOG#', "RM#...", `CONN#${id}`. */
const KEY_PREFIX = /['"`](LOG|ENT|ACT|RM|CKPT|VERIFY|IDEM|CONN|SUB|TOPIC)#/;

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'cdk.out' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|mts|js|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

/**
 * The source with comments blanked (newlines kept, so line numbers hold).
 * Strings and templates are kept verbatim: they are what is checked.
 */
function stripComments(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === "'" || c === '"' || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      out += source.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function offences(pattern: RegExp): string[] {
  const found: string[] = [];
  for (const top of SCANNED) {
    for (const file of sourceFiles(join(ROOT, top))) {
      const rel = relative(ROOT, file).split('\\').join('/');
      if (rel.startsWith(STORE)) continue;
      stripComments(readFileSync(file, 'utf8'))
        .split('\n')
        .forEach((line, n) => {
          if (pattern.test(line)) found.push(`${rel}:${n + 1}: ${line.trim()}`);
        });
    }
  }
  return found;
}

describe('the store boundary', () => {
  it('the scanner sees code, not comments', () => {
    const code = [
      "/** LOG#<domain> / seq, see 'LOG#' in keys/log.ts */",
      '// `CONN#` rows are swept',
      "const a = 'http://example'; const pk = `CONN#` + id;",
      "const sk = 'SUB#' + id; // 'RM#' here is a comment",
      'const url = "a//b"; new BatchWriteCommand({});',
    ].join('\n');
    const lines = stripComments(code).split('\n');
    expect(lines).toHaveLength(5);
    expect(lines.map((l) => KEY_PREFIX.test(l))).toEqual([false, false, true, true, false]);
    expect(lines.map((l) => BATCH_COMMAND.test(l))).toEqual([false, false, false, false, true]);
  });

  it('only functions/core/store/ constructs BatchGet/BatchWrite commands', () => {
    expect(offences(BATCH_COMMAND), 'use batchGet/batchWrite from functions/core/store/batch.ts').toEqual([]);
  });

  it('only functions/core/store/ spells a key prefix', () => {
    expect(offences(KEY_PREFIX), 'build keys with functions/core/store/keys/').toEqual([]);
  });
});
