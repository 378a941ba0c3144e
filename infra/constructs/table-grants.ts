/**
 * Turns a function's manifest grants into IAM statements: one statement per
 * (grant, action set), limited to the grant's partition-key prefixes with a
 * `dynamodb:LeadingKeys` condition, on the table ARN (and, for reads only,
 * the named index ARNs). Nothing here ever grants `dynamodb:*` or `Resource: *`.
 *
 * The log is append-only: `append` is PutItem alone, and a `write`/`delete`
 * grant whose prefixes could match a `LOG#` key is refused at synth time, so
 * no role can UpdateItem/DeleteItem a log item. (PutItem could overwrite one;
 * IAM cannot tell a create from a replace, so the code always appends with
 * `attribute_not_exists(SK)` and `verifyLog` detects any edit.)
 */
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { PREFIX } from '../../functions/core/store/keys/prefixes.js';
import type { TableAction, TableGrant } from '../../functions/manifest.js';

/** Partition-key prefix of log items (functions/core/store/keys/log.ts `logPk`). */
export const LOG_PREFIX = PREFIX.log;

export const ACTIONS: Record<TableAction, string[]> = {
  read: ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query'],
  scan: ['dynamodb:Scan'],
  append: ['dynamodb:PutItem'],
  write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
  delete: ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'],
};

export interface GrantTarget {
  tableArn: string;
  indexNames: string[];
}

export class GrantError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GrantError';
  }
}

/** True when some key starting with `prefix` (or matching `*`) could be a log item. */
export function coversLog(prefix: string): boolean {
  return prefix === '*' || LOG_PREFIX.startsWith(prefix) || prefix.startsWith(LOG_PREFIX);
}

/** The LeadingKeys patterns for a grant's prefixes: `LOG#` → `LOG#*`, `*` stays `*`. */
export function leadingKeyPatterns(prefixes: string[]): string[] {
  return prefixes.map((p) => (p === '*' ? '*' : `${p}*`));
}

function validate(functionName: string, grant: TableGrant): void {
  if (grant.keyPrefixes.length === 0)
    throw new GrantError(`${functionName}: a ${grant.table} grant names no key prefix`);
  for (const action of grant.actions) {
    if (grant.table === 'hub' && (action === 'write' || action === 'delete') && grant.keyPrefixes.some(coversLog))
      throw new GrantError(
        `${functionName}: '${action}' on the hub table may not cover ${LOG_PREFIX} items (the log is append-only); use 'append'`,
      );
    if (action === 'append' && !(grant.table === 'hub' && grant.keyPrefixes.every((p) => p === LOG_PREFIX)))
      throw new GrantError(`${functionName}: 'append' is only for the hub table's ${LOG_PREFIX} items`);
    if (action === 'scan' && !grant.keyPrefixes.includes('*'))
      throw new GrantError(`${functionName}: 'scan' has no key to limit, grant it with keyPrefixes ['*']`);
  }
}

export function tableGrantStatements(
  functionName: string,
  grants: TableGrant[],
  targets: Record<TableGrant['table'], GrantTarget>,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const grant of grants) {
    validate(functionName, grant);
    const target = targets[grant.table];
    for (const action of grant.actions) {
      const resources = [target.tableArn];
      // Only reads may use indexes (GSIs are read-only anyway); named, not `index/*`.
      if (action === 'read') resources.push(...target.indexNames.map((n) => `${target.tableArn}/index/${n}`));
      statements.push(
        new PolicyStatement({
          sid: `${functionName}${grant.table[0].toUpperCase()}${grant.table.slice(1)}${action[0].toUpperCase()}${action.slice(1)}${statements.length}`,
          effect: Effect.ALLOW,
          actions: ACTIONS[action],
          resources,
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': leadingKeyPatterns(grant.keyPrefixes) },
          },
        }),
      );
    }
  }
  return statements;
}

/** Adds the statements to the role's inline policy. */
export function grantTableAccess(
  role: IRole,
  functionName: string,
  grants: TableGrant[],
  targets: Record<TableGrant['table'], GrantTarget>,
): void {
  for (const statement of tableGrantStatements(functionName, grants, targets)) role.addToPrincipalPolicy(statement);
}
