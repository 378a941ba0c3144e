/**
 * Emulated IAM for the embedded runtime: a middleware on a DynamoDBClient (the
 * document client shares its stack) that checks every command against ONE
 * function's grants in functions/manifest.ts, as the function's role would on
 * AWS. A refused call fails before it reaches the store, with the error AWS
 * returns: name `AccessDeniedException`, HTTP 400, and the message
 * "User: arn:aws:sts::local:assumed-role/<Function>/<Function> is not
 * authorized to perform: dynamodb:PutItem on resource: arn:...:table/<table>
 * because no identity-based policy allows the dynamodb:PutItem action".
 *
 * What a command asks IAM for (dynamodb:LeadingKeys is the partition key):
 *   GetItem/UpdateItem/DeleteItem: Key.PK · PutItem: Item.PK
 *   Query: the partition-key value of the key condition (on an index, the index's partition key)
 *   BatchGetItem/BatchWriteItem: one request per table, with every key's PK
 *   TransactGet/WriteItems: one request per item, with its own action
 *   Scan: no key (only a `*` grant allows it) · anything else (DescribeTable, ...): not granted
 */
import { DynamoDBServiceException } from '@aws-sdk/client-dynamodb';
import { CONNECTIONS_TABLE, HUB_TABLE } from '../../../functions/core/store/tables.js';
import type { FunctionSpec } from '../../../functions/manifest.js';
import {
  type AccessRequest,
  type IamEnvironment,
  isAllowed,
  policyOf,
  resourceArn,
  type TableRef,
} from './iam-policy.js';

type Attr = unknown;
type Input = Record<string, unknown>;

/** A value in either document form (`'LOG#x'`) or marshalled form (`{ S: 'LOG#x' }`). */
function str(v: Attr): string | undefined {
  if (typeof v === 'string') return v;
  const s = (v as { S?: unknown } | undefined)?.S;
  return typeof s === 'string' ? s : undefined;
}

function keysOf(item: unknown, attribute: string): string[] | null {
  const v = str((item as Record<string, Attr> | undefined)?.[attribute]);
  return v === undefined ? null : [v];
}

function joinKeys(parts: (string[] | null)[]): string[] | null {
  return parts.some((p) => p === null) ? null : (parts.flat() as string[]);
}

/** The partition-key attribute of a table or one of its indexes. */
function partitionAttribute(env: IamEnvironment, tableName: string, indexName?: string): string {
  const layout = tableName === env.tables.connections ? CONNECTIONS_TABLE : HUB_TABLE;
  if (!indexName) return layout.partitionKey.name;
  return layout.indexes.find((i) => i.name === indexName)?.partitionKey.name ?? layout.partitionKey.name;
}

/** The partition-key value in a Query's key condition (`#pk = :v`, `PK = :v AND ...`, legacy KeyConditions). */
export function queryLeadingKey(input: Input, attribute: string): string | null {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, Attr>;
  const expr = input.KeyConditionExpression;
  if (typeof expr === 'string') {
    for (const clause of expr.split(/\s+and\s+/i)) {
      const m = clause
        .trim()
        .replace(/^\(+|\)+$/g, '')
        .trim()
        .match(/^([#:\w.]+)\s*=\s*([#:\w.]+)$/);
      if (!m) continue;
      for (const [lhs, rhs] of [
        [m[1], m[2]],
        [m[2], m[1]],
      ]) {
        if ((names[lhs] ?? lhs) === attribute && rhs.startsWith(':')) return str(values[rhs]) ?? null;
      }
    }
    return null;
  }
  const legacy = (input.KeyConditions as Record<string, { AttributeValueList?: Attr[] }> | undefined)?.[attribute];
  return str(legacy?.AttributeValueList?.[0]) ?? null;
}

const SINGLE: Record<string, { action: string; key: 'Key' | 'Item' }> = {
  GetItemCommand: { action: 'dynamodb:GetItem', key: 'Key' },
  PutItemCommand: { action: 'dynamodb:PutItem', key: 'Item' },
  UpdateItemCommand: { action: 'dynamodb:UpdateItem', key: 'Key' },
  DeleteItemCommand: { action: 'dynamodb:DeleteItem', key: 'Key' },
};

const TRANSACT: Record<string, { action: string; key: 'Key' | 'Item' }> = {
  Get: SINGLE.GetItemCommand,
  Put: SINGLE.PutItemCommand,
  Update: SINGLE.UpdateItemCommand,
  Delete: SINGLE.DeleteItemCommand,
  ConditionCheck: { action: 'dynamodb:ConditionCheckItem', key: 'Key' },
};

/** What IAM is asked to authorize for one command. */
export function accessRequests(commandName: string, input: Input, env: IamEnvironment): AccessRequest[] {
  const tableName = String(input.TableName ?? '');
  const single = SINGLE[commandName];
  if (single) {
    const pk = partitionAttribute(env, tableName);
    return [{ action: single.action, tableName, leadingKeys: keysOf(input[single.key], pk) }];
  }
  switch (commandName) {
    case 'QueryCommand': {
      const indexName = typeof input.IndexName === 'string' ? input.IndexName : undefined;
      const key = queryLeadingKey(input, partitionAttribute(env, tableName, indexName));
      return [{ action: 'dynamodb:Query', tableName, indexName, leadingKeys: key === null ? null : [key] }];
    }
    case 'ScanCommand': {
      const indexName = typeof input.IndexName === 'string' ? input.IndexName : undefined;
      return [{ action: 'dynamodb:Scan', tableName, indexName, leadingKeys: [] }];
    }
    case 'BatchGetItemCommand': {
      const items = (input.RequestItems ?? {}) as Record<string, { Keys?: unknown[] }>;
      return Object.entries(items).map(([name, req]) => ({
        action: 'dynamodb:BatchGetItem',
        tableName: name,
        leadingKeys: joinKeys((req.Keys ?? []).map((k) => keysOf(k, partitionAttribute(env, name)))),
      }));
    }
    case 'BatchWriteItemCommand': {
      const items = (input.RequestItems ?? {}) as Record<
        string,
        { PutRequest?: { Item?: unknown }; DeleteRequest?: { Key?: unknown } }[]
      >;
      return Object.entries(items).map(([name, reqs]) => ({
        action: 'dynamodb:BatchWriteItem',
        tableName: name,
        leadingKeys: joinKeys(
          reqs.map((r) => keysOf(r.PutRequest?.Item ?? r.DeleteRequest?.Key, partitionAttribute(env, name))),
        ),
      }));
    }
    case 'TransactGetItemsCommand':
    case 'TransactWriteItemsCommand':
      return ((input.TransactItems ?? []) as Record<string, Input>[]).flatMap((item) =>
        Object.entries(item).flatMap(([kind, op]) => {
          const t = TRANSACT[kind];
          if (!t) return [];
          const name = String(op.TableName ?? '');
          return [{ action: t.action, tableName: name, leadingKeys: keysOf(op[t.key], partitionAttribute(env, name)) }];
        }),
      );
    default:
      return [{ action: `dynamodb:${commandName.replace(/Command$/, '')}`, tableName, leadingKeys: null }];
  }
}

export interface IamGuardOptions extends IamEnvironment {
  spec: Pick<FunctionSpec, 'name' | 'grants'>;
  /** Deployed function / role name in messages; default the manifest's logical name. */
  roleName?: string;
  /** Called on every refusal (tests, logs). */
  onDenied?: (error: DynamoDBServiceException, request: AccessRequest) => void;
}

export function accessDenied(options: IamGuardOptions, request: AccessRequest): DynamoDBServiceException {
  const role = options.roleName ?? options.spec.name;
  const resource = resourceArn(options, request);
  return new DynamoDBServiceException({
    name: 'AccessDeniedException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 1, totalRetryDelay: 0 },
    message: `User: arn:aws:sts::${options.account ?? 'local'}:assumed-role/${role}/${role} is not authorized to perform: ${request.action} on resource: ${resource} because no identity-based policy allows the ${request.action} action`,
  });
}

/** A checker for one function: throws AccessDeniedException for a command outside its grants. */
export function createIamChecker(options: IamGuardOptions): (commandName: string, input: Input) => void {
  const policy = policyOf(options.spec, options);
  return (commandName, input) => {
    for (const request of accessRequests(commandName, input, options)) {
      if (isAllowed(policy, options, request)) continue;
      const error = accessDenied(options, request);
      options.onDenied?.(error, request);
      throw error;
    }
  };
}

interface MiddlewareClient {
  middlewareStack: {
    // biome-ignore lint/suspicious/noExplicitAny: the SDK's middleware stack is generic over every command
    add(middleware: any, options: any): void;
  };
}

/**
 * Guards a DynamoDBClient (and every DynamoDBDocumentClient made from it: they
 * share its middleware stack). Give each emulated function its own client.
 * Checked at the build step, after the document client marshalled the input
 * and before the request is signed, sent or retried.
 */
export function guardDynamoClient<C extends MiddlewareClient>(client: C, options: IamGuardOptions): C {
  const check = createIamChecker(options);
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { input: Input }) => {
        check(context.commandName ?? '', args.input ?? {});
        return next(args);
      },
    { step: 'build', name: 'emulatedIamGuard', override: true },
  );
  return client;
}

export type { AccessRequest, IamEnvironment, TableRef };
