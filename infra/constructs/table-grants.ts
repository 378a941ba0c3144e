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
import type { TableGrant } from '../../functions/manifest.js';
import { ACTIONS, leadingKeyPatterns, validateGrant } from './table-grant-rules.js';

export { ACTIONS, coversLog, GrantError, LOG_PREFIX, leadingKeyPatterns } from './table-grant-rules.js';

export interface GrantTarget {
  tableArn: string;
  indexNames: string[];
}

export function tableGrantStatements(
  functionName: string,
  grants: TableGrant[],
  targets: Record<TableGrant['table'], GrantTarget>,
): PolicyStatement[] {
  const statements: PolicyStatement[] = [];
  for (const grant of grants) {
    validateGrant(functionName, grant);
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
