/**
 * Synthesizes the real stack from the real manifest for the infra tests, with
 * Lambda bundling skipped (context `aws:cdk:bundling-stacks: []`), so a file
 * pays for one synth and asserts on the template.
 *
 * An entry file the core has not written yet is stood in for by a fixture
 * handler (NodejsFunction checks the file exists even when not bundling);
 * everything else about that function (environment, grants, routes) still
 * comes from the manifest. `standIns` names them so a test can report it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { FUNCTIONS } from '../../functions/manifest.js';
import { HubStack } from '../../infra/stack.js';
import { readStackConfig } from '../../infra/stack-config.js';

// aws-cdk-lib's built-in CloudFormation schema validation costs ~3 s per synth
// on this machine; `npm run synth` still runs it, the unit tests assert on the
// template themselves.
process.env.CDK_VALIDATION = 'false';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'tests/infra/fixtures');
export const FIXTURE_ENTRY = join(FIXTURES, 'handler.ts');

export interface Synthesized {
  app: App;
  stack: HubStack;
  template: Template;
  json: { Resources: Record<string, CfnResource> };
  standIns: string[];
}

export interface CfnResource {
  Type: string;
  // biome-ignore lint/suspicious/noExplicitAny: template JSON is untyped; tests navigate it and assert on shape.
  Properties?: Record<string, any>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  Metadata?: Record<string, unknown>;
}

/**
 * `env`: a concrete account/region, as `cdk deploy` with credentials gives the
 * stack (ARNs and cdk-nag findings render differently than env-agnostic).
 */
export function synthHubStack(
  context: Record<string, unknown> = {},
  env?: { account: string; region: string },
): Synthesized {
  const app = new App({
    context: { 'aws:cdk:bundling-stacks': [], webDist: 'tests/infra/fixtures/web-dist', ...context },
  });
  const config = readStackConfig((key) => app.node.tryGetContext(key));
  const standIns = FUNCTIONS.filter((f) => !existsSync(join(ROOT, f.entry))).map((f) => f.name);
  const stack = new HubStack(app, 'Test', {
    config,
    projectRoot: ROOT,
    entryOverrides: Object.fromEntries(standIns.map((name) => [name, FIXTURE_ENTRY])),
    env,
  });
  const template = Template.fromStack(stack);
  return { app, stack, template, json: template.toJSON() as Synthesized['json'], standIns };
}

export function resourcesOfType(json: Synthesized['json'], type: string): [string, CfnResource][] {
  return Object.entries(json.Resources).filter(([, r]) => r.Type === type);
}

/** Logical id of a manifest function's AWS::Lambda::Function. */
export function functionLogicalId(s: Synthesized, name: string): string {
  const handler = s.stack.handlers.get(name);
  if (!handler) throw new Error(`no handler ${name}`);
  return s.stack.getLogicalId(handler.fn.node.defaultChild as never);
}

/** Logical id of a manifest function's role. */
export function roleLogicalId(s: Synthesized, name: string): string {
  const handler = s.stack.handlers.get(name);
  if (!handler) throw new Error(`no handler ${name}`);
  return s.stack.getLogicalId(handler.role.node.defaultChild as never);
}

/** Replaces CloudFormation intrinsics with plain strings (Ref/GetAtt → `dummy`), keeping Fn::Join literals. */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['Fn::Join'])) {
      const [sep, parts] = v['Fn::Join'] as [string, unknown[]];
      return parts.map(flatten).join(sep);
    }
  }
  return 'dummy';
}

/** Every IAM statement in the template with the logical ids of the roles it is attached to. */
export interface AttachedStatement {
  roles: string[];
  policy: string;
  Action: string[];
  Resource: unknown[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const asArray = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

export function iamStatements(json: Synthesized['json']): AttachedStatement[] {
  const out: AttachedStatement[] = [];
  for (const [id, r] of resourcesOfType(json, 'AWS::IAM::Policy')) {
    const roles = asArray<{ Ref: string }>(r.Properties?.Roles).map((ref) => ref.Ref);
    type Statement = Omit<AttachedStatement, 'roles' | 'policy'> & { Effect: string };
    for (const st of asArray<Statement>(r.Properties?.PolicyDocument?.Statement)) {
      if (st.Effect !== 'Allow') continue;
      out.push({
        roles,
        policy: id,
        Action: asArray(st.Action),
        Resource: asArray(st.Resource),
        Condition: st.Condition,
      });
    }
  }
  return out;
}

/** True if `value` matches an IAM StringLike pattern (`*` any run, `?` one char). */
export function iamLike(pattern: string, value: string): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(value);
}
