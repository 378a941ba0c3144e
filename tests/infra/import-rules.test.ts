/**
 * The import rules of .dependency-cruiser.cjs (run on the repo by
 * `npm run lint:deps`, part of `npm test`) catch what they claim to: each rule
 * is shown a small tree that breaks it, and a tree that follows the layout
 * passes. Without this, a typo in a rule's path would make it pass everything.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/** Files of a fixture tree, path → source. */
type Tree = Record<string, string>;

/** A tree that follows every rule: infra → functions → schema, type imports included. */
const LAWFUL: Tree = {
  'schema/model.ts': 'export interface Street { code: string }\n',
  'schema/services.ts': "import type { Street } from './model.js';\nexport type Streets = () => Street[];\n",
  'functions/core/store/keys.ts': "export const logKey = (d: string) => 'LOG#' + d;\n",
  'functions/core/log/append.ts':
    "import { logKey } from '../store/keys.js';\nimport type { Street } from '../../../schema/model.js';\nexport const a = (s: Street) => logKey(s.code);\n",
  'functions/core/projections/apply.ts': "import { a } from '../log/append.js';\nexport const p = a;\n",
  'functions/http.ts': "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const c = DynamoDBClient;\n",
  'infra/stack.ts':
    "import { App } from 'aws-cdk-lib';\nimport { c } from '../functions/http.js';\nexport const s = [App, c];\n",
  'web/src/main.ts': "import type { Street } from '../../schema/model.js';\nexport const w = (s: Street) => s.code;\n",
};

let work: string;
let options: Awaited<ReturnType<typeof extractDepcruiseOptions>>;
let tsConfig: ReturnType<typeof extractTSConfig>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'import-rules-'));
  options = await extractDepcruiseOptions(join(ROOT, '.dependency-cruiser.cjs'));
  tsConfig = extractTSConfig(join(ROOT, 'tsconfig.json'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

let n = 0;
/** Writes `tree` into a fresh folder (with the repo's node_modules and tsconfig) and returns the rule violations found in it. */
async function violations(tree: Tree): Promise<string[]> {
  const base = join(work, String(n++));
  for (const [path, source] of Object.entries(tree)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), source);
  }
  symlinkSync(join(ROOT, 'node_modules'), join(base, 'node_modules'), 'dir');
  copyFileSync(join(ROOT, 'tsconfig.json'), join(base, 'tsconfig.json'));
  const roots = ['schema', 'functions', 'infra', 'web/src'].filter((d) =>
    Object.keys(tree).some((p) => p.startsWith(d)),
  );
  const cwd = process.cwd();
  process.chdir(base); // dependency-cruiser names modules relative to the working directory
  try {
    const { output } = await cruise(roots, { ...options, baseDir: base }, {}, { tsConfig });
    const result = output as ICruiseResult;
    return result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  } finally {
    process.chdir(cwd);
  }
}

describe('import rules (.dependency-cruiser.cjs)', () => {
  it('pass a tree that follows the layout, type imports and npm packages included', async () => {
    expect(await violations(LAWFUL)).toEqual([]);
  });

  it('refuse an import circle, also one made of type-only imports', async () => {
    const found = await violations({
      ...LAWFUL,
      'functions/core/realtime/protocol.ts': "import type { Ping } from './messages/ping.js';\nexport type P = Ping;\n",
      'functions/core/realtime/messages/ping.ts': "import type { P } from '../protocol.js';\nexport type Ping = P[];\n",
    });
    // One report per circle, from whichever of its files the cruiser met first.
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^no-circular: functions\/core\/realtime\/(protocol|messages\/ping)\.ts → /);
    expect(found[0]).toMatch(/(protocol|messages\/ping)\.ts$/);
  });

  it('refuse functions/ importing infra/ and schema/ importing functions/ or infra/', async () => {
    const found = await violations({
      ...LAWFUL,
      'functions/core/config.ts': "import { s } from '../../infra/stack.js';\nexport const k = s;\n",
      'schema/types/street.ts':
        "import type { c } from '../../functions/http.js';\nimport type { s } from '../../infra/stack.js';\nexport type X = [typeof c, typeof s];\n",
    });
    expect(found).toContain('functions-not-to-infra: functions/core/config.ts → infra/stack.ts');
    expect(found).toContain('schema-not-to-functions-or-infra: schema/types/street.ts → functions/http.ts');
    expect(found).toContain('schema-not-to-functions-or-infra: schema/types/street.ts → infra/stack.ts');
  });

  it('refuse schema/ importing the AWS SDK, Lambda types or the CDK', async () => {
    const found = await violations({
      ...LAWFUL,
      'schema/store.ts':
        "import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nimport type { Handler } from 'aws-lambda';\nimport { Stack } from 'aws-cdk-lib';\nexport type S = [DynamoDBClient, Handler, Stack];\n",
    });
    const rules = found.filter((v) => v.startsWith('schema-no-aws: schema/store.ts'));
    expect(rules).toHaveLength(3);
    expect(rules.join('\n')).toMatch(/node_modules\/@aws-sdk\/client-dynamodb\//);
    expect(rules.join('\n')).toMatch(/node_modules\/@types\/aws-lambda\//);
    expect(rules.join('\n')).toMatch(/node_modules\/aws-cdk-lib\//);
  });

  it('refuse log/ importing projections/', async () => {
    const found = await violations({
      ...LAWFUL,
      'functions/core/projections/entity-item.ts': 'export const entityRoot = (id: string) => id;\n',
      'functions/core/log/domain-head.ts':
        "import { entityRoot } from '../projections/entity-item.js';\nexport const h = entityRoot;\n",
    });
    expect(found).toEqual([
      'log-not-to-projections: functions/core/log/domain-head.ts → functions/core/projections/entity-item.ts',
    ]);
  });

  it('refuse web/src importing the server or the runtimes', async () => {
    const found = await violations({
      ...LAWFUL,
      'web/src/live.ts':
        "import type { c } from '../../functions/http.js';\nimport { s } from '../../infra/stack.js';\nexport const l = [s] as unknown as typeof c;\n",
    });
    expect(found).toEqual([
      'web-only-schema: web/src/live.ts → functions/http.ts',
      'web-only-schema: web/src/live.ts → infra/stack.ts',
    ]);
  });

  it('refuse an import that resolves to nothing', async () => {
    const found = await violations({ ...LAWFUL, 'functions/a.ts': "export * from './gone.js';\n" });
    expect(found).toEqual(['not-to-unresolvable: functions/a.ts → ./gone.js']);
  });
});
