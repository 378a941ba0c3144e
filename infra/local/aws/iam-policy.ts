/**
 * The IAM policy the CDK stack gives a function (infra/constructs/table-grants.ts),
 * rebuilt from the same manifest grants and rules, and evaluated the way IAM
 * evaluates it: a request is allowed when ONE statement lists its action and
 * its resource (the table ARN; an index ARN only for reads) and
 * `ForAllValues:StringLike dynamodb:LeadingKeys` holds, i.e. every partition
 * key the request touches matches one of that statement's patterns.
 */
import { CONNECTIONS_TABLE, HUB_TABLE } from '../../../functions/core/store/tables.js';
import type { FunctionSpec, TableGrant } from '../../../functions/manifest.js';
import { ACTIONS, leadingKeyPatterns, validateGrant } from '../../constructs/table-grant-rules.js';

export type TableRef = TableGrant['table'];

export interface IamEnvironment {
  /** Logical table → actual table name (e.g. the embedded runtime's LOCAL_TABLES). */
  tables: Record<TableRef, string>;
  /** Index names per table; default the layouts in functions/core/store/tables.ts (as the stack uses). */
  indexNames?: Record<TableRef, string[]>;
  region?: string;
  account?: string;
}

export interface PolicyStatementLike {
  actions: string[];
  resources: string[];
  /** LeadingKeys patterns (StringLike: `*` and `?` wildcards). */
  leadingKeys: string[];
}

/** One authorization request, as IAM sees it (a batch makes one per table). */
export interface AccessRequest {
  action: string;
  /** Table name as sent. */
  tableName: string;
  indexName?: string;
  /**
   * Partition-key values the request touches; `null` when they cannot be
   * known (e.g. a key condition this emulation cannot read): only `*` covers it.
   */
  leadingKeys: string[] | null;
}

export const DEFAULT_INDEX_NAMES: Record<TableRef, string[]> = {
  hub: HUB_TABLE.indexes.map((i) => i.name),
  connections: CONNECTIONS_TABLE.indexes.map((i) => i.name),
};

export function tableArn(env: IamEnvironment, tableName: string): string {
  return `arn:aws:dynamodb:${env.region ?? 'local'}:${env.account ?? 'local'}:table/${tableName}`;
}

export function resourceArn(env: IamEnvironment, request: Pick<AccessRequest, 'tableName' | 'indexName'>): string {
  const table = tableArn(env, request.tableName);
  return request.indexName ? `${table}/index/${request.indexName}` : table;
}

/** The statements table-grants.ts synthesizes for this function (validated the same way). */
export function policyOf(spec: Pick<FunctionSpec, 'name' | 'grants'>, env: IamEnvironment): PolicyStatementLike[] {
  const indexNames = env.indexNames ?? DEFAULT_INDEX_NAMES;
  const statements: PolicyStatementLike[] = [];
  for (const grant of spec.grants) {
    validateGrant(spec.name, grant);
    const table = tableArn(env, env.tables[grant.table]);
    for (const action of grant.actions) {
      const resources = [table];
      if (action === 'read') resources.push(...indexNames[grant.table].map((n) => `${table}/index/${n}`));
      statements.push({ actions: ACTIONS[action], resources, leadingKeys: leadingKeyPatterns(grant.keyPrefixes) });
    }
  }
  return statements;
}

const likeCache = new Map<string, RegExp>();
/** IAM StringLike: `*` any run of characters, `?` one character, case-sensitive. */
export function stringLike(pattern: string, value: string): boolean {
  let re = likeCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 's');
    likeCache.set(pattern, re);
  }
  return re.test(value);
}

function statementAllows(s: PolicyStatementLike, request: AccessRequest, resource: string): boolean {
  if (!s.actions.includes(request.action) || !s.resources.includes(resource)) return false;
  // A Scan has no partition key to condition on; the manifest only grants it with `*` (validateGrant).
  if (request.action === 'dynamodb:Scan' || request.leadingKeys === null) return s.leadingKeys.includes('*');
  return request.leadingKeys.every((key) => s.leadingKeys.some((p) => stringLike(p, key)));
}

export function isAllowed(policy: PolicyStatementLike[], env: IamEnvironment, request: AccessRequest): boolean {
  const resource = resourceArn(env, request);
  return policy.some((s) => statementAllows(s, request, resource));
}
