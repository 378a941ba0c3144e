/**
 * Run after `cdk synth` (`npm run synth` does): checks that the cloud assembly
 * holds one bundled asset per manifest handler, each an ESM `index.mjs` with
 * the createRequire banner and its source map, so a synth that silently skipped
 * bundling (or bundled the wrong thing) fails here rather than at deploy.
 *
 *   npx tsx infra/check-assembly.ts [cdk.out]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTIONS } from '../functions/manifest.js';
import { ESM_REQUIRE_BANNER } from './constructs/handler-function.js';

interface TemplateResource {
  Type: string;
  Properties?: { Code?: { S3Key?: string } };
}

export function checkAssembly(outdir: string): string[] {
  const problems: string[] = [];
  const templates = readdirSync(outdir).filter((f) => f.endsWith('.template.json'));
  if (templates.length === 0) return [`no template in ${outdir}; run cdk synth first`];
  for (const file of templates) {
    const resources: Record<string, TemplateResource> = JSON.parse(readFileSync(join(outdir, file), 'utf8')).Resources;
    for (const spec of FUNCTIONS) {
      // Logical id of the construct path `<name>Function/Fn/Resource` (see infra/stack.ts).
      const id = Object.keys(resources).find((k) => new RegExp(`^${spec.name}FunctionFn[0-9A-F]{8}$`).test(k));
      const key =
        id && resources[id].Type === 'AWS::Lambda::Function' ? resources[id].Properties?.Code?.S3Key : undefined;
      const assetPath = key ? `asset.${key.replace(/\.zip$/, '')}` : undefined;
      if (!assetPath) {
        problems.push(`${file}: ${spec.name} has no function or no asset`);
        continue;
      }
      const dir = join(outdir, assetPath);
      const code = existsSync(join(dir, 'index.mjs')) ? readFileSync(join(dir, 'index.mjs'), 'utf8') : '';
      if (!code.startsWith(ESM_REQUIRE_BANNER))
        problems.push(`${spec.name}: ${assetPath}/index.mjs missing or not our ESM bundle`);
      if (!existsSync(join(dir, 'index.mjs.map'))) problems.push(`${spec.name}: ${assetPath}/index.mjs.map missing`);
      else console.log(`${spec.name}: ${assetPath} (${(code.length / 1024).toFixed(0)} KiB)`);
    }
  }
  return problems;
}

const problems = checkAssembly(process.argv[2] ?? 'cdk.out');
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
