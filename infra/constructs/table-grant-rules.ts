/**
 * The rules that turn a manifest `TableGrant` into IAM terms, without CDK
 * imports: the stack (table-grants.ts) builds policy statements from them and
 * the embedded runtime (infra/local/aws/iam-guard.ts) enforces the very same
 * statements per command, so both read one copy.
 */

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

/** Refuses grants the stack must never synthesize (a writable log, a scoped scan). */
export function validateGrant(functionName: string, grant: TableGrant): void {
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
